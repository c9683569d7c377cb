import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import { AnyRole, CurrentActor, Public, type Actor } from '../common/access.js';
import { ChangePasswordDto, LoginDto, TokenResponse, UserResponse } from './auth.dto.js';
import { AuthService } from './auth.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Rate-limited per address and e-mail, and per address overall. */
  @Post('login')
  @HttpCode(200)
  @Public()
  @UseGuards(ThrottlerGuard)
  login(@Body() dto: LoginDto): Promise<TokenResponse> {
    return this.auth.login(dto);
  }

  @Get('me')
  @AnyRole()
  @ApiBearerAuth()
  me(@CurrentActor() actor: Actor): Promise<UserResponse> {
    return this.auth.me(actor);
  }

  @Post('password')
  @HttpCode(204)
  @AnyRole()
  @ApiBearerAuth()
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(actor, dto);
  }
}

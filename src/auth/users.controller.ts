import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { PageQuery } from '../common/pagination.js';
import {
  CreatedUserResponse,
  CreateUserDto,
  PasswordResetResponse,
  ResetPasswordDto,
  UpdateUserDto,
  UserPage,
  UserResponse,
} from './auth.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(@Query() query: PageQuery): Promise<UserPage> {
    return this.users.list(query);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<CreatedUserResponse> {
    return this.users.create(actor, dto);
  }

  @Get(':id')
  get(@IdParam() id: string): Promise<UserResponse> {
    return this.users.get(id);
  }

  /** Sets a new password (given or generated); ends the user's tokens and web sessions. */
  @Post(':id/password-reset')
  @HttpCode(200)
  resetPassword(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<PasswordResetResponse> {
    return this.users.resetPassword(actor, id, dto);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserResponse> {
    return this.users.update(actor, id, dto);
  }
}

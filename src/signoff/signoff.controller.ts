import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, StaffOnly, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { SignoffRequestsService } from './signoff-requests.service.js';
import { CreateSignoffDto, RevokeSignoffDto, SignoffRequestResponse } from './signoff.dto.js';

@ApiTags('sign-off')
@ApiBearerAuth()
@Controller('signoffs')
export class SignoffController {
  constructor(private readonly requests: SignoffRequestsService) {}

  /** Sends a document version to signatory contacts: one personal link each, by e-mail. */
  @Post()
  @StaffOnly()
  send(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateSignoffDto,
  ): Promise<SignoffRequestResponse> {
    return this.requests.send(actor, dto);
  }

  @Get(':id')
  @StaffOnly()
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<SignoffRequestResponse> {
    return this.requests.get(actor, id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @StaffOnly()
  revoke(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: RevokeSignoffDto,
  ): Promise<SignoffRequestResponse> {
    return this.requests.revoke(actor, id, dto);
  }
}

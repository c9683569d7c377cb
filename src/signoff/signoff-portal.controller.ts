import { Body, Controller, Get, HttpCode, Post, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { Client } from './signoff-client.js';
import type { ClientContext } from './signoff-decisions.service.js';
import { SignoffPortalService } from './signoff-portal.service.js';
import {
  DeclineSignoffDto,
  PortalApproveSignoffDto,
  PortalSignoffResponse,
  SignoffEvidenceResponse,
} from './signoff.dto.js';

@ApiTags('sign-off')
@ApiBearerAuth()
@Controller('portal/signoffs')
export class SignoffPortalController {
  constructor(private readonly portal: SignoffPortalService) {}

  @Get()
  @Roles('customer')
  pending(@CurrentActor() actor: Actor): Promise<PortalSignoffResponse[]> {
    return this.portal.pending(actor);
  }

  @Get(':id/document')
  @Roles('customer')
  document(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<StreamableFile> {
    return this.portal.document(actor, id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Roles('customer')
  approve(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Client() client: ClientContext,
    @Body() dto: PortalApproveSignoffDto,
  ): Promise<SignoffEvidenceResponse> {
    return this.portal.approve(actor, id, client, dto);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles('customer')
  decline(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Client() client: ClientContext,
    @Body() dto: DeclineSignoffDto,
  ): Promise<SignoffEvidenceResponse> {
    return this.portal.decline(actor, id, client, dto);
  }
}

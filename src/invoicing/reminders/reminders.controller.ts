import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../../common/access.js';
import { IdParam } from '../../common/id-param.js';
import { InvoicingSettingsService } from '../invoicing-settings.service.js';
import {
  ConfirmRemindersDto,
  DunningSettingsDto,
  DunningSettingsResponse,
  ReminderClaimResponse,
  ReminderResponse,
  ReminderRunQuery,
  ReminderRunResponse,
} from './reminders.dto.js';
import { RemindersService } from './reminders.service.js';

/** Payment reminders: settings, the run (proposal, confirmation), the reminders of an invoice. */
@ApiTags('invoices')
@ApiBearerAuth()
@Controller('invoices')
export class RemindersController {
  constructor(
    private readonly reminders: RemindersService,
    private readonly settings: InvoicingSettingsService,
  ) {}

  @Get('reminders/settings')
  @Roles('finance', 'admin')
  dunningSettings(): Promise<DunningSettingsResponse> {
    return this.settings.dunningResponse();
  }

  @Put('reminders/settings')
  @Roles('finance', 'admin')
  updateDunningSettings(
    @CurrentActor() actor: Actor,
    @Body() dto: DunningSettingsDto,
  ): Promise<DunningSettingsResponse> {
    return this.settings.updateDunning(actor, dto);
  }

  /** What is due on `on` (default today): the proposal finance confirms. */
  @Get('reminders/proposal')
  @Roles('finance', 'admin')
  @ApiOkResponse({ type: [ReminderClaimResponse] })
  proposal(
    @CurrentActor() actor: Actor,
    @Query() query: ReminderRunQuery,
  ): Promise<ReminderClaimResponse[]> {
    return this.reminders.propose(actor, query.on);
  }

  /** Sends the reminders due today of the chosen `invoiceIds`; confirming twice sends nothing twice. */
  @Post('reminders/run')
  @Roles('finance', 'admin')
  run(
    @CurrentActor() actor: Actor,
    @Body() dto: ConfirmRemindersDto,
  ): Promise<ReminderRunResponse> {
    return this.reminders.confirm(actor, dto);
  }

  @Get('reminders')
  @Roles('finance', 'admin')
  @ApiOkResponse({ type: [ReminderResponse] })
  recent(@CurrentActor() actor: Actor): Promise<ReminderResponse[]> {
    return this.reminders.recent(actor);
  }

  @Get(':id/reminders')
  @Roles('finance', 'admin')
  @ApiOkResponse({ type: [ReminderResponse] })
  forInvoice(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ReminderResponse[]> {
    return this.reminders.forInvoice(actor, id);
  }
}

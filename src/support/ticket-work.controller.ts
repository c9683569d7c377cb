import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, StaffOnly, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { KeysetPageQuery, PageQuery } from '../common/pagination.js';
import { TicketDetailResponse } from './dto/ticket.dto.js';
import {
  CostDecisionDto,
  CreateQuoteDto,
  CreateTimeEntryDto,
  CustomerNoticeDto,
  GoodwillDto,
  PersonalDataActionDto,
  PersonalDataActionPage,
  PersonalDataActionResponse,
  QuoteDecisionDto,
  QuotePage,
  QuoteResponse,
  SupportTimeEntryPage,
  SupportTimeEntryResponse,
} from './dto/work.dto.js';
import { PersonalDataService } from './personal-data.service.js';
import { QuotesService } from './quotes.service.js';
import { TicketDecisionsService } from './ticket-decisions.service.js';
import { TimeEntriesService } from './time-entries.service.js';

/** Work on one ticket: cost decision, goodwill, notices, quotes, time, AV-gated actions. */
@ApiTags('support')
@ApiBearerAuth()
@Controller('support/tickets/:id')
export class TicketWorkController {
  constructor(
    private readonly decisions: TicketDecisionsService,
    private readonly quotes: QuotesService,
    private readonly time: TimeEntriesService,
    private readonly personalData: PersonalDataService,
  ) {}

  /** The cause sets the default category; another category needs a reason. */
  @Post('cost-decision')
  @HttpCode(200)
  @StaffOnly()
  decide(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CostDecisionDto,
  ): Promise<TicketDetailResponse> {
    return this.decisions.decide(actor, id, dto);
  }

  @Put('goodwill')
  @StaffOnly()
  setGoodwill(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: GoodwillDto,
  ): Promise<TicketDetailResponse> {
    return this.decisions.setGoodwill(actor, id, dto);
  }

  /** Tells the customer that analysis shows their own error, before billable work starts. */
  @Post('customer-notices')
  @StaffOnly()
  notifyCustomer(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CustomerNoticeDto,
  ): Promise<TicketDetailResponse> {
    return this.decisions.notifyCustomer(actor, id, dto);
  }

  @Post('quotes')
  @StaffOnly()
  proposeQuote(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateQuoteDto,
  ): Promise<QuoteResponse> {
    return this.quotes.propose(actor, id, dto);
  }

  @Get('quotes')
  @AnyRole()
  listQuotes(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: PageQuery,
  ): Promise<QuotePage> {
    return this.quotes.list(actor, id, query);
  }

  /** The customer approves with an empty body; staff record via, decidedByName and decidedAt. */
  @Post('quotes/:quoteId/approve')
  @HttpCode(200)
  @AnyRole()
  approveQuote(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('quoteId') quoteId: string,
    @Body() dto: QuoteDecisionDto,
  ): Promise<QuoteResponse> {
    return this.quotes.approve(actor, id, quoteId, dto);
  }

  @Post('quotes/:quoteId/decline')
  @HttpCode(200)
  @AnyRole()
  declineQuote(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('quoteId') quoteId: string,
    @Body() dto: QuoteDecisionDto,
  ): Promise<QuoteResponse> {
    return this.quotes.decline(actor, id, quoteId, dto);
  }

  /** Billable time beyond the threshold or the approved effort is refused with 409. */
  @Post('time-entries')
  @StaffOnly()
  logTime(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateTimeEntryDto,
  ): Promise<SupportTimeEntryResponse> {
    return this.time.log(actor, id, dto);
  }

  @Get('time-entries')
  @StaffOnly()
  listTime(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: KeysetPageQuery,
  ): Promise<SupportTimeEntryPage> {
    return this.time.list(actor, id, query);
  }

  /** Goodwill on one entry (e.g. its analysis fee), ahead of the ticket's; not once invoiced. */
  @Put('time-entries/:entryId/goodwill')
  @StaffOnly()
  setEntryGoodwill(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('entryId') entryId: string,
    @Body() dto: GoodwillDto,
  ): Promise<SupportTimeEntryResponse> {
    return this.time.setGoodwill(actor, id, entryId, dto);
  }

  /** Remote session, log analysis, installation, monitoring: only under an AV agreement (else 409). */
  @Post('personal-data-actions')
  @StaffOnly()
  recordPersonalDataAction(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: PersonalDataActionDto,
  ): Promise<PersonalDataActionResponse> {
    return this.personalData.record(actor, id, dto);
  }

  @Get('personal-data-actions')
  @StaffOnly()
  listPersonalDataActions(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: PageQuery,
  ): Promise<PersonalDataActionPage> {
    return this.personalData.list(actor, id, query);
  }
}

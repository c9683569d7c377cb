import { Body, Get, Post, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import type { Upload } from '../attachment-rules.js';
import { Uploaded } from '../attachment-upload.js';
import { PersonalDataService } from '../personal-data.service.js';
import { QuotesService } from '../quotes.service.js';
import { SupportTimersService } from '../support-timers.service.js';
import { TicketAttachmentsService } from '../ticket-attachments.service.js';
import { TicketDecisionsService } from '../ticket-decisions.service.js';
import { TicketsService } from '../tickets.service.js';
import { TimeEntriesService } from '../time-entries.service.js';
import {
  PageCostDecisionForm,
  PageGoodwillForm,
  PageNoteForm,
  PageNoticeForm,
  PagePersonalDataForm,
  PageQuoteForm,
  PageTimeEntryForm,
  RecordQuoteDecisionForm,
  TicketAssignForm,
  TicketSeverityForm,
  TicketStatusForm,
  TimerStartForm,
  TimerStopForm,
} from './support-pages.dto.js';
import { SUPPORT_STAFF } from './support-queue.page.controller.js';

const ticketPath = (id: string) => `/console/support/tickets/${id}`;

/** The ticket page's forms: each one service call, then back to the ticket (post → redirect → get). */
@PageController('console/support/tickets/:id')
export class SupportTicketPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly tickets: TicketsService,
    private readonly decisions: TicketDecisionsService,
    private readonly quotes: QuotesService,
    private readonly time: TimeEntriesService,
    private readonly timers: SupportTimersService,
    private readonly personalData: PersonalDataService,
    private readonly attachments: TicketAttachmentsService,
  ) {}

  @Post('status')
  @PageRoles(...SUPPORT_STAFF)
  async status(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: TicketStatusForm,
    @Res() res: Response,
  ) {
    await this.tickets.changeStatus(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.status');
  }

  @Post('severity')
  @PageRoles(...SUPPORT_STAFF)
  async severity(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: TicketSeverityForm,
    @Res() res: Response,
  ) {
    await this.tickets.update(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.saved');
  }

  @Post('assign')
  @PageRoles(...SUPPORT_STAFF)
  async assign(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: TicketAssignForm,
    @Res() res: Response,
  ) {
    const assigneeId = form.assignee === 'me' ? page.actor.userId : null;
    await this.tickets.update(page.actor, id, { assigneeId, version: form.version });
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.saved');
  }

  @Post('cost-decision')
  @PageRoles(...SUPPORT_STAFF)
  async costDecision(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PageCostDecisionForm,
    @Res() res: Response,
  ) {
    await this.decisions.decide(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.decided');
  }

  @Post('goodwill')
  @PageRoles(...SUPPORT_STAFF)
  async goodwill(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PageGoodwillForm,
    @Res() res: Response,
  ) {
    await this.decisions.setGoodwill(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.goodwill.notice');
  }

  @Post('time-entries/:entryId/goodwill')
  @PageRoles(...SUPPORT_STAFF)
  async entryGoodwill(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('entryId') entryId: string,
    @Body() form: PageGoodwillForm,
    @Res() res: Response,
  ) {
    await this.time.setGoodwill(page.actor, id, entryId, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.goodwill.notice');
  }

  @Post('notes')
  @PageRoles(...SUPPORT_STAFF)
  async note(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PageNoteForm,
    @Uploaded() upload: Upload,
    @Res() res: Response,
  ) {
    await this.attachments.addNote(page.actor, id, form, upload);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.noteAdded');
  }

  @Get('attachments/:attachmentId')
  @PageRoles(...SUPPORT_STAFF)
  attachment(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('attachmentId') attachmentId: string,
  ): Promise<StreamableFile> {
    return this.attachments.download(page.actor, id, attachmentId);
  }

  @Post('customer-notice')
  @PageRoles(...SUPPORT_STAFF)
  async notice(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PageNoticeForm,
    @Res() res: Response,
  ) {
    await this.decisions.notifyCustomer(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.notified');
  }

  @Post('quotes')
  @PageRoles(...SUPPORT_STAFF)
  async quote(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PageQuoteForm,
    @Res() res: Response,
  ) {
    await this.quotes.propose(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.quoted');
  }

  /** A decision the customer gave by phone, e-mail or on paper, recorded with who and how. */
  @Post('quotes/:quoteId/decision')
  @PageRoles(...SUPPORT_STAFF)
  async quoteDecision(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('quoteId') quoteId: string,
    @Body() form: RecordQuoteDecisionForm,
    @Res() res: Response,
  ) {
    const { decision, ...recorded } = form;
    if (decision === 'approve') await this.quotes.approve(page.actor, id, quoteId, recorded);
    else await this.quotes.decline(page.actor, id, quoteId, recorded);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.saved');
  }

  @Post('time-entries')
  @PageRoles(...SUPPORT_STAFF)
  async timeEntry(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PageTimeEntryForm,
    @Res() res: Response,
  ) {
    await this.time.log(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.timeLogged');
  }

  @Post('timer/start')
  @PageRoles(...SUPPORT_STAFF)
  async startTimer(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: TimerStartForm,
    @Res() res: Response,
  ) {
    await this.timers.start(page.actor, id, form.serviceId);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.timerStarted');
  }

  @Post('timer/stop')
  @PageRoles(...SUPPORT_STAFF)
  async stopTimer(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: TimerStopForm,
    @Res() res: Response,
  ) {
    await this.timers.stop(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.timeLogged');
  }

  @Post('personal-data-actions')
  @PageRoles(...SUPPORT_STAFF)
  async personalDataAction(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PagePersonalDataForm,
    @Res() res: Response,
  ) {
    await this.personalData.record(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'support.notice.saved');
  }
}

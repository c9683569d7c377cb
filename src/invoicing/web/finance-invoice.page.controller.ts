import { Body, Get, Post, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { InvoiceCancellingService } from '../invoice-cancelling.service.js';
import { InvoiceDraftsService } from '../invoice-drafts.service.js';
import { InvoiceReader } from '../invoice-reader.service.js';
import { InvoiceSendingService } from '../invoice-sending.service.js';
import {
  PageCancelDto,
  PageDraftDto,
  PageIssueDto,
  PagePaymentDto,
  PageSendDto,
} from './finance-pages.dto.js';
import { FinanceActionsService } from './finance-actions.service.js';
import { FinancePagesService } from './finance-pages.service.js';
import { FINANCE } from './finance.page.controller.js';

const at = (id: string, anchor = '') => `/console/finance/invoices/${id}${anchor}`;

/** One invoice: the draft's editor, issuing, the PDF and XML, payments, sending, cancelling. */
@PageController('console/finance/invoices/:id')
export class FinanceInvoicePageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: FinancePagesService,
    private readonly actions: FinanceActionsService,
    private readonly reader: InvoiceReader,
    private readonly drafts: InvoiceDraftsService,
    private readonly cancelling: InvoiceCancellingService,
    private readonly sending: InvoiceSendingService,
  ) {}

  @Get()
  @PageRoles(...FINANCE)
  async show(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    const missing = page.flash?.error?.fields.missing ?? [];
    const view = await this.pages.invoice(page.actor, id, missing, page.locale);
    this.renderer.page(res, 'finance/invoice', view, page);
  }

  /** The issued PDF/A-3 (inline; the page's download link saves it). */
  @Get('pdf')
  @PageRoles(...FINANCE)
  pdf(@CurrentPage() page: SignedInPage, @IdParam() id: string): Promise<StreamableFile> {
    return this.reader.pdf(page.actor, id);
  }

  @Get('xml')
  @PageRoles(...FINANCE)
  xml(@CurrentPage() page: SignedInPage, @IdParam() id: string): Promise<StreamableFile> {
    return this.reader.xml(page.actor, id);
  }

  /** Saves the draft; htmx gets the lines and totals back as a fragment. */
  @Post('draft')
  @PageRoles(...FINANCE)
  async saveDraft(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageDraftDto,
    @Res() res: Response,
  ) {
    await this.actions.saveDraft(page.actor, id, dto);
    if (!page.htmx)
      return this.renderer.redirect(res, page, at(id, '#draft'), 'finance.notice.saved');
    const view = await this.pages.invoice(page.actor, id, [], page.locale);
    this.renderer.fragment(res, 'finance/draft', { ...view, saved: true }, page);
  }

  @Post('delete')
  @PageRoles(...FINANCE)
  async remove(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    await this.drafts.remove(page.actor, id);
    await this.renderer.redirect(
      res,
      page,
      '/console/finance/invoices?state=draft',
      'finance.notice.deleted',
    );
  }

  /** Issues once per rendered form: the form's key makes a second submit answer like the first. */
  @Post('issue')
  @PageRoles(...FINANCE)
  async issue(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageIssueDto,
    @Res() res: Response,
  ) {
    await this.actions.issue(page.actor, id, dto.idempotencyKey);
    await this.renderer.redirect(res, page, at(id), 'finance.notice.issued');
  }

  @Post('payments')
  @PageRoles(...FINANCE)
  async pay(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PagePaymentDto,
    @Res() res: Response,
  ) {
    await this.actions.recordPayment(page.actor, id, dto);
    await this.renderer.redirect(res, page, at(id, '#payments'), 'finance.notice.paid');
  }

  @Post('send')
  @PageRoles(...FINANCE)
  async send(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageSendDto,
    @Res() res: Response,
  ) {
    await this.sending.send(page.actor, id, dto);
    await this.renderer.redirect(res, page, at(id, '#history'), 'finance.notice.sent');
  }

  /** Issues the Stornorechnung and opens the replacement draft. */
  @Post('cancel')
  @PageRoles(...FINANCE)
  async cancel(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageCancelDto,
    @Res() res: Response,
  ) {
    const { replacement } = await this.cancelling.cancel(page.actor, id, dto.reason);
    await this.renderer.redirect(res, page, at(replacement.id), 'finance.notice.cancelled');
  }
}

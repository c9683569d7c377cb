import { Body, Get, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import { DocumentsService } from '../../documents/documents.service.js';
import { InvoiceDraftsService } from '../../invoicing/invoice-drafts.service.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { monthBounds, SupportBillingOverviewService } from '../support-billing-overview.service.js';
import { TimeReportDocumentService } from '../time-report-document.service.js';
import { BillingForm, BillingQuery } from './support-pages.dto.js';
import { SUPPORT_STAFF } from './support-queue.page.controller.js';

/**
 * The month's billable support per customer, its time report (Leistungsnachweis) as a PDF, and
 * the hand-over to finance: a support invoice draft made by the invoicing module (finance and
 * admin, as in the API).
 */
@PageController('console/support/billing')
export class SupportBillingPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly overview: SupportBillingOverviewService,
    private readonly timeReports: TimeReportDocumentService,
    private readonly documents: DocumentsService,
    private readonly drafts: InvoiceDraftsService,
  ) {}

  @Get()
  @PageRoles(...SUPPORT_STAFF)
  async month(
    @CurrentPage() page: SignedInPage,
    @Query() query: BillingQuery,
    @Res() res: Response,
  ) {
    const view = await this.overview.month(page.actor, query.month);
    // The button only where the invoicing module would accept it (finance, admin).
    const mayInvoice = page.actor.role === 'finance' || page.actor.role === 'admin';
    this.renderer.page(res, 'support/billing', { ...view, mayInvoice, draftId: query.draft }, page);
  }

  @Post('time-report')
  @PageRoles(...SUPPORT_STAFF)
  async timeReport(
    @CurrentPage() page: SignedInPage,
    @Body() form: BillingForm,
    @Res() res: Response,
  ) {
    const document = await this.timeReports.issue(page.actor, {
      customerId: form.customerId,
      ...monthBounds(form.month),
    });
    await this.renderer.redirect(res, page, `/console/support/billing/documents/${document.id}`);
  }

  @Get('documents/:documentId')
  @PageRoles(...SUPPORT_STAFF)
  document(
    @CurrentPage() page: SignedInPage,
    @IdParam('documentId') documentId: string,
  ): Promise<StreamableFile> {
    return this.documents.download(page.actor, documentId);
  }

  @Post('invoice')
  @PageRoles('finance', 'admin')
  async invoice(
    @CurrentPage() page: SignedInPage,
    @Body() form: BillingForm,
    @Res() res: Response,
  ) {
    const invoice = await this.drafts.createSupport(page.actor, {
      customerId: form.customerId,
      ...monthBounds(form.month),
    });
    await this.renderer.redirect(
      res,
      page,
      `/console/support/billing?month=${form.month}&draft=${invoice.id}`,
      'support.notice.handedOver',
    );
  }
}

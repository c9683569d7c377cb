import { Body, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { InvoiceDraftsService } from '../invoice-drafts.service.js';
import {
  PageDownPaymentDto,
  PageManualDraftDto,
  PageNewDraftQuery,
  PageProjectDraftDto,
  PageSupportDraftDto,
  toLine,
} from './finance-pages.dto.js';
import { FinancePagesService } from './finance-pages.service.js';
import { FINANCE } from './finance.page.controller.js';

const draftPage = (id: string) => `/console/finance/invoices/${id}#draft`;

/** New drafts of every kind the API knows: manual, down payment, final, support. */
@PageController('console/finance/drafts')
export class FinanceDraftsPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: FinancePagesService,
    private readonly drafts: InvoiceDraftsService,
  ) {}

  @Get('new')
  @PageRoles(...FINANCE)
  async form(
    @CurrentPage() page: SignedInPage,
    @Query() query: PageNewDraftQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.newDraft(page.actor, query, {
      customerId: page.flash?.values?.customerId,
      projectId: page.flash?.values?.projectId,
    });
    this.renderer.page(res, 'finance/new', view, page);
  }

  @Post('manual')
  @PageRoles(...FINANCE)
  async manual(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageManualDraftDto,
    @Res() res: Response,
  ) {
    const { customerId, subject, serviceFrom, serviceTo, ...line } = dto;
    const draft = await this.drafts.createManual(page.actor, {
      customerId,
      subject,
      serviceFrom,
      serviceTo,
      lines: [toLine(line)],
    });
    await this.renderer.redirect(res, page, draftPage(draft.id), 'finance.notice.drafted');
  }

  @Post('down-payment')
  @PageRoles(...FINANCE)
  async downPayment(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageDownPaymentDto,
    @Res() res: Response,
  ) {
    const { projectId, ...terms } = dto;
    const draft = await this.drafts.createDownPayment(page.actor, projectId, terms);
    await this.renderer.redirect(res, page, draftPage(draft.id), 'finance.notice.drafted');
  }

  @Post('final')
  @PageRoles(...FINANCE)
  async final(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageProjectDraftDto,
    @Res() res: Response,
  ) {
    const draft = await this.drafts.createFinal(page.actor, dto.projectId, {});
    await this.renderer.redirect(res, page, draftPage(draft.id), 'finance.notice.drafted');
  }

  @Post('support')
  @PageRoles(...FINANCE)
  async support(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageSupportDraftDto,
    @Res() res: Response,
  ) {
    const draft = await this.drafts.createSupport(page.actor, dto);
    await this.renderer.redirect(res, page, draftPage(draft.id), 'finance.notice.drafted');
  }
}

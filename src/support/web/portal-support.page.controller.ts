import { Body, Get, Post, Query, Res, StreamableFile, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { ArticleFeedbackService } from '../article-feedback.service.js';
import type { Upload } from '../attachment-rules.js';
import { Uploaded } from '../attachment-upload.js';
import { QuotesService } from '../quotes.service.js';
import { SupportOrdersService } from '../support-orders.service.js';
import { TicketAttachmentsService } from '../ticket-attachments.service.js';
import {
  AfterQuery,
  ArticleListQuery,
  PortalHelpfulForm,
  PortalOrderForm,
  PortalReplyForm,
  PortalTicketForm,
} from './support-pages.dto.js';
import { PortalSupportPagesService } from './portal-support-pages.service.js';

const ticketPath = (id: string) => `/portal/support/tickets/${id}`;

/** The customer's support portal: tickets, replies, orders, quotes, help articles, sub-processors. */
@PageController('portal/support')
export class PortalSupportPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: PortalSupportPagesService,
    private readonly attachments: TicketAttachmentsService,
    private readonly quotes: QuotesService,
    private readonly orders: SupportOrdersService,
    private readonly feedback: ArticleFeedbackService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/portal/support',
      label: 'portal-support.nav.support',
      roles: ['customer'],
      order: 30,
    });
    this.renderer.registerNav({
      href: '/portal/support/articles',
      label: 'portal-support.nav.help',
      roles: ['customer'],
      order: 40,
    });
  }

  @Get()
  @PageRoles('customer')
  async list(@CurrentPage() page: SignedInPage, @Query() query: AfterQuery, @Res() res: Response) {
    const view = await this.pages.ticketList(page.actor, query.after);
    this.renderer.page(
      res,
      'portal-support/tickets',
      { ...view, title: this.title(page, 'tickets') },
      page,
    );
  }

  @Post('tickets')
  @PageRoles('customer')
  async open(
    @CurrentPage() page: SignedInPage,
    @Body() form: PortalTicketForm,
    @Uploaded() upload: Upload,
    @Res() res: Response,
  ) {
    const ticket = await this.attachments.openTicket(page.actor, form, upload);
    await this.renderer.redirect(res, page, ticketPath(ticket.id), 'portal-support.notice.opened');
  }

  @Get('tickets/:id')
  @PageRoles('customer')
  async ticket(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    this.renderer.page(res, 'portal-support/ticket', await this.pages.ticket(page.actor, id), page);
  }

  @Post('tickets/:id/replies')
  @PageRoles('customer')
  async reply(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PortalReplyForm,
    @Uploaded() upload: Upload,
    @Res() res: Response,
  ) {
    await this.attachments.addNote(page.actor, id, { body: form.body }, upload);
    await this.renderer.redirect(res, page, ticketPath(id), 'portal-support.notice.replied');
  }

  /** A file of the customer's own ticket; one on an internal note is a 404. */
  @Get('tickets/:id/attachments/:attachmentId')
  @PageRoles('customer')
  attachment(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('attachmentId') attachmentId: string,
  ): Promise<StreamableFile> {
    return this.attachments.download(page.actor, id, attachmentId);
  }

  @Post('tickets/:id/order')
  @PageRoles('customer')
  async order(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PortalOrderForm,
    @Res() res: Response,
  ) {
    await this.orders.order(page.actor, id, form);
    await this.renderer.redirect(res, page, ticketPath(id), 'portal-support.notice.ordered');
  }

  @Post('tickets/:id/quotes/:quoteId/approve')
  @PageRoles('customer')
  async approve(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('quoteId') quoteId: string,
    @Res() res: Response,
  ) {
    await this.quotes.approve(page.actor, id, quoteId, {});
    await this.renderer.redirect(res, page, ticketPath(id), 'portal-support.notice.approved');
  }

  @Post('tickets/:id/quotes/:quoteId/decline')
  @PageRoles('customer')
  async decline(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('quoteId') quoteId: string,
    @Res() res: Response,
  ) {
    await this.quotes.decline(page.actor, id, quoteId, {});
    await this.renderer.redirect(res, page, ticketPath(id), 'portal-support.notice.declined');
  }

  @Get('articles')
  @PageRoles('customer')
  async articles(
    @CurrentPage() page: SignedInPage,
    @Query() query: ArticleListQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.articleList(page.actor, query.page);
    this.renderer.page(
      res,
      'portal-support/articles',
      { ...view, title: this.title(page, 'articles') },
      page,
    );
  }

  @Get('articles/:id')
  @PageRoles('customer')
  async article(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    this.renderer.page(
      res,
      'portal-support/article',
      await this.pages.article(page.actor, id),
      page,
    );
  }

  @Post('articles/:id/feedback')
  @PageRoles('customer')
  async helpful(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PortalHelpfulForm,
    @Res() res: Response,
  ) {
    await this.feedback.answer(page.actor, id, form.helpful === 'yes');
    await this.renderer.redirect(
      res,
      page,
      `/portal/support/articles/${id}`,
      'portal-support.notice.thanks',
    );
  }

  /** Shown only under a data processing agreement; otherwise the page says what it needs. */
  @Get('sub-processors')
  @PageRoles('customer')
  async subProcessors(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    const view = await this.pages.directory(page.actor);
    const title = this.title(page, 'subProcessors');
    this.renderer.page(res, 'portal-support/sub-processors', { ...view, title }, page);
  }

  /** A section's page title (the label area portal-support). */
  private title(page: SignedInPage, section: string): string {
    return this.renderer.label(page.locale, `portal-support.${section}.title`);
  }
}

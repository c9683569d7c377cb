import { Body, Get, Post, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { ArticleFeedbackService } from '../article-feedback.service.js';
import { QuotesService } from '../quotes.service.js';
import { SupportOrdersService } from '../support-orders.service.js';
import { TicketsService } from '../tickets.service.js';
import {
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
    private readonly tickets: TicketsService,
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
  async list(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    const view = await this.pages.ticketList(page.actor);
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
    @Res() res: Response,
  ) {
    const ticket = await this.tickets.create(page.actor, form);
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
    @Res() res: Response,
  ) {
    await this.tickets.addNote(page.actor, id, { body: form.body, visibility: 'customer' });
    await this.renderer.redirect(res, page, ticketPath(id), 'portal-support.notice.replied');
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
  async articles(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    const view = await this.pages.articleList(page.actor);
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

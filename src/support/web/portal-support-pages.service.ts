import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { KeysetPageQuery, PageQuery } from '../../common/pagination.js';
import { CustomersService } from '../../customers/customers.service.js';
import { ArticleFeedbackService } from '../article-feedback.service.js';
import { articleBlocks } from '../article-text.js';
import { ArticlesService } from '../articles.service.js';
import { ArticleQuery } from '../dto/article.dto.js';
import { SEVERITIES } from '../queue-order.js';
import { SubProcessorsService } from '../sub-processors.service.js';
import { SupportOrdersService } from '../support-orders.service.js';
import { acceptsAttachments } from '../ticket-status.js';
import { TicketAttachmentsService } from '../ticket-attachments.service.js';
import { TicketsService } from '../tickets.service.js';
import { ORDER_LIMIT_MINUTES, UPLOAD_LIMITS } from './support-pages.dto.js';
import { ARTICLES_PAGE, pagerOf } from './support-pages.service.js';

/** The customer's tickets per page of "my tickets". */
const TICKETS_PAGE = 50;

/**
 * The customer's support pages, always read as the customer user: another customer's ticket is
 * a 404 and internal notes never leave the tickets service (it returns only the replies).
 */
@Injectable()
export class PortalSupportPagesService {
  constructor(
    private readonly tickets: TicketsService,
    private readonly orders: SupportOrdersService,
    private readonly articles: ArticlesService,
    private readonly feedback: ArticleFeedbackService,
    private readonly subProcessors: SubProcessorsService,
    private readonly customers: CustomersService,
    private readonly attachments: TicketAttachmentsService,
  ) {}

  /** The customer's tickets, newest first, a page at a time (`after`: the previous page's cursor). */
  async ticketList(actor: Actor, after?: string) {
    const page = await this.tickets.list(
      actor,
      Object.assign(new KeysetPageQuery(), { pageSize: TICKETS_PAGE, after, countTotal: false }),
    );
    return {
      tickets: page.items,
      next: page.nextCursor ? `/portal/support?after=${page.nextCursor}#my-tickets` : null,
      first: after ? '/portal/support#my-tickets' : null,
      severities: SEVERITIES,
      uploadLimits: UPLOAD_LIMITS,
    };
  }

  async ticket(actor: Actor, id: string) {
    const [ticket, notes, orders, files] = await Promise.all([
      this.tickets.get(actor, id),
      this.tickets.listNotes(actor, id, Object.assign(new PageQuery(), { pageSize: 200 })),
      this.orders.list(actor, id),
      this.attachments.list(actor, id),
    ]);
    const coverage = await this.customers.coverage(ticket.customerId);
    return {
      title: `${ticket.number} · ${ticket.title}`,
      ticket,
      replies: notes.items.map((note) => ({
        ...note,
        attachments: files.filter((f) => f.noteId === note.id),
      })),
      attachments: files.filter((f) => f.noteId === null),
      uploadLimits: UPLOAD_LIMITS,
      acceptsAttachments: acceptsAttachments(ticket.status),
      orders,
      proposedQuotes: ticket.quotes.filter((q) => q.status === 'proposed'),
      decidedQuotes: ticket.quotes.filter((q) => q.status !== 'proposed'),
      // The one-time order is for customers without a service contract.
      offerOrder: !coverage.serviceContract,
      limits: ORDER_LIMIT_MINUTES,
    };
  }

  async articleList(actor: Actor, pageNumber = 1) {
    const page = await this.articles.list(
      actor,
      Object.assign(new ArticleQuery(), { page: pageNumber, pageSize: ARTICLES_PAGE }),
    );
    return { articles: page.items, pager: pagerOf(page) };
  }

  async article(actor: Actor, id: string) {
    const [article, mine] = await Promise.all([
      this.articles.get(actor, id),
      this.feedback.mine(actor, id),
    ]);
    return { title: article.title, article, blocks: articleBlocks(article.body), mine };
  }

  directory(actor: Actor) {
    return this.subProcessors.directory(actor);
  }
}

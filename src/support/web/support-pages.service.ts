import { Injectable } from '@nestjs/common';
import { UsersService } from '../../auth/users.service.js';
import type { Actor } from '../../common/access.js';
import { KeysetPageQuery, PageQuery, type Page } from '../../common/pagination.js';
import { CompanyService } from '../../company/company.service.js';
import { CustomersService } from '../../customers/customers.service.js';
import { ArticleFeedbackService } from '../article-feedback.service.js';
import { articleBlocks } from '../article-text.js';
import { ArticlesService } from '../articles.service.js';
import { SUPPORT_CAUSES, SUPPORT_CATEGORIES } from '../cost-decision.js';
import { ArticleQuery } from '../dto/article.dto.js';
import { QueueQuery, type NoteResponse } from '../dto/ticket.dto.js';
import { GOODWILL_PHASES } from '../dto/work.dto.js';
import { ORDERED_WORK_KINDS } from '../entry-billing.js';
import { PersonalDataService } from '../personal-data.service.js';
import { SEVERITIES } from '../queue-order.js';
import { RECORDED_CHANNELS } from '../billing.entity.js';
import { SupportOrdersService } from '../support-orders.service.js';
import { SupportQueueService } from '../support-queue.service.js';
import { SupportTimersService } from '../support-timers.service.js';
import { PERSONAL_DATA_ACTIONS } from '../ticket.entity.js';
import { acceptsAttachments, TICKET_STATUSES } from '../ticket-status.js';
import { TicketAttachmentsService } from '../ticket-attachments.service.js';
import { TicketsService } from '../tickets.service.js';
import { TimeEntriesService } from '../time-entries.service.js';
import type { UpdateSupportSettingsDto } from '../dto/billing.dto.js';
import { FEDERAL_STATES } from '../public-holidays.js';
import { SupportSettingsService } from '../support-settings.service.js';
import {
  UPLOAD_LIMITS,
  type PageSupportSettingsForm,
  type QueueFilterQuery,
} from './support-pages.dto.js';

const QUEUE_PAGE = 50;
/** A ticket's time entries per page; the page links to the next ones. */
const TIME_PAGE = 100;
/** Knowledge-base articles per page, by title. */
export const ARTICLES_PAGE = 50;

/** The previous and next page numbers of a numbered list (null: there is none). */
export function pagerOf(page: Page<unknown>) {
  return {
    previous: page.page > 1 ? page.page - 1 : null,
    next: page.page * page.pageSize < page.total ? page.page + 1 : null,
  };
}

// The other modules' query classes are their internals: build the same shape (page, size, skip).
type ServiceQuery = Parameters<CompanyService['listServices']>[0];
const firstPage = (pageSize: number) => ({ page: 1, pageSize, skip: 0 });

/** The queue's address with these filters (a next page's link keeps them). */
function queueHref(filter: QueueFilterQuery): string {
  const params = new URLSearchParams();
  for (const key of ['severity', 'customerId', 'assignee', 'status', 'page', 'after'] as const) {
    const value = filter[key];
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const query = params.toString();
  return query ? `/console/support?${query}` : '/console/support';
}

/** The staff's support pages as view models, from the support module's services. */
@Injectable()
export class SupportPagesService {
  constructor(
    private readonly queueService: SupportQueueService,
    private readonly tickets: TicketsService,
    private readonly time: TimeEntriesService,
    private readonly timers: SupportTimersService,
    private readonly orders: SupportOrdersService,
    private readonly personalData: PersonalDataService,
    private readonly articles: ArticlesService,
    private readonly feedback: ArticleFeedbackService,
    private readonly customers: CustomersService,
    private readonly company: CompanyService,
    private readonly users: UsersService,
    private readonly settings: SupportSettingsService,
    private readonly attachments: TicketAttachmentsService,
  ) {}

  /** The settings as the form shows them: hours as rows (plus two empty ones), days as lines. */
  async settingsPage(locale: 'de' | 'en') {
    const settings = await this.settings.get();
    const fee = settings.analysisFeeBilledPercent;
    const empty = { weekday: 1, open: '', close: '' };
    return {
      settings,
      hours: [...settings.businessHours, empty, empty].map((slot, i) => ({ ...slot, n: i + 1 })),
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      holidayLines: settings.holidays.join('\n'),
      analysisFeeText: locale === 'de' ? fee.replace('.', ',') : fee,
      federalStates: FEDERAL_STATES,
    };
  }

  /** The form's rows as the API's settings (the service checks the times and their order). */
  settingsUpdate(form: PageSupportSettingsForm): UpdateSupportSettingsDto {
    const { weekday, open, close, ...fields } = form;
    const businessHours = weekday
      .map((day, i) => ({
        weekday: Number(day),
        open: (open[i] ?? '').trim(),
        close: (close[i] ?? '').trim(),
      }))
      .filter((slot) => slot.open !== '' || slot.close !== '');
    return { ...fields, businessHours };
  }

  /** The queue (open tickets, ranked by the service) or, for a closed status, that list. */
  async queue(actor: Actor, filter: QueueFilterQuery) {
    const customers = await this.customers.filterChoices(
      actor,
      filter.customerQuery,
      filter.customerId,
    );
    const assigneeId = filter.assignee === 'me' ? actor.userId : filter.assignee || undefined;
    const common = { filter, customers, severities: SEVERITIES, statuses: TICKET_STATUSES };
    if (filter.status) {
      const page = await this.tickets.list(
        actor,
        Object.assign(new KeysetPageQuery(), {
          pageSize: QUEUE_PAGE,
          status: filter.status,
          customerId: filter.customerId,
          after: filter.after,
        }),
      );
      return {
        ...common,
        list: await this.withNames(actor, page.items),
        listNext: page.nextCursor && queueHref({ ...filter, after: page.nextCursor }),
        listFirst: filter.after ? queueHref({ ...filter, after: undefined }) : null,
      };
    }
    const query = Object.assign(new QueueQuery(), {
      page: filter.page ?? 1,
      pageSize: QUEUE_PAGE,
      severity: filter.severity,
      customerId: filter.customerId,
      assigneeId,
    });
    const queue = await this.queueService.queue(actor, query);
    const named = await this.withNames(
      actor,
      queue.items.map((i) => i.ticket),
    );
    return {
      ...common,
      queue: {
        ...queue,
        items: queue.items.map((item, i) => ({
          ...item,
          ticket: named[i],
          // The reason's parts in the reader's language; `reason` is the API's English sentence.
          waiting: {
            hours: Math.floor(item.waitingMinutes / 60),
            minutes: item.waitingMinutes % 60,
          },
        })),
      },
      nextPage:
        queue.page * queue.pageSize < queue.total
          ? queueHref({ ...filter, page: queue.page + 1 })
          : null,
    };
  }

  /** `timeAfter`: the time entries continue after that cursor (the page shows 100 at once). */
  async ticket(actor: Actor, id: string, timeAfter?: string) {
    const ticket = await this.tickets.get(actor, id);
    const notesQuery = Object.assign(new PageQuery(), { pageSize: 200 });
    const [customer, notes, entries, timer, orders, actions, services, assignee, files] =
      await Promise.all([
        this.customers.get(actor, ticket.customerId),
        this.tickets.listNotes(actor, id, notesQuery),
        this.time.list(
          actor,
          id,
          Object.assign(new KeysetPageQuery(), { pageSize: TIME_PAGE, after: timeAfter }),
        ),
        this.timers.running(actor, id),
        this.orders.list(actor, id),
        this.personalData.list(actor, id, notesQuery),
        this.activeServices(),
        ticket.assigneeId ? this.users.findActiveStaff(ticket.assigneeId) : null,
        this.attachments.list(actor, id),
      ]);
    const withFiles = (note: NoteResponse) => ({
      ...note,
      attachments: files.filter((f) => f.noteId === note.id),
    });
    const serviceName = new Map(services.map((s) => [s.id, `${s.code} · ${s.name}`]));
    return {
      title: `${ticket.number} · ${ticket.title}`,
      ticket,
      customer,
      updateOnly:
        !customer.hasActiveServiceContract &&
        customer.contracts.some((c) => c.kind === 'update' && c.inForce),
      assignee,
      assignedToMe: ticket.assigneeId === actor.userId,
      internalNotes: notes.items.filter((n) => n.visibility === 'internal').map(withFiles),
      replies: notes.items.filter((n) => n.visibility === 'customer').map(withFiles),
      attachments: files.filter((f) => f.noteId === null),
      uploadLimits: UPLOAD_LIMITS,
      acceptsAttachments: acceptsAttachments(ticket.status),
      entries: entries.items.map((e) => ({ ...e, serviceName: serviceName.get(e.serviceId) })),
      entriesNext: entries.nextCursor
        ? `/console/support/tickets/${id}?timeAfter=${entries.nextCursor}#time-heading`
        : null,
      entriesFirst: timeAfter ? `/console/support/tickets/${id}#time-heading` : null,
      timer: timer && { ...timer, serviceName: serviceName.get(timer.serviceId) },
      orders,
      actions: actions.items,
      services,
      proposedQuotes: ticket.quotes.filter((q) => q.status === 'proposed'),
      options: {
        causes: SUPPORT_CAUSES,
        categories: SUPPORT_CATEGORIES,
        severities: SEVERITIES,
        personalDataActions: PERSONAL_DATA_ACTIONS,
        orderedWorkKinds: ORDERED_WORK_KINDS,
        channels: RECORDED_CHANNELS,
        goodwillPhases: GOODWILL_PHASES,
      },
    };
  }

  async articleList(actor: Actor, pageNumber = 1) {
    const page = await this.articles.list(
      actor,
      Object.assign(new ArticleQuery(), { page: pageNumber, pageSize: ARTICLES_PAGE }),
    );
    const counts = await this.feedback.counts(page.items.map((a) => a.id));
    return {
      articles: page.items.map((a) => ({ ...a, feedback: counts.get(a.id) })),
      pager: pagerOf(page),
    };
  }

  async article(actor: Actor, id: string) {
    const article = await this.articles.get(actor, id);
    return { article, blocks: articleBlocks(article.body), title: article.title };
  }

  /** Active price-list services, for the time and quote forms. */
  async activeServices() {
    const query = { ...firstPage(100), active: true } as ServiceQuery;
    return (await this.company.listServices(query)).items;
  }

  /** The tickets with their customer's and assignee's names, for the lists. */
  private async withNames<T extends { customerId: string; assigneeId?: string | null }>(
    actor: Actor,
    tickets: T[],
  ) {
    const customerIds = [...new Set(tickets.map((t) => t.customerId))];
    const assigneeIds = [...new Set(tickets.map((t) => t.assigneeId).filter(Boolean))] as string[];
    const [customers, assignees] = await Promise.all([
      Promise.all(customerIds.map((id) => this.customers.get(actor, id))),
      Promise.all(assigneeIds.map((id) => this.users.findActiveStaff(id))),
    ]);
    const customerOf = new Map(customers.map((c) => [c.id, c]));
    const assigneeOf = new Map(assignees.filter((a) => a !== null).map((a) => [a.id, a]));
    return tickets.map((t) => ({
      ...t,
      customer: customerOf.get(t.customerId),
      assignee: t.assigneeId ? assigneeOf.get(t.assigneeId) : undefined,
      mine: t.assigneeId === actor.userId,
    }));
  }
}

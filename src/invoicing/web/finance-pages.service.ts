import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../common/access.js';
import { AuditService } from '../../audit/audit.service.js';
import { AuditQuery } from '../../audit/audit.dto.js';
import { Clock } from '../../common/clock.js';
import { KeysetPageQuery } from '../../common/pagination.js';
import { CustomersService } from '../../customers/customers.service.js';
import { ProjectsService } from '../../projects/projects.service.js';
import type { InvoiceResponse } from '../invoice.dto.js';
import {
  INVOICE_FILTER_STATES,
  InvoiceFiguresService,
  RECEIVABLE_AGES,
  type InvoiceFilter,
} from '../invoice-figures.service.js';
import { allowedInvoiceActions, invoiceState, linesEditable } from '../invoice-lifecycle.js';
import { UNITS } from '../../company/units.js';
import { InvoicePaymentsService } from '../invoice-payments.service.js';
import { InvoiceReader } from '../invoice-reader.service.js';
import { InvoiceSendingService } from '../invoice-sending.service.js';
import { RemindersService } from '../reminders/reminders.service.js';
import {
  barChart,
  daysBetween,
  editableLine,
  listHref,
  missingItem,
  monthName,
} from './finance-views.js';
import type { InvoiceListQuery, PageNewDraftQuery } from './finance-pages.dto.js';

const WAITING_LIMIT = 10;

/** The finance pages' views, from the invoicing, customers, projects and audit services. */
@Injectable()
export class FinancePagesService {
  constructor(
    private readonly figures: InvoiceFiguresService,
    private readonly reader: InvoiceReader,
    private readonly payments: InvoicePaymentsService,
    private readonly sending: InvoiceSendingService,
    private readonly reminders: RemindersService,
    private readonly customers: CustomersService,
    private readonly projects: ProjectsService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async home(actor: Actor, locale: 'de' | 'en') {
    const [drafts, accepted, ages, months, due] = await Promise.all([
      this.figures.drafts(actor, WAITING_LIMIT),
      this.projects.list(actor, projectQuery({ stage: 'accepted', pageSize: WAITING_LIMIT })),
      this.figures.receivablesByAge(actor),
      this.figures.revenueByMonth(actor),
      this.reminders.propose(actor),
    ]);
    const names = await this.customerNames(actor, [
      ...drafts.items.map((i) => i.customerId),
      ...accepted.items.map((p) => p.customerId),
    ]);
    return {
      drafts: { count: drafts.count, items: drafts.items.map((i) => withName(i, names)) },
      accepted: {
        count: accepted.total,
        items: accepted.items.map((p) => ({ ...p, customerName: names.get(p.customerId) ?? '' })),
      },
      remindersDue: { count: due.length, items: due.slice(0, WAITING_LIMIT) },
      ages: barChart(
        ages.map((a) => ({
          key: a.age,
          value: a.openCents,
          count: a.count,
          href: listHref({ age: a.age }),
        })),
      ),
      months: barChart(
        months.map((m) => ({
          key: m.month,
          value: m.netCents,
          label: monthName(m.from, locale, 'long'),
          short: monthName(m.from, locale, 'short'),
          href: listHref({ from: m.from, to: m.to }),
        })),
      ),
    };
  }

  async invoices(actor: Actor, query: InvoiceListQuery) {
    const filter: InvoiceFilter = {
      state: query.state,
      age: query.age,
      customerId: query.customerId,
      from: query.from,
      to: query.to,
    };
    const [list, totals, customers] = await Promise.all([
      this.figures.list(actor, filter, query),
      this.figures.totals(actor, filter),
      this.customers.filterChoices(actor, query.customerQuery, query.customerId),
    ]);
    const names = await this.customerNames(
      actor,
      list.items.map((i) => i.customerId),
    );
    return {
      items: list.items.map((i) => withName(i, names)),
      totals,
      filter,
      states: INVOICE_FILTER_STATES,
      ages: RECEIVABLE_AGES,
      customers,
      next: list.nextCursor
        ? listHref({ ...filter, pageSize: String(query.pageSize), after: list.nextCursor })
        : null,
      first: query.after ? listHref(filter) : null,
    };
  }

  /** Open (or only overdue) invoices, earliest due first, with the days past due. */
  async open(actor: Actor, overdue: boolean, query: KeysetPageQuery) {
    const page = await this.payments.open(actor, query, overdue);
    const names = await this.customerNames(
      actor,
      page.items.map((i) => i.customerId),
    );
    const today = this.clock.today();
    return {
      overdue,
      items: page.items.map((i) => ({
        ...withName(i, names),
        daysOverdue: i.dueDate && i.dueDate < today ? daysBetween(i.dueDate, today) : 0,
      })),
      total: page.total,
      next: page.nextCursor
        ? `/console/finance/${overdue ? 'overdue' : 'open'}?after=${page.nextCursor}`
        : null,
    };
  }

  /** One invoice; `missing` is a refused issue's §14 list, each item linked to its fix. */
  async invoice(actor: Actor, id: string, missing: string[], locale: 'de' | 'en') {
    const invoice = await this.reader.get(actor, id);
    const [customer, history, mails, reminders] = await Promise.all([
      this.customers.get(actor, invoice.customerId),
      this.history(id),
      invoice.status === 'draft' ? [] : this.sending.deliveries(actor, id),
      invoice.status === 'draft' ? [] : this.reminders.forInvoice(actor, id),
    ]);
    const state = invoiceState(invoice);
    const actions = allowedInvoiceActions(state, actor.role);
    return {
      title: invoice.number ?? invoice.subject,
      invoice,
      customer,
      state,
      can: Object.fromEntries(actions.map((a) => [a, true])),
      editableLines: state === 'draft' && linesEditable(invoice.kind),
      lines: invoice.lines.map((line) => editableLine(line, locale)),
      units: UNITS,
      history,
      mails,
      reminders,
      missing: missing.map((field) => missingItem(field, invoice.customerId)),
      today: this.clock.today(),
      // A fresh key per rendering of the issue form: a double submit of this form issues once.
      idempotencyKey: randomUUID(),
    };
  }

  /** `chosen`: a refused form's customer or project, offered again (and selected). */
  async newDraft(
    actor: Actor,
    search: PageNewDraftQuery,
    chosen: { customerId?: string; projectId?: string },
  ) {
    const [customers, projects, accepted] = await Promise.all([
      this.customers.choices(actor, search.customerQuery, chosen.customerId),
      this.projects.choices(actor, search.projectQuery, chosen.projectId, 'down_payment'),
      this.projects.choices(actor, search.projectQuery, chosen.projectId, 'final'),
    ]);
    const today = this.clock.today();
    return {
      customers,
      projects,
      accepted,
      units: UNITS,
      monthStart: `${today.slice(0, 7)}-01`,
      today,
    };
  }

  /** Issued, sent, payments, cancellation: the invoice's audit entries, oldest first. */
  private async history(id: string) {
    const query = Object.assign(new AuditQuery(), {
      entityType: 'invoice',
      entityId: id,
      pageSize: 100,
    });
    const page = await this.audit.list(query);
    return page.items.reverse().map((entry) => ({
      ...entry,
      amountCents: numberOf(entry.changes, 'amountCents'),
      to: stringOf(entry.changes, 'to'),
    }));
  }

  /** Names for the customers of a page of invoices (a handful of reads, not a load of all). */
  private async customerNames(actor: Actor, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    const customers = await Promise.all(unique.map((id) => this.customers.get(actor, id)));
    return new Map(customers.map((c) => [c.id, c.name]));
  }
}

type ProjectQuery = Parameters<ProjectsService['list']>[1];

/** The projects list's query (its DTO is the projects module's own): a keyset page query. */
function projectQuery(values: Partial<ProjectQuery>): ProjectQuery {
  return Object.assign<ProjectQuery, Partial<ProjectQuery>>(new KeysetPageQuery(), values);
}

/** A list row: the invoice with its customer's name and its lifecycle state (partly paid, …). */
const withName = (invoice: InvoiceResponse, names: Map<string, string>) => ({
  ...invoice,
  state: invoiceState(invoice),
  customerName: names.get(invoice.customerId) ?? '',
});

function numberOf(changes: unknown, key: string): number | null {
  const value = (changes as Record<string, unknown> | null)?.[key];
  return typeof value === 'number' ? value : null;
}

function stringOf(changes: unknown, key: string): string | null {
  const value = (changes as Record<string, unknown> | null)?.[key];
  return typeof value === 'string' ? value : null;
}

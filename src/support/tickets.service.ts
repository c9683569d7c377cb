import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import { isStaff, type Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import {
  keysetPage,
  toPage,
  type KeysetOrder,
  type KeysetPage,
  type Page,
} from '../common/pagination.js';
import { UsersService } from '../auth/users.service.js';
import type { ContactRead } from '../customers/customers.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Sequences } from '../database/sequences.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import { SupportQuote } from './billing.entity.js';
import type {
  ChangeStatusDto,
  CreateNoteDto,
  CreateTicketDto,
  TicketDetailResponse,
  TicketQuery,
  TicketResponse,
  UpdateTicketDto,
} from './dto/ticket.dto.js';
import type { NoteResponse } from './dto/ticket.dto.js';
import {
  toNoteResponse,
  toNoticeResponse,
  toQuoteResponse,
  toTicketResponse,
} from './support-mappers.js';
import {
  CostDecisionRecord,
  CustomerNotice,
  SupportTicket,
  TicketNote,
  type NoteVisibility,
} from './ticket.entity.js';
import { OPEN_STATUSES, transitionTicket } from './ticket-status.js';
import type { PageQuery } from '../common/pagination.js';

const TICKET_FIELDS = ['title', 'description', 'severity', 'assigneeId'] as const;
/** Clock skew tolerated on a given receivedAt before it counts as "in the future". */
const FUTURE_TOLERANCE_MS = 60_000;

/** Latest received first; the number breaks ties. */
const TICKET_LIST_ORDER: KeysetOrder = {
  list: 'tickets',
  keys: [
    { path: 't.receivedAt', kind: 'timestamp' },
    { path: 't.number', kind: 'text' },
  ],
  direction: 'DESC',
};

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly sequences: Sequences,
    private readonly audit: AuditService,
    private readonly customers: CustomersService,
    private readonly users: UsersService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * `within` runs in the ticket's transaction once the ticket row exists (the attachments of the
   * opening message): it fails, nothing is written.
   */
  async create(
    actor: Actor,
    dto: CreateTicketDto,
    within?: (tx: Tx, ticketId: string) => Promise<void>,
  ): Promise<TicketDetailResponse> {
    const customerId = this.customerFor(actor, dto);
    const now = this.clock.now();
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw validationError([{ field: 'receivedAt', messages: ['receivedAt is in the future'] }]);
    }
    const id = await this.transactions.run(async (tx) => {
      await this.customers.findVisible(actor, customerId, tx);
      const contacts = await this.customers.contactsOf(customerId, tx.manager);
      if (dto.contactId && !contacts.some((c) => c.id === dto.contactId)) {
        throw validationError([
          { field: 'contactId', messages: ['contactId is not a contact of this customer'] },
        ]);
      }
      const contactId = dto.contactId ?? reportingContactOf(actor, contacts);
      const number = `T-${String(await this.sequences.next(tx, 'support_ticket')).padStart(5, '0')}`;
      const ticket = tx.manager.create(SupportTicket, {
        id: randomUUID(),
        number,
        customerId,
        contactId,
        title: dto.title,
        description: dto.description,
        // Customers open tickets only through the portal (the API).
        channel: dto.channel ?? 'portal',
        severity: dto.severity,
        status: 'new',
        receivedAt,
        assigneeId: null,
        cause: null,
        category: null,
        goodwillBilledBp: 10_000,
        goodwillReason: null,
        createdById: actor.userId,
      });
      await tx.manager.insert(SupportTicket, ticket);
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticket.id,
        action: 'created',
        changes: {
          number,
          customerId,
          title: ticket.title,
          channel: ticket.channel,
          severity: ticket.severity,
          receivedAt: receivedAt.toISOString(),
        },
      });
      await within?.(tx, ticket.id);
      return ticket.id;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, query: TicketQuery): Promise<KeysetPage<TicketResponse>> {
    const qb = this.dataSource.getRepository(SupportTicket).createQueryBuilder('t');
    const customerId = actor.role === 'customer' ? actor.customerId! : query.customerId;
    if (customerId) qb.andWhere('t.customerId = :customerId', { customerId });
    if (query.status) qb.andWhere('t.status = :status', { status: query.status });
    else if (query.open !== undefined) {
      const open = query.open ? 'IN' : 'NOT IN';
      qb.andWhere(`t.status ${open} (:...openStatuses)`, { openStatuses: [...OPEN_STATUSES] });
    }
    return keysetPage(qb, TICKET_LIST_ORDER, query, async (tickets) => {
      const decisions = await this.latestDecisions(tickets.map((t) => t.id));
      return tickets.map((t) => toTicketResponse(t, actor, decisions.get(t.id) ?? null));
    });
  }

  async get(actor: Actor, id: string): Promise<TicketDetailResponse> {
    const ticket = await this.findVisible(actor, id);
    const manager = this.dataSource.manager;
    const [decisions, notices, quotes] = await Promise.all([
      this.latestDecisions([id]),
      manager.find(CustomerNotice, { where: { ticketId: id }, order: { notifiedAt: 'ASC' } }),
      manager.find(SupportQuote, { where: { ticketId: id }, order: { createdAt: 'ASC' } }),
    ]);
    return {
      ...toTicketResponse(ticket, actor, decisions.get(id) ?? null),
      customerNotices: notices.map(toNoticeResponse),
      quotes: quotes.map(toQuoteResponse),
      approvedMinutes: quotes
        .filter((q) => q.status === 'approved')
        .reduce((total, q) => total + q.estimatedMinutes, 0),
    };
  }

  async update(actor: Actor, id: string, dto: UpdateTicketDto): Promise<TicketDetailResponse> {
    await this.transactions.run(async (tx) => {
      const before = await this.findVisible(actor, id, tx);
      const { version, ...changes } = dto;
      if (changes.assigneeId && !(await this.users.findActiveStaff(changes.assigneeId))) {
        throw validationError([
          { field: 'assigneeId', messages: ['assigneeId must be an active staff user'] },
        ]);
      }
      await updateVersioned(tx, SupportTicket, id, version, changes, 'SUPPORT');
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: id,
        action: 'updated',
        changes: diffFields(before, { ...before, ...changes }, TICKET_FIELDS),
      });
    });
    return this.get(actor, id);
  }

  async changeStatus(
    actor: Actor,
    id: string,
    dto: ChangeStatusDto,
  ): Promise<TicketDetailResponse> {
    await this.transactions.run(async (tx) => {
      const ticket = await this.findVisible(actor, id, tx);
      const result = transitionTicket(ticket.status, dto.status, actor.role);
      if (!result.ok) {
        throw new DomainError(
          'conflict',
          'SUPPORT.INVALID_STATUS_CHANGE',
          `A ${ticket.status} ticket cannot become ${dto.status}` +
            (result.allowed.length ? `; allowed: ${result.allowed.join(', ')}` : ''),
          { currentStatus: ticket.status, allowedNextStatuses: result.allowed },
        );
      }
      await updateVersioned(tx, SupportTicket, id, dto.version, { status: result.next }, 'SUPPORT');
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: id,
        action: 'status_changed',
        changes: { status: { from: ticket.status, to: result.next } },
        reason: dto.reason ?? null,
      });
    });
    return this.get(actor, id);
  }

  /** `within` as for `create`: runs in the note's transaction, after the note row. */
  async addNote(
    actor: Actor,
    ticketId: string,
    dto: CreateNoteDto,
    within?: (tx: Tx, note: { id: string; visibility: NoteVisibility }) => Promise<void>,
  ): Promise<NoteResponse> {
    if (!isStaff(actor) && dto.visibility !== undefined) {
      throw validationError([
        { field: 'visibility', messages: ['customers cannot choose a note visibility'] },
      ]);
    }
    const note = await this.transactions.run(async (tx) => {
      await this.findVisible(actor, ticketId, tx);
      const created = tx.manager.create(TicketNote, {
        id: randomUUID(),
        ticketId,
        visibility: isStaff(actor) ? (dto.visibility ?? 'internal') : 'customer',
        body: dto.body,
        authorId: actor.userId,
        authorLabel: actor.email,
      });
      await tx.manager.insert(TicketNote, created);
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticketId,
        action: 'note_added',
        changes: { noteId: created.id, visibility: created.visibility },
      });
      await within?.(tx, created);
      return created;
    });
    return toNoteResponse(note);
  }

  /** Customers never see internal notes, not even that they exist. */
  async listNotes(actor: Actor, ticketId: string, query: PageQuery): Promise<Page<NoteResponse>> {
    await this.findVisible(actor, ticketId);
    const result = await this.dataSource.getRepository(TicketNote).findAndCount({
      where: isStaff(actor) ? { ticketId } : { ticketId, visibility: 'customer' },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: query.skip,
      take: query.pageSize,
    });
    return toPage(result, query, toNoteResponse);
  }

  /** The ticket if the actor may see it; otherwise 404, exactly as if it did not exist. */
  async findVisible(actor: Actor, id: string, tx?: Tx): Promise<SupportTicket> {
    const manager = tx?.manager ?? this.dataSource.manager;
    const ticket = await manager.findOneBy(SupportTicket, {
      id,
      ...(actor.role === 'customer' ? { customerId: actor.customerId! } : {}),
    });
    if (!ticket) throw notFound('TICKET.NOT_FOUND', id);
    return ticket;
  }

  async latestDecisions(ticketIds: string[]): Promise<Map<string, CostDecisionRecord>> {
    const latest = new Map<string, CostDecisionRecord>();
    if (ticketIds.length === 0) return latest;
    const decisions = await this.dataSource.getRepository(CostDecisionRecord).find({
      where: { ticketId: In(ticketIds) },
      order: { decidedAt: 'ASC', id: 'ASC' },
    });
    for (const decision of decisions) latest.set(decision.ticketId, decision);
    return latest;
  }

  private customerFor(actor: Actor, dto: CreateTicketDto): string {
    if (isStaff(actor)) {
      const missing = (['customerId', 'channel'] as const).filter((f) => dto[f] === undefined);
      if (missing.length > 0) {
        throw validationError(
          missing.map((field) => ({ field, messages: [`${field} is required for staff`] })),
        );
      }
      return dto.customerId!;
    }
    const staffFields = (['channel', 'receivedAt'] as const).filter((f) => dto[f] !== undefined);
    if (staffFields.length > 0) {
      throw validationError(
        staffFields.map((field) => ({ field, messages: [`${field} is set by the support desk`] })),
      );
    }
    // A customer naming another customer learns nothing: 404 as for any invisible customer.
    if (dto.customerId && dto.customerId !== actor.customerId) {
      throw notFound('CUSTOMER.NOT_FOUND', dto.customerId);
    }
    return actor.customerId!;
  }
}

/**
 * A customer user opening a ticket in the portal is its reporter: the contact with their
 * e-mail address, if the customer has one, so notices about the ticket reach them.
 */
function reportingContactOf(actor: Actor, contacts: readonly ContactRead[]): string | null {
  if (actor.role !== 'customer') return null;
  const email = actor.email.toLowerCase();
  return contacts.find((c) => c.email.toLowerCase() === email)?.id ?? null;
}

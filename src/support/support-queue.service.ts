import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { boundedTotal, TOTAL_LIMIT } from '../common/pagination.js';
import { CustomersService } from '../customers/customers.service.js';
import type { QueueQuery, QueueResponse } from './dto/ticket.dto.js';
import { placeAt, severityRankSql, type QueueGroup } from './queue-order.js';
import { toTicketResponse } from './support-mappers.js';
import { CostDecisionRecord, SupportTicket } from './ticket.entity.js';
import { OPEN_STATUSES } from './ticket-status.js';
import { TicketsService } from './tickets.service.js';

/**
 * The open statuses as SQL literals (constants of this module): the partial index
 * `idx_support_tickets_queue` has this very predicate, so the planner can use it.
 */
const openSql = (alias: string) =>
  `${alias}.status IN (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** A page of one group: its tickets, and the bounded total if the page had a row to carry it. */
interface GroupPage {
  tickets: SupportTicket[];
  /** Tickets of the page with at least one cost decision (only theirs are read). */
  decided: string[];
  total: [total: number, capped: boolean] | null;
}

const NO_PAGE: GroupPage = { tickets: [], decided: [], total: null };

/** A row of a page: the ticket's columns as `t_<column>`, and the two computed ones. */
type PageRow = Record<string, unknown> & {
  t_id: string;
  queue_total: string | number;
  queue_decided: string | number;
};

/**
 * The queue is the work list from the top, a page at a time, ranked by the database with the
 * keys of `orderQueue`. Each group (contract customers first) is read in the order of the
 * partial index on open tickets (severity rank, received, number), so a page is an index walk
 * of about a page of tickets, not a sort of every open ticket.
 */
@Injectable()
export class SupportQueueService {
  /** The page statements by group and filter combination (`pageQuery`): a handful at most. */
  private readonly pageSql = new Map<string, string>();
  private readonly ticketColumns: readonly ColumnMetadata[];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly customers: CustomersService,
    private readonly tickets: TicketsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {
    this.ticketColumns = dataSource.getMetadata(SupportTicket).columns;
  }

  /**
   * Two statements for a first page in the common case (the caller's user is the third, in
   * the guard): the page itself carries the bounded total and, per ticket, whether it has a
   * cost decision, so the decisions are read only for tickets that have one. Every round trip
   * and every query TypeORM builds costs the single Node thread more than the database's work
   * on this index walk (`npm run bench:queue` shows it).
   */
  async queue(actor: Actor, query: QueueQuery): Promise<QueueResponse> {
    const today = this.clock.today();
    const now = this.clock.now();
    // Exact, not bounded: a later page starts inside or after the contract group by it.
    const contractCount =
      query.skip === 0 ? 0 : await this.group(query, 'service_contract', today).getCount();
    const first =
      query.skip === 0 || query.skip < contractCount
        ? await this.page(query, 'service_contract', today, query.skip, query.pageSize)
        : NO_PAGE;
    const rest =
      first.tickets.length < query.pageSize
        ? await this.page(
            query,
            'no_service_contract',
            today,
            Math.max(0, query.skip - contractCount),
            query.pageSize - first.tickets.length,
          )
        : NO_PAGE;
    // An empty page (no open tickets, or a page past the end) counts on its own.
    const [total, totalCapped] =
      first.total ?? rest.total ?? (await boundedTotal(this.openTickets(query)));
    const ranked: Array<{ ticket: SupportTicket; group: QueueGroup }> = [
      ...first.tickets.map((ticket) => ({ ticket, group: 'service_contract' as const })),
      ...rest.tickets.map((ticket) => ({ ticket, group: 'no_service_contract' as const })),
    ];
    const decisions = await this.tickets.latestDecisions([...first.decided, ...rest.decided]);
    return {
      asOf: today,
      total,
      totalCapped,
      page: query.page,
      pageSize: query.pageSize,
      limit: query.pageSize,
      items: ranked.map(({ ticket, group }, i) => ({
        ...placeAt(ticket, group, query.skip + i + 1, now),
        ticket: toTicketResponse(ticket, actor, decisions.get(ticket.id) ?? null),
      })),
    };
  }

  private async page(
    query: QueueQuery,
    group: QueueGroup,
    today: string,
    offset: number,
    limit: number,
  ): Promise<GroupPage> {
    const { assigneeId, severity, customerId } = query;
    const shape = `${group} ${assigneeId ? 'a' : ''}${severity ? 's' : ''}${customerId ? 'c' : ''}`;
    let sql = this.pageSql.get(shape);
    if (!sql) {
      sql = this.pageQuery(query, group);
      this.pageSql.set(shape, sql);
    }
    const [statement, parameters] = this.dataSource.driver.escapeQueryWithParameters(sql, {
      today,
      assignee: assigneeId,
      severity,
      customer: customerId,
      offset,
      limit,
    });
    const raw = await this.dataSource.query<PageRow[]>(statement, parameters);
    if (raw.length === 0) return NO_PAGE;
    const n = Number(raw[0].queue_total);
    return {
      tickets: raw.map((row) => this.hydrate(row)),
      decided: raw.filter((row) => Number(row.queue_decided) === 1).map((row) => row.t_id),
      total: n > TOTAL_LIMIT ? [TOTAL_LIMIT, true] : [n, false],
    };
  }

  /**
   * The page statement of a group and a combination of filters, with named parameters (the
   * filters' values, `today`, `offset`, `limit`): built by the query builder once, then kept.
   * Building it (and mapping the rows through TypeORM's result transformer) took more of the
   * Node thread per request than the database's whole index walk (`npm run bench:queue`).
   */
  private pageQuery(query: QueueQuery, group: QueueGroup): string {
    // The same filters under another alias; the parameters are shared by name.
    const counted = this.openTickets(query, 'counted')
      .select('1')
      .limit(TOTAL_LIMIT + 1)
      .getQuery();
    const decision = this.dataSource
      .getRepository(CostDecisionRecord)
      .createQueryBuilder('d')
      .select('1')
      .where('d.ticketId = t.id')
      .getQuery();
    const sql = this.group(query, group)
      .addSelect(`(SELECT COUNT(*) FROM (${counted}) bounded)`, 'queue_total')
      .addSelect(`CASE WHEN EXISTS (${decision}) THEN 1 ELSE 0 END`, 'queue_decided')
      .orderBy(severityRankSql('t.severity'), 'ASC')
      .addOrderBy('t.receivedAt', 'ASC')
      .addOrderBy('t.number', 'ASC')
      .getQuery();
    return `${sql} LIMIT :limit OFFSET :offset`;
  }

  /** A ticket from its row, each column as TypeORM hydrates it (dates, per driver). */
  private hydrate(row: PageRow): SupportTicket {
    const ticket = new SupportTicket();
    for (const column of this.ticketColumns) {
      column.setEntityValue(
        ticket,
        this.dataSource.driver.prepareHydratedValue(row[`t_${column.databaseName}`], column),
      );
    }
    return ticket;
  }

  private group(query: QueueQuery, group: QueueGroup, today?: string) {
    const contract = this.customers.serviceContractCustomersSql('today');
    const member = group === 'service_contract' ? 'IN' : 'NOT IN';
    return this.openTickets(query).andWhere(`t.customerId ${member} (${contract})`, { today });
  }

  private openTickets(query: QueueQuery, alias = 't') {
    const qb = this.dataSource
      .getRepository(SupportTicket)
      .createQueryBuilder(alias)
      .where(openSql(alias));
    const { assigneeId, severity, customerId } = query;
    if (assigneeId) qb.andWhere(`${alias}.assigneeId = :assignee`, { assignee: assigneeId });
    if (severity) qb.andWhere(`${alias}.severity = :severity`, { severity });
    if (customerId) qb.andWhere(`${alias}.customerId = :customer`, { customer: customerId });
    return qb;
  }
}

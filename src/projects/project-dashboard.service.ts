import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/access.js';
import { addDays, Clock } from '../common/clock.js';
import { columnType } from '../common/columns.js';
import { Project, ProjectStageCount } from './project.entity.js';
import { ProjectRevision } from './revision.entity.js';
import { STAGES, type Stage } from './stage-machine.js';
import { ChangeRequest } from './work.entity.js';

export interface StageCount {
  stage: Stage;
  count: number;
}

/** A project (or one of its change requests) on the dashboard, with why it is listed. */
export interface DashboardEntry {
  projectId: string;
  number: string;
  title: string;
  stage: Stage;
  /** What is to be done: a project stage's next step, or 'change_request' for a Nachtrag. */
  reason: Stage | 'change_request';
  completionDate: string | null;
  /** When it went to the customer (waits on the customer). */
  sentAt: string | null;
  changeRequestNumber: number | null;
}

export interface ProjectDashboard {
  /** Whose projects: the consultant's own, or all for admin and finance. */
  scope: 'mine' | 'all';
  stages: StageCount[];
  waitingOnMe: DashboardEntry[];
  waitingOnCustomer: DashboardEntry[];
  dueSoon: DashboardEntry[];
  today: string;
}

/** Stages where the next step is the company's. */
const STAFF_NEXT: Stage[] = ['concept', 'solution', 'approved', 'scheduled', 'in_progress', 'qa'];
/** Stages with a completion date that still matters. */
const DATED: Stage[] = ['approved', 'scheduled', 'in_progress', 'qa', 'acceptance'];
/** Completion dates this close (or passed) are shown. */
const DUE_WITHIN_DAYS = 14;
const LIMIT = 25;

/**
 * The staff dashboard, answered by the database: counts per stage from the counts it keeps, and
 * each list as one indexed query with a limit (idx_projects_creator_stage,
 * idx_projects_stage_completion, idx_change_requests_status), the five lists sent as one
 * statement; never by loading every project.
 * A consultant sees the projects they created; admin and finance see all.
 */
@Injectable()
export class ProjectDashboardService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async dashboard(actor: Actor): Promise<ProjectDashboard> {
    const mine = actor.role === 'consultant' ? actor.userId : null;
    const today = this.clock.today();
    const [stages, lists] = await Promise.all([this.stageCounts(mine), this.lists(mine, today)]);
    return {
      scope: mine ? 'mine' : 'all',
      stages,
      waitingOnMe: [...lists.waiting, ...lists.drafts],
      waitingOnCustomer: [...lists.review, ...lists.sent],
      dueSoon: lists.due,
      today,
    };
  }

  /** From the counts the database keeps (`project_stage_counts`): a few rows, not every project. */
  private async stageCounts(mine: string | null): Promise<StageCount[]> {
    const query = this.dataSource
      .getRepository(ProjectStageCount)
      .createQueryBuilder('c')
      .select('c.stage', 'stage')
      .addSelect('SUM(c.count)', 'count')
      .groupBy('c.stage');
    if (mine) query.where('c.created_by = :mine', { mine });
    const rows = await query.getRawMany<{ stage: Stage; count: string | number }>();
    const counts = new Map(rows.map((row) => [row.stage, Number(row.count)]));
    return STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 }));
  }

  /**
   * The five lists in one statement: each list is its own indexed query with its order and
   * limit, and UNION ALL sends them together (five statements cost five round trips and
   * five wake-ups of the database for a page). Rows come back tagged with their list and are
   * put in each list's order here, as SQL does not promise the members' order in a union.
   */
  private async lists(
    mine: string | null,
    today: string,
  ): Promise<Record<ListName, DashboardEntry[]>> {
    const members: Record<ListName, SelectQueryBuilder<ObjectLiteral>> = {
      waiting: this.projectRows(mine, 'waiting', STAFF_NEXT)
        .orderBy('p.updated_at', 'ASC')
        .limit(LIMIT),
      // Projects in review, with the day their current revision was sent.
      review: this.projectRows(mine, 'review', ['in_review', 'acceptance'], {
        sentAt: 'r.sent_at',
      })
        .leftJoin(
          ProjectRevision,
          'r',
          'r.project_id = p.id AND r.number = p.current_revision AND p.stage = :review',
          { review: 'in_review' },
        )
        .orderBy('p.updated_at', 'ASC')
        .limit(LIMIT),
      due: this.projectRows(mine, 'due', DATED)
        .andWhere('p.completion_date <= :until', { until: addDays(today, DUE_WITHIN_DAYS) })
        .orderBy('p.completion_date', 'ASC')
        .limit(LIMIT),
      drafts: this.changeRequestRows(mine, 'drafts', 'draft'),
      sent: this.changeRequestRows(mine, 'sent', 'sent'),
    };
    const postgres = this.dataSource.driver.options.type === 'postgres';
    // PostgreSQL takes a parenthesised member with ORDER BY and LIMIT; SQLite only a subquery.
    const member = (sql: string) => (postgres ? `(${sql})` : `SELECT * FROM (${sql})`);
    const queries = Object.values(members);
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      queries.map((query) => member(query.getQuery())).join(' UNION ALL '),
      Object.assign({}, ...queries.map((query) => query.getParameters())) as ObjectLiteral,
    );
    const rows = await this.dataSource.query<DashboardRow[]>(sql, parameters);
    const entries = (list: ListName, orderBy: (row: DashboardRow) => string) =>
      rows
        .filter((row) => row.list === list)
        .map((row) => ({ row, key: orderBy(row) }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
        .map(({ row }) => toEntry(row, list));
    const updated = (row: DashboardRow) => isoOrNull(row.p_updated) ?? '';
    return {
      waiting: entries('waiting', updated),
      review: entries('review', updated),
      due: entries('due', (row) => row.p_completion ?? ''),
      drafts: entries('drafts', (row) => isoOrNull(row.cr_created) ?? ''),
      sent: entries('sent', (row) => isoOrNull(row.cr_created) ?? ''),
    };
  }

  /**
   * A list's projects with the columns every list selects, in the same order (a union needs
   * that); its stage filter has a parameter of its own, as all members share one set.
   */
  private projectRows(
    mine: string | null,
    list: ListName,
    stages: Stage[],
    { sentAt = NO_TIME } = {},
  ): SelectQueryBuilder<ObjectLiteral> {
    return this.scoped(mine)
      .andWhere(`p.stage IN (:...${list}Stages)`, { [`${list}Stages`]: stages })
      .select([`'${list}' AS list`, ...PROJECT_COLUMNS])
      .addSelect([`${sentAt} AS sent_at`, 'CAST(NULL AS integer) AS cr_number'])
      .addSelect(`${NO_TIME} AS cr_created`);
  }

  /** Change requests in a status, oldest first, as rows of the same shape as projectRows. */
  private changeRequestRows(
    mine: string | null,
    list: ListName,
    status: 'draft' | 'sent',
  ): SelectQueryBuilder<ObjectLiteral> {
    const query = this.dataSource
      .getRepository(ChangeRequest)
      .createQueryBuilder('cr')
      .innerJoin(Project, 'p', 'p.id = cr.project_id')
      .select([`'${list}' AS list`, ...PROJECT_COLUMNS])
      .addSelect(['cr.sent_at AS sent_at', 'cr.number AS cr_number', 'cr.created_at AS cr_created'])
      .where(`cr.status = :${list}Status`, { [`${list}Status`]: status })
      .orderBy('cr.created_at', 'ASC')
      .limit(LIMIT);
    if (mine) query.andWhere('p.created_by = :mine', { mine });
    return query;
  }

  private scoped(mine: string | null): SelectQueryBuilder<Project> {
    return this.dataSource
      .getRepository(Project)
      .createQueryBuilder('p')
      .where(new Brackets((q) => (mine ? q.where('p.created_by = :mine', { mine }) : q)));
  }
}

/** The lists of the dashboard, as the union tags their rows. */
type ListName = 'waiting' | 'review' | 'due' | 'drafts' | 'sent';

/**
 * A typed NULL where a list has no time: PostgreSQL resolves a union's column types member by
 * member, and two bare NULLs would make it text.
 */
const NO_TIME = `CAST(NULL AS ${columnType.timestamp()})`;

/** Every list's columns; the completion date as text (node-pg makes a raw `date` a Date). */
const PROJECT_COLUMNS = [
  'p.id AS p_id',
  'p.number AS p_number',
  'p.title AS p_title',
  'p.stage AS p_stage',
  'CAST(p.completion_date AS VARCHAR(10)) AS p_completion',
  'p.updated_at AS p_updated',
];

interface DashboardRow {
  list: ListName;
  p_id: string;
  p_number: string;
  p_title: string;
  p_stage: Stage;
  p_completion: string | null;
  p_updated: Date | string;
  sent_at: Date | string | null;
  cr_number: number | string | null;
  cr_created: Date | string | null;
}

function toEntry(row: DashboardRow, list: ListName): DashboardEntry {
  const changeRequest = list === 'drafts' || list === 'sent';
  return {
    projectId: row.p_id,
    number: row.p_number,
    title: row.p_title,
    stage: row.p_stage,
    reason: changeRequest ? 'change_request' : row.p_stage,
    completionDate: row.p_completion ?? null,
    // In review: the day the current revision was sent, else when the project last moved.
    sentAt: changeRequest
      ? isoOrNull(row.sent_at)
      : list === 'review'
        ? (isoOrNull(row.sent_at) ?? isoOrNull(row.p_updated))
        : null,
    changeRequestNumber: changeRequest ? Number(row.cr_number) : null,
  };
}

/** SQLite hands back timestamps of raw selects as text, PostgreSQL as Date. */
function isoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date =
    value instanceof Date ? value : new Date(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return date.toISOString();
}

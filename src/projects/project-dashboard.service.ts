import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../common/access.js';
import { addDays, Clock } from '../common/clock.js';
import { Project } from './project.entity.js';
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
 * The staff dashboard, answered by the database: counts per stage in one grouped query, and
 * each list as one indexed query with a limit (idx_projects_creator_stage,
 * idx_projects_stage_completion, idx_change_requests_status), never by loading every project.
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
    const [stages, waitingOnMe, drafts, inReview, sentRequests, dueSoon] = await Promise.all([
      this.stageCounts(mine),
      this.projectsIn(mine, STAFF_NEXT).orderBy('p.updated_at', 'ASC').limit(LIMIT).getMany(),
      this.changeRequests(mine, 'draft'),
      this.inReview(mine),
      this.changeRequests(mine, 'sent'),
      this.projectsIn(mine, DATED)
        .andWhere('p.completion_date <= :until', { until: addDays(today, DUE_WITHIN_DAYS) })
        .orderBy('p.completion_date', 'ASC')
        .limit(LIMIT)
        .getMany(),
    ]);
    return {
      scope: mine ? 'mine' : 'all',
      stages,
      waitingOnMe: [...waitingOnMe.map((p) => entry(p, p.stage)), ...drafts],
      waitingOnCustomer: [...inReview, ...sentRequests],
      dueSoon: dueSoon.map((p) => entry(p, p.stage)),
      today,
    };
  }

  private async stageCounts(mine: string | null): Promise<StageCount[]> {
    const rows = await this.scoped(mine)
      .select('p.stage', 'stage')
      .addSelect('COUNT(*)', 'count')
      .groupBy('p.stage')
      .getRawMany<{ stage: Stage; count: string | number }>();
    const counts = new Map(rows.map((row) => [row.stage, Number(row.count)]));
    return STAGES.map((stage) => ({ stage, count: counts.get(stage) ?? 0 }));
  }

  /** Projects in review, with the day their current revision was sent. */
  private async inReview(mine: string | null): Promise<DashboardEntry[]> {
    const rows = await this.projectsIn(mine, ['in_review', 'acceptance'])
      .leftJoin(
        ProjectRevision,
        'r',
        'r.project_id = p.id AND r.number = p.current_revision AND p.stage = :review',
        { review: 'in_review' },
      )
      .addSelect('r.sent_at', 'sent_at')
      .orderBy('p.updated_at', 'ASC')
      .limit(LIMIT)
      .getRawAndEntities<{ sent_at: Date | string | null }>();
    return rows.entities.map((p, i) => ({
      ...entry(p, p.stage),
      sentAt: isoOrNull(rows.raw[i]?.sent_at) ?? p.updatedAt.toISOString(),
    }));
  }

  private async changeRequests(
    mine: string | null,
    status: 'draft' | 'sent',
  ): Promise<DashboardEntry[]> {
    const query = this.dataSource
      .getRepository(ChangeRequest)
      .createQueryBuilder('cr')
      .innerJoin(Project, 'p', 'p.id = cr.project_id')
      .select(['cr.number AS cr_number', 'cr.sent_at AS cr_sent_at'])
      .addSelect(['p.id AS p_id', 'p.number AS p_number', 'p.title AS p_title'])
      .addSelect('p.stage', 'p_stage')
      // As text: node-pg turns a raw `date` into a Date at local midnight.
      .addSelect('CAST(p.completion_date AS VARCHAR(10))', 'p_completion')
      .where('cr.status = :status', { status })
      .orderBy('cr.created_at', 'ASC')
      .limit(LIMIT);
    if (mine) query.andWhere('p.created_by = :mine', { mine });
    const rows = await query.getRawMany<Record<string, unknown>>();
    return rows.map((row) => ({
      projectId: String(row.p_id),
      number: String(row.p_number),
      title: String(row.p_title),
      stage: row.p_stage as Stage,
      reason: 'change_request',
      completionDate: (row.p_completion as string | null) ?? null,
      sentAt: isoOrNull(row.cr_sent_at as Date | string | null),
      changeRequestNumber: Number(row.cr_number),
    }));
  }

  private projectsIn(mine: string | null, stages: Stage[]): SelectQueryBuilder<Project> {
    return this.scoped(mine).andWhere('p.stage IN (:...stages)', { stages });
  }

  private scoped(mine: string | null): SelectQueryBuilder<Project> {
    return this.dataSource
      .getRepository(Project)
      .createQueryBuilder('p')
      .where(new Brackets((q) => (mine ? q.where('p.created_by = :mine', { mine }) : q)));
  }
}

function entry(p: Project, reason: DashboardEntry['reason']): DashboardEntry {
  return {
    projectId: p.id,
    number: p.number,
    title: p.title,
    stage: p.stage,
    reason,
    completionDate: p.completionDate,
    sentAt: null,
    changeRequestNumber: null,
  };
}

/** SQLite hands back timestamps of raw selects as text, PostgreSQL as Date. */
function isoOrNull(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const date =
    value instanceof Date ? value : new Date(/Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
  return date.toISOString();
}

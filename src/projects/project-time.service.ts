import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { DomainError, validationError } from '../common/domain-error.js';
import { keysetPage, type KeysetOrder, type KeysetPageQuery } from '../common/pagination.js';
import { CompanyService } from '../company/company.service.js';
import { lockRow } from '../database/row-locks.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type { LogTimeDto, TimeEntryPage, TimeEntryResponse } from './dto/work.dto.js';
import { ProjectGuard } from './project-guard.js';
import { Project } from './project.entity.js';
import { ProjectsService } from './projects.service.js';
import { entryValueCents } from './time-billing.js';
import { TimeEntry } from './work.entity.js';

/** Time logged on a project under way, valued at the price list's rates. */
/** By day, then in the order logged. */
const PROJECT_TIME_ORDER: KeysetOrder = {
  list: 'project-time',
  keys: [
    { path: 'e.day', kind: 'day' },
    { path: 'e.createdAt', kind: 'timestamp' },
    { path: 'e.id', kind: 'uuid' },
  ],
  direction: 'ASC',
};

@Injectable()
export class ProjectTimeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly guard: ProjectGuard,
    private readonly projects: ProjectsService,
    private readonly company: CompanyService,
  ) {}

  /**
   * Logs time as worked. On a time-and-materials project, billable time beyond the approved
   * budget is refused until a change request raises it; it may still be logged non-billable.
   */
  async logTime(actor: Actor, id: string, dto: LogTimeDto): Promise<TimeEntryResponse> {
    // Visibility (404) and stage (409) before the price list (400): a project that takes no
    // time says so, whatever the body names. Checked again under the row lock below.
    this.guard.assertCan(await this.guard.findVisible(actor, id), 'log_time', actor);
    const rate = await this.company.service(dto.serviceRateId).catch(() => {
      throw validationError([
        { field: 'serviceRateId', messages: ['no price-list service with this id'] },
      ]);
    });
    if (!rate.active)
      throw validationError([{ field: 'serviceRateId', messages: ['this service is retired'] }]);
    const profile = await this.company.profile();
    const entry = await this.transactions.run(async (tx) => {
      const project = await this.lockedProject(tx, actor, id);
      this.guard.assertCan(project, 'log_time', actor);
      const created = tx.manager.create(TimeEntry, {
        id: randomUUID(),
        projectId: id,
        userId: actor.userId,
        day: dto.day,
        minutes: dto.minutes,
        description: dto.description,
        serviceRateId: rate.id,
        billable: dto.billable ?? true,
        invoiceId: null,
      });
      await this.assertWithinBudget(tx, project, created);
      await tx.manager.insert(TimeEntry, created);
      await this.audit.record(tx, actor, {
        entityType: 'project',
        entityId: id,
        action: 'time_logged',
        changes: {
          timeEntryId: created.id,
          day: dto.day,
          minutes: dto.minutes,
          billable: created.billable,
        },
      });
      return created;
    });
    const saved = await this.dataSource.getRepository(TimeEntry).findOneByOrFail({ id: entry.id });
    return toTimeEntryResponse(
      saved,
      entryValueCents(
        saved.minutes,
        rate,
        profile.billingIncrementMinutes,
        profile.workUnitMinutes,
      ),
    );
  }

  async listTime(actor: Actor, id: string, query: KeysetPageQuery): Promise<TimeEntryPage> {
    await this.guard.findVisible(actor, id);
    const qb = this.dataSource
      .getRepository(TimeEntry)
      .createQueryBuilder('e')
      .where('e.projectId = :id', { id });
    return keysetPage(qb, PROJECT_TIME_ORDER, query, (entries) => this.timeResponses(entries));
  }

  private async timeResponses(entries: TimeEntry[]): Promise<TimeEntryResponse[]> {
    if (entries.length === 0) return [];
    const [profile, services] = await Promise.all([
      this.company.profile(),
      this.company.servicesByIds([...new Set(entries.map((e) => e.serviceRateId))]),
    ]);
    const rates = new Map(services.map((r) => [r.id, r]));
    return entries.map((e) =>
      toTimeEntryResponse(
        e,
        entryValueCents(
          e.minutes,
          rates.get(e.serviceRateId)!,
          profile.billingIncrementMinutes,
          profile.workUnitMinutes,
        ),
      ),
    );
  }

  /** The project row locked for the rest of the transaction (PostgreSQL; SQLite is serial). */
  /** A billable entry on a time-and-materials project must stay within the approved budget. */
  private async assertWithinBudget(tx: Tx, project: Project, entry: TimeEntry): Promise<void> {
    if (!entry.billable || project.billingMode !== 'time_and_materials') return;
    const budget = project.agreedNetCents ?? 0;
    const used = await this.projects.usedBudgetCents(tx.manager, project.id, [entry]);
    if (used > budget) {
      throw new DomainError(
        'conflict',
        'PROJECT.BUDGET_EXCEEDED',
        `This time would bring billable work to ${used} cents, beyond the approved budget of ${budget} cents: a change request must be approved first (it may be logged as non-billable)`,
        { budgetCents: budget, wouldUseCents: used },
      );
    }
  }

  private async lockedProject(tx: Tx, actor: Actor, id: string): Promise<Project> {
    await lockRow(tx, 'projects', id);
    return this.guard.findVisible(actor, id, tx.manager);
  }
}

function toTimeEntryResponse(entry: TimeEntry, valueCents: number): TimeEntryResponse {
  return {
    id: entry.id,
    projectId: entry.projectId,
    userId: entry.userId,
    day: entry.day,
    minutes: entry.minutes,
    description: entry.description,
    serviceRateId: entry.serviceRateId,
    billable: entry.billable,
    valueCents,
    createdAt: entry.createdAt.toISOString(),
  };
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, type EntityManager } from 'typeorm';
import type { Actor } from '../common/access.js';
import { billedQuantity } from '../common/billable-time.js';
import { DomainError } from '../common/domain-error.js';
import { CompanyService } from '../company/company.service.js';
import type { Tx } from '../database/transactions.js';
import type { ItemUnit } from './estimate.js';
import { ProjectGuard } from './project-guard.js';
import type { BillingMode, Project } from './project.entity.js';
import { ProjectRevision, RevisionDecision } from './revision.entity.js';
import type { Stage } from './stage-machine.js';
import { ChangeRequest, TimeEntry } from './work.entity.js';

export interface BillingLine {
  title: string;
  description: string | null;
  quantity: number;
  unit: ItemUnit;
  unitPriceCents: number;
  source: 'revision_item' | 'change_request' | 'time_entry';
  sourceId: string;
}

/** What a project's invoices are made of, for the invoicing module. */
export interface ProjectBillingBasis {
  id: string;
  number: string;
  title: string;
  customerId: string;
  stage: Stage;
  billingMode: BillingMode;
  vatRateBp: number;
  /** Approved net plus approved change requests; for T&M the budget. */
  agreedNetCents: number | null;
  approvedRevision: number | null;
  acceptedOn: string | null;
  completionDate: string | null;
  /** Fixed price: the approved revision's chosen lines, then approved change requests. */
  fixedLines: BillingLine[];
  /** T&M: billable time not yet invoiced, rounded per the price list now (raw entries kept). */
  timeLines: BillingLine[];
  /** First and last day of the unbilled time (T&M service period). */
  workPeriod: { from: string; to: string } | null;
}

/** Project data for invoices, and marking time entries as invoiced. */
@Injectable()
export class ProjectBillingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly guard: ProjectGuard,
    private readonly company: CompanyService,
  ) {}

  async basis(actor: Actor, projectId: string, tx?: Tx): Promise<ProjectBillingBasis> {
    const manager = tx?.manager ?? this.dataSource.manager;
    const project = await this.guard.findVisible(actor, projectId, manager);
    const fixedLines = await this.fixedLines(manager, project);
    const { entries, timeLines } = await this.timeLines(manager, projectId);
    return {
      id: project.id,
      number: project.number,
      title: project.title,
      customerId: project.customerId,
      stage: project.stage,
      billingMode: project.billingMode,
      vatRateBp: project.vatRateBp,
      agreedNetCents: project.agreedNetCents,
      approvedRevision: project.approvedRevision,
      acceptedOn: project.acceptedOn,
      completionDate: project.completionDate,
      fixedLines,
      timeLines,
      workPeriod:
        entries.length > 0 ? { from: entries[0].day, to: entries[entries.length - 1].day } : null,
    };
  }

  /**
   * Number and stage only, read with the caller's transaction and nothing else: a transaction
   * holding the invoice-number lock must not wait for a second pooled connection.
   */
  async stageIn(
    tx: Tx,
    actor: Actor,
    projectId: string,
  ): Promise<{ number: string; stage: Stage }> {
    const project = await this.guard.findVisible(actor, projectId, tx.manager);
    return { number: project.number, stage: project.stage };
  }

  /**
   * Marks time entries as invoiced by `invoiceId`, inside the issuing transaction. Only rows
   * still unbilled change, so an entry can never land on two invoices.
   */
  async claimTimeEntriesIn(tx: Tx, projectId: string, entryIds: string[], invoiceId: string) {
    if (entryIds.length === 0) return;
    const result = await tx.manager.update(
      TimeEntry,
      { id: In(entryIds), projectId, invoiceId: IsNull() },
      { invoiceId },
    );
    if (result.affected !== entryIds.length) {
      throw new DomainError(
        'conflict',
        'PROJECT.TIME_ALREADY_INVOICED',
        'Some time entries have been invoiced already; create the draft again.',
      );
    }
  }

  /** A cancelled invoice gives its time entries back, for the corrected invoice. */
  async releaseTimeEntriesIn(tx: Tx, invoiceId: string): Promise<void> {
    await tx.manager.update(TimeEntry, { invoiceId }, { invoiceId: null });
  }

  /** The agreed fee's lines: the approved revision with the chosen options, and approved Nachträge. */
  private async fixedLines(manager: EntityManager, project: Project): Promise<BillingLine[]> {
    const approved = project.approvedRevision;
    if (approved === null) return [];
    const fixedLines: BillingLine[] = [];
    const [revision, decision] = await Promise.all([
      manager.findOneByOrFail(ProjectRevision, {
        projectId: project.id,
        number: approved,
      }),
      manager.findOneByOrFail(RevisionDecision, {
        projectId: project.id,
        revisionNumber: approved,
        decision: 'approved',
      }),
    ]);
    for (const item of revision.content.items) {
      if (item.optional && !decision.chosenOptionalItemIds.includes(item.id)) continue;
      fixedLines.push({
        title: item.title,
        description: item.description,
        quantity: item.quantity,
        unit: item.unit,
        unitPriceCents: item.unitPriceCents,
        source: 'revision_item',
        sourceId: item.id,
      });
    }
    const changeRequests = await manager.find(ChangeRequest, {
      where: { projectId: project.id, status: 'approved' },
      order: { number: 'ASC' },
    });
    for (const cr of changeRequests) {
      for (const line of cr.lines) {
        fixedLines.push({
          title: `Nachtrag N-${cr.number}: ${line.title}`,
          description: line.description,
          quantity: line.quantity,
          unit: line.unit,
          unitPriceCents: line.unitPriceCents,
          source: 'change_request',
          sourceId: cr.id,
        });
      }
    }
    return fixedLines;
  }

  /** Billable time not yet invoiced, as lines in hours (rounded up) or work units. */
  private async timeLines(manager: EntityManager, projectId: string) {
    const entries = await manager.find(TimeEntry, {
      where: { projectId, billable: true, invoiceId: IsNull() },
      order: { day: 'ASC', createdAt: 'ASC' },
    });
    const profile = await this.company.profile(manager);
    const rates = new Map(
      (
        await this.company.servicesByIds([...new Set(entries.map((e) => e.serviceRateId))], manager)
      ).map((r) => [r.id, r]),
    );
    const timeLines = entries.map((entry): BillingLine => {
      const rate = rates.get(entry.serviceRateId)!;
      const perUnit = rate.unit === 'work_unit';
      const quantity = billedQuantity(entry.minutes, rate.unit, profile);
      return {
        title: `${entry.day}: ${entry.description}`,
        description: `${rate.name}, ${entry.minutes} min`,
        quantity,
        unit: perUnit ? 'work_unit' : 'hour',
        unitPriceCents: rate.rateCents,
        source: 'time_entry',
        sourceId: entry.id,
      };
    });
    return { entries, timeLines };
  }
}

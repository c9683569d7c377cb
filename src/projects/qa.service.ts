import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type { ActionDto, ProjectResponse } from './dto/project.dto.js';
import type { QaRoundResponse, RecordQaCheckDto } from './dto/work.dto.js';
import { issuerOf, ProjectDocumentsService } from './project-documents.service.js';
import { ProjectGuard } from './project-guard.js';
import { ProjectTransitions } from './project-transitions.service.js';
import { Requirement, type Project } from './project.entity.js';
import {
  decideQaRound,
  defectsForNextRound,
  needsNote,
  pendingChecks,
  qaActionFor,
} from './qa-lifecycle.js';
import { AcceptanceRecord, QaCheck, QaRound } from './qa.entity.js';

/** Internal QA: rounds of checks, one per requirement and per defect the customer listed. */
@Injectable()
export class QaService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly transitions: ProjectTransitions,
    private readonly audit: AuditService,
    private readonly guard: ProjectGuard,
    private readonly projectDocuments: ProjectDocumentsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Opens an internal QA round: one check per requirement, plus one per defect the customer
   * listed when rejecting the last acceptance and one per defect check of the last round that
   * failed (carried until it passes or is waived).
   */
  submit(actor: Actor, id: string, dto: ActionDto): Promise<ProjectResponse> {
    return this.transitions.act(actor, id, 'submit_qa', dto.version, async (tx, project) => {
      const previous = await tx.manager.count(QaRound, { where: { projectId: project.id } });
      const requirements = await tx.manager.find(Requirement, {
        where: { projectId: project.id },
        order: { position: 'ASC' },
      });
      const rejection = await tx.manager.findOne(AcceptanceRecord, {
        where: { projectId: project.id, qaRound: previous, decision: 'rejected' },
      });
      const lastRound = await tx.manager.findOneBy(QaRound, {
        projectId: project.id,
        number: previous,
      });
      const lastChecks = lastRound
        ? await tx.manager.findBy(QaCheck, { roundId: lastRound.id })
        : [];
      const checks = [
        ...requirements.map((r, i) => ({
          source: 'requirement' as const,
          requirementId: r.id,
          title: `${i + 1}. ${r.text}`,
        })),
        ...defectsForNextRound(lastChecks, rejection?.defects ?? []).map((d) => ({
          source: 'defect' as const,
          requirementId: null,
          title: d.title,
        })),
      ];
      return {
        details: { qaRound: previous + 1, checks: checks.length },
        record: () => this.openRound(tx, actor, project, previous + 1, checks),
      };
    });
  }

  /** All checks decided: all passed or waived → acceptance; any failed → back to the work. */
  complete(actor: Actor, id: string, dto: ActionDto): Promise<ProjectResponse> {
    let round!: QaRound;
    let checks!: QaCheck[];
    return this.transitions.act(
      actor,
      id,
      'complete_qa',
      dto.version,
      (tx, project) => {
        const verdict = decideQaRound(round.status, 'complete', actor.role, {
          anyFailed: checks.some((c) => c.result === 'failed'),
        });
        if (!verdict.allowed) throw notFound('QA_ROUND.NOT_FOUND', round.id, 'QA round');
        const completed = { ...round, status: verdict.next, completedAt: this.clock.now() };
        return Promise.resolve({
          details: { qaRound: round.number, result: verdict.next },
          record: async () => {
            await tx.manager.update(
              QaRound,
              { id: round.id },
              { status: completed.status, completedAt: completed.completedAt },
            );
            await this.projectDocuments.qaCompleted(
              tx,
              issuerOf(actor),
              project,
              completed,
              checks,
            );
          },
        });
      },
      async (tx, project) => {
        round = await tx.manager.findOneByOrFail(QaRound, {
          projectId: project.id,
          status: 'open',
        });
        checks = await tx.manager.findBy(QaCheck, { roundId: round.id });
        const pending = pendingChecks(checks);
        if (pending.length > 0) {
          throw new DomainError(
            'conflict',
            'PROJECT.QA_INCOMPLETE',
            `${pending.length} QA checks are not decided yet`,
            { pendingChecks: pending },
          );
        }
        return { qaFailed: checks.some((c) => c.result === 'failed') };
      },
    );
  }

  async recordCheck(
    actor: Actor,
    id: string,
    checkId: string,
    dto: RecordQaCheckDto,
  ): Promise<QaRoundResponse> {
    if (needsNote(dto.result, dto.note)) {
      throw validationError([
        {
          field: 'note',
          messages: [
            `a ${dto.result} check needs a note saying ${dto.result === 'failed' ? 'what failed' : 'why it is waived'}`,
          ],
        },
      ]);
    }
    if (decideQaRound('open', qaActionFor(dto.result), actor.role).allowed === false) {
      throw new DomainError(
        'forbidden',
        'PROJECT.WAIVER_ADMIN_ONLY',
        'Only an admin may waive a QA check',
      );
    }
    const roundId = await this.transactions.run(async (tx) => {
      const project = await this.guard.findVisible(actor, id, tx.manager);
      this.guard.assertCan(project, 'record_qa', actor);
      const check = await tx.manager.findOneBy(QaCheck, { id: checkId, projectId: id });
      const round = check && (await tx.manager.findOneBy(QaRound, { id: check.roundId }));
      if (!check || !round || !decideQaRound(round.status, 'record_check', actor.role).allowed) {
        throw notFound('QA_CHECK.NOT_FOUND', checkId, 'QA check');
      }
      await this.guard.save(tx, project, {});
      await tx.manager.update(
        QaCheck,
        { id: checkId },
        {
          result: dto.result,
          note: dto.note ?? null,
          decidedBy: actor.userId,
          decidedAt: this.clock.now(),
        },
      );
      await this.audit.record(tx, actor, {
        entityType: 'project',
        entityId: id,
        action: 'qa_check_recorded',
        changes: {
          qaRound: round.number,
          check: check.title,
          result: { from: check.result, to: dto.result },
        },
        reason: dto.note ?? null,
      });
      return round.id;
    });
    return (await this.rounds(actor, id)).find((r) => r.id === roundId)!;
  }

  async rounds(actor: Actor, id: string): Promise<QaRoundResponse[]> {
    await this.guard.findVisible(actor, id);
    const rounds = await this.dataSource
      .getRepository(QaRound)
      .find({ where: { projectId: id }, order: { number: 'ASC' } });
    if (rounds.length === 0) return [];
    const checks = await this.dataSource
      .getRepository(QaCheck)
      .find({ where: { projectId: id }, order: { position: 'ASC' } });
    return rounds.map((round) => ({
      id: round.id,
      number: round.number,
      status: round.status,
      startedAt: round.startedAt.toISOString(),
      completedAt: round.completedAt?.toISOString() ?? null,
      checks: checks
        .filter((c) => c.roundId === round.id)
        .map((c) => ({
          id: c.id,
          position: c.position,
          source: c.source,
          requirementId: c.requirementId,
          title: c.title,
          result: c.result,
          note: c.note,
          decidedBy: c.decidedBy,
          decidedAt: c.decidedAt?.toISOString() ?? null,
        })),
    }));
  }

  private async openRound(
    tx: Tx,
    actor: Actor,
    project: Project,
    number: number,
    checks: Array<Pick<QaCheck, 'source' | 'requirementId' | 'title'>>,
  ): Promise<void> {
    const round = {
      id: randomUUID(),
      projectId: project.id,
      number,
      status: 'open' as const,
      startedAt: this.clock.now(),
      startedBy: actor.userId,
      completedAt: null,
    };
    await tx.manager.insert(QaRound, round);
    for (const [position, check] of checks.entries()) {
      await tx.manager.insert(QaCheck, {
        id: randomUUID(),
        roundId: round.id,
        projectId: project.id,
        position,
        ...check,
        result: 'pending',
        note: null,
        decidedBy: null,
        decidedAt: null,
      });
    }
  }
}

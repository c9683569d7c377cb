import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Actor } from '../common/access.js';
import { addDays, Clock } from '../common/clock.js';
import { DomainError, validationError } from '../common/domain-error.js';
import { CompanyService } from '../company/company.service.js';
import type { Tx } from '../database/transactions.js';
import type {
  ActionDto,
  ProjectResponse,
  ReasonDto,
  RescheduleDto,
  ScheduleDto,
} from './dto/project.dto.js';
import { issuerOf, ProjectDocumentsService } from './project-documents.service.js';
import { byActor, ProjectTransitions } from './project-transitions.service.js';
import { Project, Requirement } from './project.entity.js';
import { ProjectsService } from './projects.service.js';
import { ProjectRevision, RevisionDecision } from './revision.entity.js';
import { ScheduleChange } from './work.entity.js';

/**
 * The staff's stage transitions: preparing and sending the offer, scheduling, starting the
 * work, cancelling; invoicing moves the project on through `markInvoicedIn` and `closeIn`.
 * Customer decisions are in ProjectDecisionsService, QA in QaService.
 */
@Injectable()
export class ProjectWorkflowService {
  constructor(
    private readonly transitions: ProjectTransitions,
    private readonly projects: ProjectsService,
    private readonly company: CompanyService,
    private readonly projectDocuments: ProjectDocumentsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  startSolution(actor: Actor, id: string, dto: ActionDto): Promise<ProjectResponse> {
    return this.transitions.act(actor, id, 'start_solution', dto.version, async (tx, project) => {
      const requirements = await tx.manager.count(Requirement, {
        where: { projectId: project.id },
      });
      const missing = [
        ...(project.background.trim() ? [] : ['background']),
        ...(project.goals.trim() ? [] : ['goals']),
        ...(requirements > 0 ? [] : ['requirements']),
      ];
      if (missing.length > 0) throw incomplete('The concept paper is incomplete', missing);
      return {};
    });
  }

  /** Freezes concept, solution and estimate as revision N and puts it in front of the customer. */
  send(actor: Actor, id: string, dto: ActionDto): Promise<ProjectResponse> {
    return this.transitions.act(actor, id, 'send', dto.version, async (tx, project) => {
      const content = await this.projects.draftContent(tx.manager, project);
      const missing = [
        ...(content.background.trim() ? [] : ['background']),
        ...(content.goals.trim() ? [] : ['goals']),
        ...(content.requirements.length > 0 ? [] : ['requirements']),
        ...content.requirements
          .filter((r) => !r.solution?.trim())
          .map((r) => `requirements.${r.number}.solution`),
        ...(content.items.length > 0 ? [] : ['items']),
        ...(content.validUntil ? [] : ['validUntil']),
      ];
      if (missing.length > 0) throw incomplete('The solution document is incomplete', missing);
      if (content.validUntil! < this.clock.today()) {
        throw validationError([
          { field: 'validUntil', messages: ['the offer would already have expired'] },
        ]);
      }
      const number = project.currentRevision;
      return {
        details: { revision: number, netCents: content.totals.netCents },
        record: async () => {
          await tx.manager.insert(ProjectRevision, {
            id: randomUUID(),
            projectId: project.id,
            number,
            content,
            sentAt: this.clock.now(),
            sentBy: actor.userId,
          });
          await this.projectDocuments.revisionSent(tx, issuerOf(actor), project, {
            number,
            content,
          });
        },
      };
    });
  }

  /** Staff take the revision back before the customer decides; N+1 opens as an editable copy. */
  withdraw(actor: Actor, id: string, dto: ReasonDto): Promise<ProjectResponse> {
    return this.transitions.act(actor, id, 'withdraw', dto.version, (tx, project) => {
      const number = project.currentRevision;
      return Promise.resolve({
        changes: { currentRevision: number + 1 },
        details: { revision: number },
        reason: dto.reason,
        record: async () => {
          await tx.manager.insert(RevisionDecision, {
            id: randomUUID(),
            projectId: project.id,
            revisionNumber: number,
            decision: 'withdrawn',
            actorId: actor.userId,
            signerName: actor.name,
            signerEmail: actor.email,
            method: 'staff',
            signedAt: this.clock.now(),
            comment: dto.reason,
            chosenOptionalItemIds: [],
            agreedNetCents: null,
          });
        },
      });
    });
  }

  /** The completion date (Fertigstellungstermin) the customer is promised. */
  schedule(actor: Actor, id: string, dto: ScheduleDto): Promise<ProjectResponse> {
    return this.transitions.act(actor, id, 'schedule', dto.version, async (tx, project) => {
      await this.assertCompletionDate(tx, dto.completionDate);
      const approval = await tx.manager.findOneByOrFail(RevisionDecision, {
        projectId: project.id,
        revisionNumber: project.approvedRevision!,
      });
      const revision = await tx.manager.findOneByOrFail(ProjectRevision, {
        projectId: project.id,
        number: approval.revisionNumber,
      });
      const from = project.completionDate;
      return {
        changes: { completionDate: dto.completionDate },
        details: { completionDate: dto.completionDate },
        record: async () => {
          await this.recordScheduleChange(tx, actor, project.id, from, dto.completionDate, null);
          await this.projectDocuments.orderConfirmed(
            tx,
            issuerOf(actor),
            project,
            approval,
            revision.content,
          );
        },
      };
    });
  }

  /** Moving the date later needs a reason; every move is kept. */
  reschedule(actor: Actor, id: string, dto: RescheduleDto): Promise<ProjectResponse> {
    return this.transitions.act(actor, id, 'reschedule', dto.version, (tx, project) => {
      const from = project.completionDate;
      const problem = rescheduleProblem(from, dto, this.clock.today());
      if (problem) throw validationError([problem]);
      return Promise.resolve({
        changes: { completionDate: dto.completionDate },
        details: { completionDate: { from, to: dto.completionDate } },
        reason: dto.reason ?? null,
        record: () =>
          this.recordScheduleChange(
            tx,
            actor,
            project.id,
            from,
            dto.completionDate,
            dto.reason ?? null,
          ),
      });
    });
  }

  startWork(actor: Actor, id: string, dto: ActionDto): Promise<ProjectResponse> {
    return this.transitions.act(actor, id, 'start_work', dto.version, () => Promise.resolve({}));
  }

  cancel(actor: Actor, id: string, dto: ReasonDto): Promise<ProjectResponse> {
    return this.transitions.act(actor, id, 'cancel', dto.version, () =>
      Promise.resolve({ changes: { cancelReason: dto.reason }, reason: dto.reason }),
    );
  }

  /**
   * Only the invoicing module moves a project to `invoiced` (issuing the final invoice) and
   * `closed` (its full payment), inside its own transaction, so the invoice and the project's
   * move commit together or not at all. There is no route to do it by hand: a project marked
   * invoiced without an invoice could never be invoiced.
   */
  async markInvoicedIn(
    tx: Tx,
    actor: Actor,
    id: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.transitions.run(tx, byActor(actor), id, 'invoice', undefined, () =>
      Promise.resolve({ details }),
    );
  }

  async closeIn(
    tx: Tx,
    actor: Actor,
    id: string,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.transitions.run(tx, byActor(actor), id, 'close', undefined, () =>
      Promise.resolve({ details }),
    );
  }

  private async assertCompletionDate(tx: Tx, day: string) {
    const profile = await this.company.profile(tx.manager);
    const earliest = addDays(this.clock.today(), profile.projectLeadTimeDays);
    if (day < earliest) {
      throw validationError([
        {
          field: 'completionDate',
          messages: [
            `the completion date must be on or after ${earliest} (today plus the lead time of ${profile.projectLeadTimeDays} days)`,
          ],
        },
      ]);
    }
  }

  private async recordScheduleChange(
    tx: Tx,
    actor: Actor,
    projectId: string,
    from: Project['completionDate'],
    to: string,
    reason: string | null,
  ) {
    await tx.manager.insert(ScheduleChange, {
      id: randomUUID(),
      projectId,
      fromDate: from,
      toDate: to,
      reason,
      changeRequestId: null,
      changedBy: actor.userId,
    });
  }
}

/** Guard: a new completion date differs, is not past, and moving it later says why. */
function rescheduleProblem(
  current: string | null,
  dto: RescheduleDto,
  today: string,
): { field: string; messages: string[] } | null {
  if (dto.completionDate === current) {
    return { field: 'completionDate', messages: ['this is the current completion date'] };
  }
  if (dto.completionDate < today) {
    return { field: 'completionDate', messages: ['the completion date must not be in the past'] };
  }
  if (current !== null && dto.completionDate > current && !dto.reason) {
    return { field: 'reason', messages: ['moving the completion date later needs a reason'] };
  }
  return null;
}

function incomplete(message: string, missing: string[]): DomainError {
  return new DomainError(
    'unprocessable',
    'PROJECT.INCOMPLETE',
    `${message}: missing ${missing.join(', ')}`,
    { missing },
  );
}

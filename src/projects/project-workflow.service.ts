import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { addDays, Clock } from '../common/clock.js';
import { DomainError, validationError } from '../common/domain-error.js';
import { lineNet } from '../common/money.js';
import { CompanyService } from '../company/company.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type {
  AcceptDto,
  ActionDto,
  ApproveDto,
  ProjectResponse,
  ReasonDto,
  RejectAcceptanceDto,
  RequestChangesDto,
  RescheduleDto,
  ScheduleDto,
} from './dto/project.dto.js';
import { estimateTotals, invalidOptionChoices } from './estimate.js';
import { ProjectDocumentsService } from './project-documents.service.js';
import { ProjectGuard } from './project-guard.js';
import { Project, Requirement } from './project.entity.js';
import { ProjectsService } from './projects.service.js';
import { AcceptanceRecord, QaCheck, QaRound } from './qa.entity.js';
import { ProjectRevision, RevisionDecision, type Signature } from './revision.entity.js';
import {
  signatureOf,
  signOffActor,
  signOffSignature,
  type SignOffSignature,
} from './signatures.js';
import type { Action, Stage, StageFacts } from './stage-machine.js';
import { ScheduleChange } from './work.entity.js';

interface Outcome {
  /** Further project fields to set besides the stage. */
  changes?: Partial<Project>;
  /** What the audit entry records besides the stage move. */
  details?: Record<string, unknown>;
  reason?: string | null;
}

/** The stage transitions of the working method, each in one transaction with its audit entry. */
@Injectable()
export class ProjectWorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly guard: ProjectGuard,
    private readonly projects: ProjectsService,
    private readonly company: CompanyService,
    private readonly projectDocuments: ProjectDocumentsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  startSolution(actor: Actor, id: string, dto: ActionDto) {
    return this.act(actor, id, 'start_solution', dto.version, async (tx, project) => {
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
  send(actor: Actor, id: string, dto: ActionDto) {
    return this.act(actor, id, 'send', dto.version, async (tx, project) => {
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
      await tx.manager.insert(ProjectRevision, {
        id: randomUUID(),
        projectId: project.id,
        number: project.currentRevision,
        content,
        sentAt: this.clock.now(),
        sentBy: actor.userId,
      });
      return { details: { revision: project.currentRevision, netCents: content.totals.netCents } };
    });
  }

  /** The customer approves exactly the revision in review, with the options they choose. */
  approve(actor: Actor, id: string, dto: ApproveDto) {
    return this.act(actor, id, 'approve', dto.version, (tx, project) =>
      this.approveWork(
        tx,
        project,
        signatureOf(actor, dto.signature, this.clock.now()),
        dto.optionalItemIds,
      ),
    );
  }

  private async approveWork(
    tx: Tx,
    project: Project,
    signature: Signature,
    optionalItemIds: string[] | undefined,
  ): Promise<Outcome> {
    const revision = await this.revisionInReview(tx, project);
    const validUntil = revision.content.validUntil!;
    if (validUntil < this.clock.today()) {
      throw new DomainError(
        'conflict',
        'PROJECT.OFFER_EXPIRED',
        `The offer (revision ${revision.number}) was valid until ${validUntil}; send a new revision`,
        { validUntil },
      );
    }
    const chosen = [...new Set(optionalItemIds ?? [])];
    const invalid = invalidOptionChoices(revision.content.items, chosen);
    if (invalid.length > 0) {
      throw validationError([
        {
          field: 'optionalItemIds',
          messages: [`not optional lines of revision ${revision.number}: ${invalid.join(', ')}`],
        },
      ]);
    }
    const totals = estimateTotals(revision.content.items, revision.content.vatRateBp, chosen);
    await tx.manager.insert(RevisionDecision, {
      id: randomUUID(),
      projectId: project.id,
      revisionNumber: revision.number,
      decision: 'approved',
      ...signature,
      comment: null,
      chosenOptionalItemIds: chosen,
      agreedNetCents: totals.netCents,
    });
    return {
      changes: { approvedRevision: revision.number, agreedNetCents: totals.netCents },
      details: {
        revision: revision.number,
        chosenOptionalItemIds: chosen,
        agreedNetCents: totals.netCents,
        signer: signature.signerName,
        method: signature.method,
      },
    };
  }

  /** The customer asks for changes: revision N is superseded, N+1 opens as an editable copy. */
  requestChanges(actor: Actor, id: string, dto: RequestChangesDto) {
    return this.act(actor, id, 'request_changes', dto.version, (tx, project) =>
      this.requestChangesWork(
        tx,
        project,
        signatureOf(actor, dto.signature, this.clock.now()),
        dto.comment,
      ),
    );
  }

  private async requestChangesWork(
    tx: Tx,
    project: Project,
    signature: Signature,
    comment: string,
  ): Promise<Outcome> {
    const revision = await this.revisionInReview(tx, project);
    await this.closeRevision(tx, project, revision, 'changes_requested', signature, comment);
    return {
      changes: { currentRevision: revision.number + 1 },
      details: {
        revision: revision.number,
        signer: signature.signerName,
        method: signature.method,
      },
      reason: comment,
    };
  }

  withdraw(actor: Actor, id: string, dto: ReasonDto) {
    return this.act(actor, id, 'withdraw', dto.version, async (tx, project) => {
      const revision = await this.revisionInReview(tx, project);
      const signature = {
        actorId: actor.userId,
        signerName: actor.name,
        signerEmail: actor.email,
        method: 'staff' as const,
        signedAt: this.clock.now(),
      };
      await this.closeRevision(tx, project, revision, 'withdrawn', signature, dto.reason);
      return {
        changes: { currentRevision: revision.number + 1 },
        details: { revision: revision.number },
        reason: dto.reason,
      };
    });
  }

  /** The completion date (Fertigstellungstermin) the customer is promised. */
  schedule(actor: Actor, id: string, dto: ScheduleDto) {
    return this.act(actor, id, 'schedule', dto.version, async (tx, project) => {
      await this.assertCompletionDate(tx, dto.completionDate);
      await this.recordScheduleChange(tx, actor, project, dto.completionDate, null);
      return {
        changes: { completionDate: dto.completionDate },
        details: { completionDate: dto.completionDate },
      };
    });
  }

  /** Moving the date later needs a reason; every move is kept. */
  reschedule(actor: Actor, id: string, dto: RescheduleDto) {
    return this.act(actor, id, 'reschedule', dto.version, async (tx, project) => {
      if (dto.completionDate === project.completionDate) {
        throw validationError([
          { field: 'completionDate', messages: ['this is the current completion date'] },
        ]);
      }
      if (dto.completionDate < this.clock.today()) {
        throw validationError([
          { field: 'completionDate', messages: ['the completion date must not be in the past'] },
        ]);
      }
      if (
        project.completionDate !== null &&
        dto.completionDate > project.completionDate &&
        !dto.reason
      ) {
        throw validationError([
          { field: 'reason', messages: ['moving the completion date later needs a reason'] },
        ]);
      }
      await this.recordScheduleChange(tx, actor, project, dto.completionDate, dto.reason ?? null);
      return {
        changes: { completionDate: dto.completionDate },
        details: { completionDate: { from: project.completionDate, to: dto.completionDate } },
        reason: dto.reason ?? null,
      };
    });
  }

  startWork(actor: Actor, id: string, dto: ActionDto) {
    return this.act(actor, id, 'start_work', dto.version, () => Promise.resolve({}));
  }

  /**
   * Opens an internal QA round: one check per requirement, plus one per defect the customer
   * listed when rejecting the last acceptance.
   */
  submitQa(actor: Actor, id: string, dto: ActionDto) {
    return this.act(actor, id, 'submit_qa', dto.version, async (tx, project) => {
      const previous = await tx.manager.count(QaRound, { where: { projectId: project.id } });
      const round = {
        id: randomUUID(),
        projectId: project.id,
        number: previous + 1,
        status: 'open' as const,
        startedAt: this.clock.now(),
        startedBy: actor.userId,
        completedAt: null,
      };
      await tx.manager.insert(QaRound, round);
      const requirements = await tx.manager.find(Requirement, {
        where: { projectId: project.id },
        order: { position: 'ASC' },
      });
      const rejection = await tx.manager.findOne(AcceptanceRecord, {
        where: { projectId: project.id, qaRound: previous, decision: 'rejected' },
      });
      const checks = [
        ...requirements.map((r, i) => ({
          source: 'requirement' as const,
          requirementId: r.id,
          title: `${i + 1}. ${r.text}`,
        })),
        ...(rejection?.defects ?? []).map((d) => ({
          source: 'defect' as const,
          requirementId: null,
          title: d.title,
        })),
      ];
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
      return { details: { qaRound: round.number, checks: checks.length } };
    });
  }

  /** All checks decided: all passed or waived → acceptance; any failed → back to the work. */
  completeQa(actor: Actor, id: string, dto: ActionDto) {
    return this.act(
      actor,
      id,
      'complete_qa',
      dto.version,
      async (tx, project, next) => {
        const round = await this.openRound(tx, project);
        await tx.manager.update(
          QaRound,
          { id: round.id },
          { status: next === 'acceptance' ? 'passed' : 'failed', completedAt: this.clock.now() },
        );
        return {
          details: { qaRound: round.number, result: next === 'acceptance' ? 'passed' : 'failed' },
        };
      },
      async (tx, project) => {
        const round = await this.openRound(tx, project);
        const checks = await tx.manager.findBy(QaCheck, { roundId: round.id });
        const pending = checks.filter((c) => c.result === 'pending');
        if (pending.length > 0) {
          throw new DomainError(
            'conflict',
            'PROJECT.QA_INCOMPLETE',
            `${pending.length} QA checks are not decided yet`,
            {
              pendingChecks: pending.map((c) => c.id),
            },
          );
        }
        return { qaFailed: checks.some((c) => c.result === 'failed') };
      },
    );
  }

  /** The customer's final acceptance (Abnahme): its day is the invoice's service date. */
  accept(actor: Actor, id: string, dto: AcceptDto) {
    return this.act(actor, id, 'accept', dto.version, (tx, project) =>
      this.acceptWork(
        tx,
        project,
        signatureOf(actor, dto.signature, this.clock.now()),
        dto.comment ?? null,
      ),
    );
  }

  private async acceptWork(
    tx: Tx,
    project: Project,
    signature: Signature,
    comment: string | null,
  ): Promise<Outcome> {
    const today = this.clock.today();
    await this.insertAcceptance(tx, project, 'accepted', signature, [], comment, today);
    return {
      changes: { acceptedOn: today },
      details: { acceptedOn: today, signer: signature.signerName, method: signature.method },
    };
  }

  /** Rejected with defects: back to the work; the defects become checks of the next QA round. */
  reject(actor: Actor, id: string, dto: RejectAcceptanceDto) {
    return this.act(actor, id, 'reject', dto.version, (tx, project) => {
      if (dto.defects.length === 0) {
        throw validationError([
          { field: 'defects', messages: ['a rejected acceptance lists at least one defect'] },
        ]);
      }
      return this.rejectWork(
        tx,
        project,
        signatureOf(actor, dto.signature, this.clock.now()),
        dto.defects,
        dto.comment ?? null,
      );
    });
  }

  private async rejectWork(
    tx: Tx,
    project: Project,
    signature: Signature,
    given: Array<{ title: string; description?: string | null }>,
    comment: string | null,
  ): Promise<Outcome> {
    const defects = given.map((d) => ({ title: d.title, description: d.description ?? null }));
    await this.insertAcceptance(
      tx,
      project,
      'rejected',
      signature,
      defects,
      comment,
      this.clock.today(),
    );
    return {
      details: { defects, signer: signature.signerName, method: signature.method },
      reason: comment,
    };
  }

  /**
   * Only the invoicing module moves a project to `invoiced` (issuing the final invoice) and
   * `closed` (its full payment), inside its own transaction, so the invoice and the project's
   * move commit together or not at all. There is no route to do it by hand: a project marked
   * invoiced without an invoice could never be invoiced.
   */
  markInvoicedIn(tx: Tx, actor: Actor, id: string, details: Record<string, unknown> = {}) {
    return this.transition(tx, actor, id, 'invoice', undefined, () => Promise.resolve({ details }));
  }

  closeIn(tx: Tx, actor: Actor, id: string, details: Record<string, unknown> = {}) {
    return this.transition(tx, actor, id, 'close', undefined, () => Promise.resolve({ details }));
  }

  cancel(actor: Actor, id: string, dto: ReasonDto) {
    return this.act(actor, id, 'cancel', dto.version, () =>
      Promise.resolve({ changes: { cancelReason: dto.reason }, reason: dto.reason }),
    );
  }

  // ---- customer decisions through sign-off (src/signoff), in the caller's transaction ------

  /**
   * The sign-off variant of `approve`: same stage-machine check, same work, in the caller's
   * transaction, signed by the person behind the link. Refused unless revision `revision` is
   * the one in review, so a link to an older revision can never approve a newer one.
   */
  async approveSignedOff(
    tx: Tx,
    id: string,
    revision: number,
    signature: SignOffSignature,
    optionalItemIds: string[],
  ): Promise<void> {
    await this.transition(
      tx,
      signOffActor(signature),
      id,
      'approve',
      undefined,
      async (tx, project) => {
        assertRevision(project, revision);
        return this.approveWork(tx, project, signOffSignature(signature), optionalItemIds);
      },
    );
  }

  async requestChangesSignedOff(
    tx: Tx,
    id: string,
    revision: number,
    signature: SignOffSignature,
    comment: string,
  ): Promise<void> {
    await this.transition(
      tx,
      signOffActor(signature),
      id,
      'request_changes',
      undefined,
      (tx, p) => {
        assertRevision(p, revision);
        return this.requestChangesWork(tx, p, signOffSignature(signature), comment);
      },
    );
  }

  async acceptSignedOff(
    tx: Tx,
    id: string,
    signature: SignOffSignature,
    comment: string | null,
  ): Promise<void> {
    await this.transition(tx, signOffActor(signature), id, 'accept', undefined, (tx, project) =>
      this.acceptWork(tx, project, signOffSignature(signature), comment),
    );
  }

  /** A declined acceptance: the signer's comment is the defect list's one entry. */
  async rejectSignedOff(
    tx: Tx,
    id: string,
    signature: SignOffSignature,
    comment: string,
  ): Promise<void> {
    await this.transition(tx, signOffActor(signature), id, 'reject', undefined, (tx, project) =>
      this.rejectWork(tx, project, signOffSignature(signature), [{ title: comment }], comment),
    );
  }

  /**
   * Whether the project waits for this customer decision now (409 otherwise, 404 for another
   * customer's project). Sign-off checks it when a request is sent and when it is opened.
   */
  async assertAwaitingSignOff(
    customerId: string,
    id: string,
    subject: { kind: 'revision'; revision: number } | { kind: 'acceptance' },
  ): Promise<{ optionalItems: Array<{ id: string; title: string; netCents: number }> }> {
    const actor = signOffActor({
      customerId,
      actorId: customerId,
      signerName: '',
      signerEmail: '',
      signedAt: this.clock.now(),
    });
    const project = await this.guard.findVisible(actor, id);
    this.guard.assertCan(project, subject.kind === 'revision' ? 'approve' : 'accept', actor);
    if (subject.kind === 'acceptance') return { optionalItems: [] };
    assertRevision(project, subject.revision);
    const revision = await this.dataSource.manager.findOneByOrFail(ProjectRevision, {
      projectId: id,
      number: subject.revision,
    });
    return {
      optionalItems: revision.content.items
        .filter((item) => item.optional)
        .map((item) => ({
          id: item.id,
          title: item.title,
          netCents: lineNet(item.quantity, item.unitPriceCents),
        })),
    };
  }

  /**
   * One transition: load, check the stage machine, save the new stage (the version check makes
   * exactly one of two concurrent actions win), do the action's work, audit from → to.
   */
  private async act(
    actor: Actor,
    id: string,
    action: Action,
    clientVersion: number | undefined,
    work: (tx: Tx, project: Project, next: Stage) => Promise<Outcome>,
    facts?: (tx: Tx, project: Project) => Promise<StageFacts>,
  ): Promise<ProjectResponse> {
    await this.transactions.run((tx) =>
      this.transition(tx, actor, id, action, clientVersion, work, facts),
    );
    return this.projects.get(actor, id);
  }

  private async transition(
    tx: Tx,
    actor: Actor,
    id: string,
    action: Action,
    clientVersion: number | undefined,
    work: (tx: Tx, project: Project, next: Stage) => Promise<Outcome>,
    facts?: (tx: Tx, project: Project) => Promise<StageFacts>,
  ): Promise<void> {
    const project = await this.guard.findVisible(actor, id, tx.manager);
    const from = project.stage;
    const next = this.guard.assertCan(
      project,
      action,
      actor,
      facts ? await facts(tx, project) : {},
    );
    await this.guard.save(tx, project, { stage: next }, clientVersion);
    const outcome = await work(tx, project, next);
    if (outcome.changes && Object.keys(outcome.changes).length > 0) {
      // The row is ours since the versioned save above; no second version bump.
      await tx.manager.update(Project, { id: project.id }, outcome.changes);
      Object.assign(project, outcome.changes);
    }
    await this.projectDocuments.afterTransition(tx, actor, project, action);
    await this.audit.record(tx, actor, {
      entityType: 'project',
      entityId: project.id,
      action,
      changes: { ...(from === next ? {} : { stage: { from, to: next } }), ...outcome.details },
      reason: outcome.reason ?? null,
    });
  }

  private async revisionInReview(tx: Tx, project: Project): Promise<ProjectRevision> {
    return tx.manager.findOneByOrFail(ProjectRevision, {
      projectId: project.id,
      number: project.currentRevision,
    });
  }

  private async closeRevision(
    tx: Tx,
    project: Project,
    revision: ProjectRevision,
    decision: 'changes_requested' | 'withdrawn',
    signature: Signature,
    comment: string,
  ) {
    await tx.manager.insert(RevisionDecision, {
      id: randomUUID(),
      projectId: project.id,
      revisionNumber: revision.number,
      decision,
      ...signature,
      comment,
      chosenOptionalItemIds: [],
      agreedNetCents: null,
    });
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
    project: Project,
    to: string,
    reason: string | null,
  ) {
    await tx.manager.insert(ScheduleChange, {
      id: randomUUID(),
      projectId: project.id,
      fromDate: project.completionDate,
      toDate: to,
      reason,
      changeRequestId: null,
      changedBy: actor.userId,
    });
  }

  private async openRound(tx: Tx, project: Project): Promise<QaRound> {
    return tx.manager.findOneByOrFail(QaRound, { projectId: project.id, status: 'open' });
  }

  private async insertAcceptance(
    tx: Tx,
    project: Project,
    decision: 'accepted' | 'rejected',
    signature: {
      actorId: string;
      signerName: string;
      method: AcceptanceRecord['method'];
      signedAt: Date;
    },
    defects: AcceptanceRecord['defects'],
    comment: string | null,
    decidedOn: string,
  ) {
    const qaRound = await tx.manager.count(QaRound, { where: { projectId: project.id } });
    await tx.manager.insert(AcceptanceRecord, {
      id: randomUUID(),
      projectId: project.id,
      qaRound,
      decision,
      defects,
      comment,
      actorId: signature.actorId,
      signerName: signature.signerName,
      method: signature.method,
      signedAt: signature.signedAt,
      decidedOn,
    });
  }
}

function assertRevision(project: Project, revision: number): void {
  if (project.currentRevision !== revision) {
    throw new DomainError(
      'conflict',
      'PROJECT.REVISION_MISMATCH',
      `Revision ${revision} is not in review (the current revision is ${project.currentRevision})`,
      { currentRevision: project.currentRevision },
    );
  }
}

function incomplete(message: string, missing: string[]): DomainError {
  return new DomainError(
    'unprocessable',
    'PROJECT.INCOMPLETE',
    `${message}: missing ${missing.join(', ')}`,
    { missing },
  );
}

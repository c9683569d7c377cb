import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, validationError } from '../common/domain-error.js';
import { lineNet } from '../common/money.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type { CustomerDecisionDto, ProjectResponse } from './dto/project.dto.js';
import { ChangeRequestsService } from './change-requests.service.js';
import { estimateTotals, invalidOptionChoices } from './estimate.js';
import { ProjectDocumentsService } from './project-documents.service.js';
import { ProjectGuard } from './project-guard.js';
import { bySigner, ProjectTransitions, type Step } from './project-transitions.service.js';
import type { Project } from './project.entity.js';
import { ProjectsService } from './projects.service.js';
import { AcceptanceRecord, QaRound } from './qa.entity.js';
import { ProjectRevision, RevisionDecision } from './revision.entity.js';
import {
  customerScope,
  signatureOf,
  signerOf,
  type CustomerDecision,
  type Signer,
} from './signer.js';

type ProjectDecision = Extract<
  CustomerDecision,
  { kind: 'approve' | 'request_changes' | 'accept' | 'reject' }
>;

/**
 * The customer's decisions, one path for all: the API (portal user or staff recording a paper
 * signature) and the sign-off page (src/signoff) build a `Signer` and a `CustomerDecision` and
 * call `decide`. Approve and request changes decide the revision in review; accept and reject
 * the acceptance (Abnahme); change-request decisions go to ChangeRequestsService.
 */
@Injectable()
export class ProjectDecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly transitions: ProjectTransitions,
    private readonly guard: ProjectGuard,
    private readonly projects: ProjectsService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly projectDocuments: ProjectDocumentsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The API's edge: the caller signs (a customer user) or records who signed (staff). */
  async decideAs(
    actor: Actor,
    id: string,
    dto: CustomerDecisionDto,
    decision: ProjectDecision,
  ): Promise<ProjectResponse> {
    const signer = signerOf(actor, dto.signature, this.clock.now());
    await this.transactions.run((tx) => this.decide(tx, id, signer, decision, dto.version));
    return this.projects.get(actor, id);
  }

  /** One customer decision on project `id`, in the caller's transaction. */
  async decide(
    tx: Tx,
    id: string,
    signer: Signer,
    decision: CustomerDecision,
    clientVersion?: number,
  ): Promise<void> {
    if (decision.kind === 'approve_change_request' || decision.kind === 'reject_change_request') {
      return this.changeRequests.decideIn(tx, id, signer, decision);
    }
    await this.transitions.run(tx, bySigner(signer), id, decision.kind, clientVersion, (tx, p) =>
      this.step(tx, p, signer, decision),
    );
  }

  private step(tx: Tx, project: Project, signer: Signer, decision: ProjectDecision): Promise<Step> {
    switch (decision.kind) {
      case 'approve':
        assertRevision(project, decision.revision);
        return this.approve(tx, project, signer, decision.optionalItemIds);
      case 'request_changes':
        assertRevision(project, decision.revision);
        return Promise.resolve(this.requestChanges(tx, project, signer, decision.comment));
      case 'accept':
        return this.accept(tx, project, signer, decision.comment);
      case 'reject':
        return this.reject(tx, project, signer, decision);
    }
  }

  /** The customer approves exactly the revision in review, with the options they choose. */
  private async approve(
    tx: Tx,
    project: Project,
    signer: Signer,
    optionalItemIds: string[],
  ): Promise<Step> {
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
    const chosen = [...new Set(optionalItemIds)];
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
    const signature = signatureOf(signer);
    return {
      changes: { approvedRevision: revision.number, agreedNetCents: totals.netCents },
      details: {
        revision: revision.number,
        chosenOptionalItemIds: chosen,
        agreedNetCents: totals.netCents,
        signer: signature.signerName,
        method: signature.method,
      },
      record: async () => {
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
      },
    };
  }

  /** The customer asks for changes: revision N is superseded, N+1 opens as an editable copy. */
  private requestChanges(tx: Tx, project: Project, signer: Signer, comment: string): Step {
    const number = project.currentRevision;
    const signature = signatureOf(signer);
    return {
      changes: { currentRevision: number + 1 },
      details: { revision: number, signer: signature.signerName, method: signature.method },
      reason: comment,
      record: async () => {
        await tx.manager.insert(RevisionDecision, {
          id: randomUUID(),
          projectId: project.id,
          revisionNumber: number,
          decision: 'changes_requested',
          ...signature,
          comment,
          chosenOptionalItemIds: [],
          agreedNetCents: null,
        });
      },
    };
  }

  /** The customer's final acceptance (Abnahme): its day is the invoice's service date. */
  private async accept(
    tx: Tx,
    project: Project,
    signer: Signer,
    comment: string | null,
  ): Promise<Step> {
    const today = this.clock.today();
    const signature = signatureOf(signer);
    const round = await this.lastRound(tx, project);
    return {
      changes: { acceptedOn: today },
      details: { acceptedOn: today, signer: signature.signerName, method: signature.method },
      record: () => this.recordAcceptance(tx, project, signer, round, 'accepted', [], comment),
    };
  }

  /** Rejected with defects: back to the work; the defects become checks of the next QA round. */
  private async reject(
    tx: Tx,
    project: Project,
    signer: Signer,
    decision: Extract<CustomerDecision, { kind: 'reject' }>,
  ): Promise<Step> {
    if (decision.defects.length === 0) {
      throw validationError([
        { field: 'defects', messages: ['a rejected acceptance lists at least one defect'] },
      ]);
    }
    const signature = signatureOf(signer);
    const round = await this.lastRound(tx, project);
    const { defects, comment } = decision;
    return {
      details: { defects, signer: signature.signerName, method: signature.method },
      reason: comment,
      record: () => this.recordAcceptance(tx, project, signer, round, 'rejected', defects, comment),
    };
  }

  private async recordAcceptance(
    tx: Tx,
    project: Project,
    signer: Signer,
    round: QaRound,
    decision: AcceptanceRecord['decision'],
    defects: AcceptanceRecord['defects'],
    comment: string | null,
  ): Promise<void> {
    const signature = signatureOf(signer);
    const record: Omit<AcceptanceRecord, 'createdAt'> = {
      id: randomUUID(),
      projectId: project.id,
      qaRound: round.number,
      decision,
      defects,
      comment,
      actorId: signature.actorId,
      signerName: signature.signerName,
      method: signature.method,
      signedAt: signature.signedAt,
      decidedOn: this.clock.today(),
    };
    await tx.manager.insert(AcceptanceRecord, record);
    await this.projectDocuments.acceptanceDecided(tx, bySigner(signer), project, round, record);
  }

  /**
   * Whether the project waits for this customer decision now (409 otherwise, 404 for another
   * customer's project). Sign-off checks it when a request is sent, shown and decided.
   */
  async assertAwaitingSignoff(
    customerId: string,
    id: string,
    subject: { kind: 'revision'; revision: number } | { kind: 'acceptance' },
  ): Promise<{ optionalItems: Array<{ id: string; title: string; netCents: number }> }> {
    const scope = customerScope(customerId);
    const project = await this.guard.findVisible(scope, id);
    this.guard.assertCan(project, subject.kind === 'revision' ? 'approve' : 'accept', scope);
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

  private revisionInReview(tx: Tx, project: Project): Promise<ProjectRevision> {
    return tx.manager.findOneByOrFail(ProjectRevision, {
      projectId: project.id,
      number: project.currentRevision,
    });
  }

  /** The QA round the acceptance follows: the latest. */
  private lastRound(tx: Tx, project: Project): Promise<QaRound> {
    return tx.manager.findOneOrFail(QaRound, {
      where: { projectId: project.id },
      order: { number: 'DESC' },
    });
  }
}

/** A sign-off names the revision it was sent for; a link to an older one never decides a newer. */
function assertRevision(project: Project, revision: number | undefined): void {
  if (revision !== undefined && project.currentRevision !== revision) {
    throw new DomainError(
      'conflict',
      'PROJECT.REVISION_MISMATCH',
      `Revision ${revision} is not in review (the current revision is ${project.currentRevision})`,
      { currentRevision: project.currentRevision },
    );
  }
}

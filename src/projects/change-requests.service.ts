import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { formatQuantity, lineNet, parseQuantity, sum } from '../common/money.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type { CustomerDecisionDto } from './dto/project.dto.js';
import type { ChangeRequestResponse, CreateChangeRequestDto } from './dto/work.dto.js';
import {
  decideChangeRequest,
  mayTake,
  takesChangeRequests,
  visibleTo,
  type ChangeRequestAction,
} from './change-request-lifecycle.js';
import { allowedActions } from './stage-machine.js';
import { ProjectDocumentsService } from './project-documents.service.js';
import { ProjectGuard } from './project-guard.js';
import { byActor, bySigner, type By } from './project-transitions.service.js';
import type { Project } from './project.entity.js';
import {
  customerScope,
  signatureOf,
  signerOf,
  type CustomerDecision,
  type Signer,
} from './signer.js';
import { ChangeRequest, ScheduleChange } from './work.entity.js';

type ChangeRequestDecision = Extract<
  CustomerDecision,
  { kind: 'approve_change_request' | 'reject_change_request' }
>;

/** What a move of a change request does: the project's changes, the request's, the audit's. */
interface CrStep {
  project?: Partial<Project>;
  changeRequest: Partial<ChangeRequest>;
  audit: { action: string; changes: Record<string, unknown>; reason?: string };
  record?: () => Promise<void>;
}

/** Change requests (Nachträge): drafted and sent by staff, decided once by the customer. */
@Injectable()
export class ChangeRequestsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly guard: ProjectGuard,
    private readonly projectDocuments: ProjectDocumentsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async create(
    actor: Actor,
    id: string,
    dto: CreateChangeRequestDto,
  ): Promise<ChangeRequestResponse> {
    const lines = dto.lines.map((l, i) => {
      const quantity = parseQuantity(l.quantity);
      if (quantity <= 0)
        throw validationError([
          { field: `lines.${i}.quantity`, messages: ['quantity must be positive'] },
        ]);
      return {
        title: l.title,
        description: l.description ?? null,
        quantity,
        unit: l.unit,
        unitPriceCents: l.unitPriceCents,
      };
    });
    if (dto.newCompletionDate && dto.newCompletionDate < this.clock.today()) {
      throw validationError([
        { field: 'newCompletionDate', messages: ['the completion date must not be in the past'] },
      ]);
    }
    const created = await this.transactions.run(async (tx) => {
      const project = await this.guard.findVisible(actor, id, tx.manager);
      this.guard.assertCan(project, 'change_request', actor);
      await this.guard.save(tx, project, {});
      const number = (await tx.manager.count(ChangeRequest, { where: { projectId: id } })) + 1;
      const changeRequest = tx.manager.create(ChangeRequest, {
        id: randomUUID(),
        projectId: id,
        number,
        title: dto.title,
        description: dto.description,
        lines,
        deltaNetCents: sum(lines.map((l) => lineNet(l.quantity, l.unitPriceCents))),
        newCompletionDate: dto.newCompletionDate ?? null,
        status: 'draft',
        sentAt: null,
        decidedAt: null,
        decidedBy: null,
        signerName: null,
        signatureMethod: null,
        decisionComment: null,
        createdBy: actor.userId,
      });
      await tx.manager.insert(ChangeRequest, changeRequest);
      await this.audit.record(tx, actor, {
        entityType: 'project',
        entityId: id,
        action: 'change_request_drafted',
        changes: { changeRequest: number, deltaNetCents: changeRequest.deltaNetCents },
      });
      return changeRequest;
    });
    return this.get(actor, id, created.id);
  }

  async list(actor: Actor, id: string): Promise<ChangeRequestResponse[]> {
    await this.guard.findVisible(actor, id);
    const all = await this.dataSource
      .getRepository(ChangeRequest)
      .find({ where: { projectId: id }, order: { number: 'ASC' } });
    return all.filter((cr) => visibleTo(cr.status, actor.role)).map(toChangeRequestResponse);
  }

  async get(actor: Actor, id: string, changeRequestId: string): Promise<ChangeRequestResponse> {
    await this.guard.findVisible(actor, id);
    const cr = await this.dataSource
      .getRepository(ChangeRequest)
      .findOneBy({ id: changeRequestId, projectId: id });
    if (!cr || !visibleTo(cr.status, actor.role))
      throw notFound('CHANGE_REQUEST.NOT_FOUND', changeRequestId, 'change request');
    return toChangeRequestResponse(cr);
  }

  /** Sent to the customer with its Nachtrag document. */
  async send(actor: Actor, id: string, changeRequestId: string): Promise<ChangeRequestResponse> {
    await this.transactions.run((tx) =>
      this.move(tx, byActor(actor), id, changeRequestId, 'send', (cr, project) => ({
        changeRequest: { sentAt: this.clock.now() },
        audit: { action: 'change_request_sent', changes: { changeRequest: cr.number } },
        record: () => this.projectDocuments.changeRequestSent(tx, byActor(actor), project, cr),
      })),
    );
    return this.get(actor, id, changeRequestId);
  }

  /** The API's edge: the caller signs (a customer user) or records who signed (staff). */
  async decideAs(
    actor: Actor,
    id: string,
    dto: CustomerDecisionDto,
    decision: ChangeRequestDecision,
  ): Promise<ChangeRequestResponse> {
    const signer = signerOf(actor, dto.signature, this.clock.now());
    await this.transactions.run((tx) => this.decideIn(tx, id, signer, decision));
    return this.get(actor, id, decision.changeRequestId);
  }

  /** The customer's decision, in the caller's transaction (ProjectDecisionsService.decide). */
  async decideIn(tx: Tx, id: string, signer: Signer, decision: ChangeRequestDecision) {
    const signature = signatureOf(signer);
    const decided = {
      decidedAt: signature.signedAt,
      decidedBy: signature.actorId,
      signerName: signature.signerName,
      signatureMethod: signature.method,
    };
    const by = bySigner(signer);
    if (decision.kind === 'reject_change_request') {
      await this.move(tx, by, id, decision.changeRequestId, 'reject', (cr) => ({
        changeRequest: { ...decided, decisionComment: decision.comment },
        audit: {
          action: 'change_request_rejected',
          changes: { changeRequest: cr.number, signer: signature.signerName },
          reason: decision.comment,
        },
      }));
      return;
    }
    // Approved: the agreed fee (or T&M budget) rises by the delta, the completion date moves.
    await this.move(tx, by, id, decision.changeRequestId, 'approve', (cr, project) => {
      const agreed = (project.agreedNetCents ?? 0) + cr.deltaNetCents;
      const from = project.completionDate;
      const moves = cr.newCompletionDate !== null && cr.newCompletionDate !== from;
      return {
        project: {
          agreedNetCents: agreed,
          ...(moves ? { completionDate: cr.newCompletionDate } : {}),
        },
        changeRequest: decided,
        audit: {
          action: 'change_request_approved',
          changes: {
            changeRequest: cr.number,
            agreedNetCents: { from: project.agreedNetCents, to: agreed },
            ...(moves ? { completionDate: { from, to: cr.newCompletionDate } } : {}),
            signer: signature.signerName,
            method: signature.method,
          },
        },
        record: async () => {
          if (!moves) return;
          await tx.manager.insert(ScheduleChange, {
            id: randomUUID(),
            projectId: id,
            fromDate: from,
            toDate: cr.newCompletionDate!,
            reason: `Nachtrag ${cr.number}: ${cr.title}`,
            changeRequestId: cr.id,
            changedBy: signature.actorId,
          });
        },
      };
    });
  }

  /** 409 unless the change request waits for the customer's decision; 404 for another customer's. */
  async assertAwaitingSignoff(customerId: string, id: string, changeRequestId: string) {
    const scope = customerScope(customerId);
    const project = await this.guard.findVisible(scope, id);
    const cr = await this.dataSource
      .getRepository(ChangeRequest)
      .findOneBy({ id: changeRequestId, projectId: id });
    if (!cr || !visibleTo(cr.status, scope.role))
      throw notFound('CHANGE_REQUEST.NOT_FOUND', changeRequestId, 'change request');
    if (
      !decideChangeRequest(cr.status, 'approve', scope.role).allowed ||
      !takesChangeRequests(project.stage)
    ) {
      throw new DomainError(
        'conflict',
        'CHANGE_REQUEST.INVALID_STATUS',
        `Change request ${cr.number} is ${cr.status} (project stage ${project.stage}); it does not wait for a decision`,
        { status: cr.status, currentStage: project.stage },
      );
    }
  }

  /**
   * One move of a change request, asked of its table: who may (403), whether the project takes
   * change requests now (409), whether the caller sees it (404), whether its status allows
   * the move (409). The project row's versioned save makes one of two concurrent moves win.
   */
  private async move(
    tx: Tx,
    by: By,
    id: string,
    changeRequestId: string,
    action: ChangeRequestAction,
    step: (cr: ChangeRequest, project: Project) => CrStep,
  ): Promise<void> {
    const { role } = by.scope;
    const project = await this.guard.findVisible(by.scope, id, tx.manager);
    if (!mayTake(action, role)) {
      throw new DomainError(
        'forbidden',
        'PROJECT.FORBIDDEN',
        `Role ${role} may not do this with a change request`,
      );
    }
    if (!takesChangeRequests(project.stage)) {
      throw new DomainError(
        'conflict',
        'PROJECT.INVALID_ACTION',
        `A project in stage ${project.stage} takes no change requests`,
        { currentStage: project.stage, allowedActions: allowedActions(project.stage, role) },
      );
    }
    const cr = await tx.manager.findOneBy(ChangeRequest, { id: changeRequestId, projectId: id });
    if (!cr || !visibleTo(cr.status, role))
      throw notFound('CHANGE_REQUEST.NOT_FOUND', changeRequestId, 'change request');
    const verdict = decideChangeRequest(cr.status, action, role);
    if (!verdict.allowed) {
      throw new DomainError(
        'conflict',
        'CHANGE_REQUEST.INVALID_STATUS',
        `Change request ${cr.number} is ${cr.status}, not ${action === 'send' ? 'draft' : 'sent'}`,
        { status: cr.status },
      );
    }
    const outcome = step(cr, project);
    await this.guard.save(tx, project, outcome.project ?? {});
    await tx.manager.update(
      ChangeRequest,
      { id: cr.id },
      { status: verdict.next, ...outcome.changeRequest },
    );
    await outcome.record?.();
    await this.audit.record(tx, by.audit, {
      entityType: 'project',
      entityId: id,
      ...outcome.audit,
      reason: outcome.audit.reason ?? null,
    });
  }
}

function toChangeRequestResponse(cr: ChangeRequest): ChangeRequestResponse {
  return {
    id: cr.id,
    projectId: cr.projectId,
    number: cr.number,
    title: cr.title,
    description: cr.description,
    lines: cr.lines.map((l) => ({
      ...l,
      quantity: formatQuantity(l.quantity),
      netCents: lineNet(l.quantity, l.unitPriceCents),
    })),
    deltaNetCents: cr.deltaNetCents,
    newCompletionDate: cr.newCompletionDate,
    status: cr.status,
    sentAt: cr.sentAt?.toISOString() ?? null,
    decidedAt: cr.decidedAt?.toISOString() ?? null,
    signerName: cr.signerName,
    signatureMethod: cr.signatureMethod,
    decisionComment: cr.decisionComment,
    version: cr.version,
  };
}

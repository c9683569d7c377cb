import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { formatQuantity, lineNet, parseQuantity, sum } from '../common/money.js';
import { toPage, type PageQuery } from '../common/pagination.js';
import { CompanyService } from '../company/company.service.js';
import { lockRow } from '../database/row-locks.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type { CustomerDecisionDto } from './dto/project.dto.js';
import type {
  ChangeRequestResponse,
  CreateChangeRequestDto,
  LogTimeDto,
  QaRoundResponse,
  RecordQaCheckDto,
  RejectChangeRequestDto,
  TimeEntryResponse,
  TimeEntryPage,
} from './dto/work.dto.js';
import { ProjectDocumentsService } from './project-documents.service.js';
import { ProjectGuard } from './project-guard.js';
import { Project } from './project.entity.js';
import { ProjectsService } from './projects.service.js';
import { QaCheck, QaRound } from './qa.entity.js';
import {
  signatureOf,
  signOffActor,
  signOffSignature,
  type SignOffSignature,
} from './signatures.js';
import type { Signature } from './revision.entity.js';
import { TRANSITIONS } from './stage-machine.js';
import { entryValueCents } from './time-billing.js';
import { ChangeRequest, ScheduleChange, TimeEntry } from './work.entity.js';

/** The work on an approved project: time, change requests (Nachträge) and QA checks. */
@Injectable()
export class ProjectWorkService {
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

  /**
   * Logs time as worked. On a time-and-materials project, billable time beyond the approved
   * budget is refused until a change request raises it; it may still be logged non-billable.
   */
  async logTime(actor: Actor, id: string, dto: LogTimeDto): Promise<TimeEntryResponse> {
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
      if (created.billable && project.billingMode === 'time_and_materials') {
        const budget = project.agreedNetCents ?? 0;
        const used = await this.projects.usedBudgetCents(tx.manager, id, [created]);
        if (used > budget) {
          throw new DomainError(
            'conflict',
            'PROJECT.BUDGET_EXCEEDED',
            `This time would bring billable work to ${used} cents, beyond the approved budget of ${budget} cents: a change request must be approved first (it may be logged as non-billable)`,
            { budgetCents: budget, wouldUseCents: used },
          );
        }
      }
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

  async listTime(actor: Actor, id: string, query: PageQuery): Promise<TimeEntryPage> {
    await this.guard.findVisible(actor, id);
    const [entries, total] = await this.dataSource.getRepository(TimeEntry).findAndCount({
      where: { projectId: id },
      order: { day: 'ASC', createdAt: 'ASC' },
      skip: query.skip,
      take: query.pageSize,
    });
    const profile = await this.company.profile();
    const rates = new Map(
      (await this.company.servicesByIds([...new Set(entries.map((e) => e.serviceRateId))])).map(
        (r) => [r.id, r],
      ),
    );
    return toPage([entries, total], query, (e) =>
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

  async createChangeRequest(
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
    return this.getChangeRequest(actor, id, created.id);
  }

  async listChangeRequests(actor: Actor, id: string): Promise<ChangeRequestResponse[]> {
    await this.guard.findVisible(actor, id);
    const all = await this.dataSource
      .getRepository(ChangeRequest)
      .find({ where: { projectId: id }, order: { number: 'ASC' } });
    // Drafts are internal until sent.
    return all
      .filter((cr) => actor.role !== 'customer' || cr.status !== 'draft')
      .map(toChangeRequestResponse);
  }

  async getChangeRequest(
    actor: Actor,
    id: string,
    changeRequestId: string,
  ): Promise<ChangeRequestResponse> {
    await this.guard.findVisible(actor, id);
    const cr = await this.dataSource
      .getRepository(ChangeRequest)
      .findOneBy({ id: changeRequestId, projectId: id });
    if (!cr || (actor.role === 'customer' && cr.status === 'draft'))
      throw notFound('change request', changeRequestId);
    return toChangeRequestResponse(cr);
  }

  sendChangeRequest(actor: Actor, id: string, changeRequestId: string) {
    return this.decideChangeRequest(
      actor,
      id,
      changeRequestId,
      'draft',
      'staff',
      async (tx, cr, project) => {
        await tx.manager.update(
          ChangeRequest,
          { id: cr.id },
          { status: 'sent', sentAt: this.clock.now() },
        );
        await this.projectDocuments.changeRequestSent(tx, actor, project, cr);
        return { action: 'change_request_sent', changes: { changeRequest: cr.number } };
      },
    );
  }

  /** Approved: the agreed fee (or T&M budget) rises by the delta, the completion date moves. */
  approveChangeRequest(
    actor: Actor,
    id: string,
    changeRequestId: string,
    dto: CustomerDecisionDto,
  ) {
    return this.decideChangeRequest(actor, id, changeRequestId, 'sent', 'customer', (tx, cr, p) =>
      this.approveChangeRequestWork(tx, cr, p, signatureOf(actor, dto.signature, this.clock.now())),
    );
  }

  rejectChangeRequest(
    actor: Actor,
    id: string,
    changeRequestId: string,
    dto: RejectChangeRequestDto,
  ) {
    return this.decideChangeRequest(actor, id, changeRequestId, 'sent', 'customer', (tx, cr) =>
      this.rejectChangeRequestWork(
        tx,
        cr,
        signatureOf(actor, dto.signature, this.clock.now()),
        dto.comment,
      ),
    );
  }

  /** The sign-off variant (src/signoff): in the caller's transaction, signed by the link's signer. */
  async approveChangeRequestSignedOff(
    tx: Tx,
    id: string,
    changeRequestId: string,
    signature: SignOffSignature,
  ): Promise<void> {
    await this.decideChangeRequestIn(
      tx,
      signOffActor(signature),
      id,
      changeRequestId,
      'sent',
      'customer',
      (tx, cr, project) =>
        this.approveChangeRequestWork(tx, cr, project, signOffSignature(signature)),
    );
  }

  async rejectChangeRequestSignedOff(
    tx: Tx,
    id: string,
    changeRequestId: string,
    signature: SignOffSignature,
    comment: string,
  ): Promise<void> {
    await this.decideChangeRequestIn(
      tx,
      signOffActor(signature),
      id,
      changeRequestId,
      'sent',
      'customer',
      (tx, cr) => this.rejectChangeRequestWork(tx, cr, signOffSignature(signature), comment),
    );
  }

  /** 409 unless the change request waits for the customer's decision; 404 for another customer's. */
  async assertChangeRequestAwaitingSignOff(
    customerId: string,
    id: string,
    changeRequestId: string,
  ): Promise<void> {
    const actor = signOffActor({
      customerId,
      actorId: customerId,
      signerName: '',
      signerEmail: '',
      signedAt: this.clock.now(),
    });
    const project = await this.guard.findVisible(actor, id);
    const cr = await this.dataSource
      .getRepository(ChangeRequest)
      .findOneBy({ id: changeRequestId, projectId: id });
    if (!cr || cr.status === 'draft') throw notFound('change request', changeRequestId);
    if (cr.status !== 'sent' || !TRANSITIONS.change_request.from.includes(project.stage)) {
      throw new DomainError(
        'conflict',
        'CHANGE_REQUEST.INVALID_STATUS',
        `Change request ${cr.number} is ${cr.status} (project stage ${project.stage}); it does not wait for a decision`,
        { status: cr.status, currentStage: project.stage },
      );
    }
  }

  private async approveChangeRequestWork(
    tx: Tx,
    cr: ChangeRequest,
    project: Project,
    signature: Signature,
  ) {
    const id = project.id;
    await tx.manager.update(
      ChangeRequest,
      { id: cr.id },
      {
        status: 'approved',
        decidedAt: signature.signedAt,
        decidedBy: signature.actorId,
        signerName: signature.signerName,
        signatureMethod: signature.method,
      },
    );
    const agreed = (project.agreedNetCents ?? 0) + cr.deltaNetCents;
    const changes: Partial<Project> = { agreedNetCents: agreed };
    if (cr.newCompletionDate && cr.newCompletionDate !== project.completionDate) {
      changes.completionDate = cr.newCompletionDate;
      await tx.manager.insert(ScheduleChange, {
        id: randomUUID(),
        projectId: id,
        fromDate: project.completionDate,
        toDate: cr.newCompletionDate,
        reason: `Nachtrag ${cr.number}: ${cr.title}`,
        changeRequestId: cr.id,
        changedBy: signature.actorId,
      });
    }
    await tx.manager.update(Project, { id }, changes);
    return {
      action: 'change_request_approved',
      changes: {
        changeRequest: cr.number,
        agreedNetCents: { from: project.agreedNetCents, to: agreed },
        ...(changes.completionDate
          ? { completionDate: { from: project.completionDate, to: changes.completionDate } }
          : {}),
        signer: signature.signerName,
        method: signature.method,
      },
    };
  }

  private async rejectChangeRequestWork(
    tx: Tx,
    cr: ChangeRequest,
    signature: Signature,
    comment: string,
  ) {
    await tx.manager.update(
      ChangeRequest,
      { id: cr.id },
      {
        status: 'rejected',
        decidedAt: signature.signedAt,
        decidedBy: signature.actorId,
        signerName: signature.signerName,
        signatureMethod: signature.method,
        decisionComment: comment,
      },
    );
    return {
      action: 'change_request_rejected',
      changes: { changeRequest: cr.number, signer: signature.signerName },
      reason: comment,
    };
  }

  async recordQaCheck(
    actor: Actor,
    id: string,
    checkId: string,
    dto: RecordQaCheckDto,
  ): Promise<QaRoundResponse> {
    if (dto.result !== 'passed' && !dto.note) {
      throw validationError([
        {
          field: 'note',
          messages: [
            `a ${dto.result} check needs a note saying ${dto.result === 'failed' ? 'what failed' : 'why it is waived'}`,
          ],
        },
      ]);
    }
    if (dto.result === 'waived' && actor.role !== 'admin') {
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
      const round =
        check && (await tx.manager.findOneBy(QaRound, { id: check.roundId, status: 'open' }));
      if (!check || !round) throw notFound('QA check', checkId);
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
    return (await this.qaRounds(actor, id)).find((r) => r.id === roundId)!;
  }

  async qaRounds(actor: Actor, id: string): Promise<QaRoundResponse[]> {
    await this.guard.findVisible(actor, id);
    const rounds = await this.dataSource
      .getRepository(QaRound)
      .find({ where: { projectId: id }, order: { number: 'ASC' } });
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

  private async decideChangeRequest(
    actor: Actor,
    id: string,
    changeRequestId: string,
    expectedStatus: 'draft' | 'sent',
    party: 'staff' | 'customer',
    work: (
      tx: Tx,
      cr: ChangeRequest,
      project: Project,
    ) => Promise<{ action: string; changes: Record<string, unknown>; reason?: string }>,
  ): Promise<ChangeRequestResponse> {
    await this.transactions.run((tx) =>
      this.decideChangeRequestIn(tx, actor, id, changeRequestId, expectedStatus, party, work),
    );
    return this.getChangeRequest(actor, id, changeRequestId);
  }

  private async decideChangeRequestIn(
    tx: Tx,
    actor: Actor,
    id: string,
    changeRequestId: string,
    expectedStatus: 'draft' | 'sent',
    party: 'staff' | 'customer',
    work: (
      tx: Tx,
      cr: ChangeRequest,
      project: Project,
    ) => Promise<{ action: string; changes: Record<string, unknown>; reason?: string }>,
  ): Promise<void> {
    const project = await this.guard.findVisible(actor, id, tx.manager);
    if (actor.role === 'finance' || (party === 'staff' && actor.role === 'customer')) {
      throw new DomainError(
        'forbidden',
        'PROJECT.FORBIDDEN',
        `Role ${actor.role} may not do this with a change request`,
      );
    }
    if (!TRANSITIONS.change_request.from.includes(project.stage)) {
      throw new DomainError(
        'conflict',
        'PROJECT.INVALID_ACTION',
        `A project in stage ${project.stage} takes no change requests`,
        {
          currentStage: project.stage,
        },
      );
    }
    const cr = await tx.manager.findOneBy(ChangeRequest, { id: changeRequestId, projectId: id });
    if (!cr || (actor.role === 'customer' && cr.status === 'draft'))
      throw notFound('change request', changeRequestId);
    if (cr.status !== expectedStatus) {
      throw new DomainError(
        'conflict',
        'CHANGE_REQUEST.INVALID_STATUS',
        `Change request ${cr.number} is ${cr.status}, not ${expectedStatus}`,
        {
          status: cr.status,
        },
      );
    }
    // Versioned save first: of two concurrent decisions exactly one goes through.
    await this.guard.save(tx, project, {});
    const { action, changes, reason } = await work(tx, cr, project);
    await this.audit.record(tx, actor, {
      entityType: 'project',
      entityId: id,
      action,
      changes,
      reason: reason ?? null,
    });
  }

  /** The project row locked for the rest of the transaction (PostgreSQL; SQLite is serial). */
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

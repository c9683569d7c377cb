import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Brackets, DataSource, type EntityManager } from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { validationError } from '../common/domain-error.js';
import { CHOICES_LIMIT, isChosenId, toChoices, type Choices } from '../common/choices.js';
import { containsPattern, containsTextSql } from '../common/columns.js';
import { keysetPage, type KeysetOrder, type KeysetPage } from '../common/pagination.js';
import { percentToBasisPoints } from '../common/percent.js';
import { CompanyService } from '../company/company.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Sequences } from '../database/sequences.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type {
  CreateProjectDto,
  ProjectQuery,
  ProjectResponse,
  ProjectSummaryResponse,
  UpdateProjectDto,
} from './dto/project.dto.js';
import { ProjectGuard } from './project-guard.js';
import { invoiceableStages } from './stage-machine.js';
import { ProjectTemplate } from './project-template.entity.js';
import { toLine, toProjectResponse, toRequirementSnapshot, toSummary } from './project-views.js';
import { estimateTotals } from './estimate.js';
import type { RevisionContent } from './revision-diff.js';
import { EstimateItem, Project, Requirement } from './project.entity.js';
import { RevisionDecision } from './revision.entity.js';
import { billableValueCents } from './time-billing.js';
import { TimeEntry } from './work.entity.js';

const PROJECT_FIELDS = [
  'title',
  'background',
  'goals',
  'terms',
  'billingMode',
  'vatRateBp',
  'validUntil',
] as const;

/** Projects: creating, listing, reading and editing the project's own fields; its budget. */
/** Newest first; the number breaks ties within one timestamp. */
const PROJECT_LIST_ORDER: KeysetOrder = {
  list: 'projects',
  keys: [
    { path: 'p.createdAt', kind: 'timestamp' },
    { path: 'p.number', kind: 'text' },
  ],
  direction: 'DESC',
};

/** A project picker's choices (see `common/choices.ts`). */
export type ProjectChoices = Choices<ProjectSummaryResponse>;

/** Which projects a picker offers: those that may take a down payment, or the final invoice. */
export const PROJECT_CHOICE_FILTERS = ['down_payment', 'final'] as const;
export type ProjectChoiceFilter = (typeof PROJECT_CHOICE_FILTERS)[number];

@Injectable()
export class ProjectsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly sequences: Sequences,
    private readonly audit: AuditService,
    private readonly guard: ProjectGuard,
    private readonly customers: CustomersService,
    private readonly company: CompanyService,
  ) {}

  async create(actor: Actor, dto: CreateProjectDto): Promise<ProjectResponse> {
    await this.customers.findVisible(actor, dto.customerId).catch(() => {
      throw validationError([
        { field: 'customerId', messages: [`customer ${dto.customerId} does not exist`] },
      ]);
    });
    const profile = await this.company.profile();
    const id = await this.transactions.run(async (tx) => {
      const template = dto.templateId
        ? await tx.manager.findOneBy(ProjectTemplate, { id: dto.templateId, active: true })
        : null;
      if (dto.templateId && !template) {
        throw validationError([
          { field: 'templateId', messages: ['no active project template with this id'] },
        ]);
      }
      const number = `P-${String(await this.sequences.next(tx, 'project')).padStart(5, '0')}`;
      const project = tx.manager.create(Project, {
        id: randomUUID(),
        number,
        customerId: dto.customerId,
        title: dto.title,
        stage: 'concept',
        billingMode: dto.billingMode ?? template?.billingMode ?? 'fixed_price',
        background: template?.background ?? '',
        goals: template?.goals ?? '',
        terms: null,
        vatRateBp: profile.smallBusiness ? 0 : profile.defaultVatRateBp,
        validUntil: null,
        templateId: template?.id ?? null,
        currentRevision: 1,
        approvedRevision: null,
        agreedNetCents: null,
        completionDate: null,
        acceptedOn: null,
        cancelReason: null,
        createdBy: actor.userId,
      });
      await tx.manager.insert(Project, project);
      if (template) await this.copyTemplate(tx, project.id, template);
      await this.audit.record(tx, actor, {
        entityType: 'project',
        entityId: project.id,
        action: 'created',
        changes: {
          number,
          customerId: dto.customerId,
          title: dto.title,
          templateId: project.templateId,
          stage: 'concept',
        },
      });
      return project.id;
    });
    return this.get(actor, id);
  }

  async list(actor: Actor, query: ProjectQuery): Promise<KeysetPage<ProjectSummaryResponse>> {
    const customerId = actor.role === 'customer' ? actor.customerId! : query.customerId;
    const qb = this.dataSource.getRepository(Project).createQueryBuilder('p');
    if (customerId) qb.andWhere('p.customerId = :customerId', { customerId });
    if (query.stage) qb.andWhere('p.stage = :stage', { stage: query.stage });
    return keysetPage(qb, PROJECT_LIST_ORDER, query, (rows) => rows.map(toSummary));
  }

  /**
   * A form's project picker: the newest `limit` projects the filter allows whose number or
   * title contains `q`, and the chosen one among them even when it does not match (the form
   * keeps its choice; a chosen project the filter no longer allows is not offered).
   */
  async choices(
    actor: Actor,
    q: string | undefined,
    chosenId: string | undefined,
    filter: ProjectChoiceFilter,
    limit = CHOICES_LIMIT,
  ): Promise<ProjectChoices> {
    const search = q?.trim() || undefined;
    const offered = () => {
      const qb = this.dataSource.getRepository(Project).createQueryBuilder('p');
      if (actor.role === 'customer') qb.andWhere('p.customerId = :own', { own: actor.customerId });
      qb.andWhere('p.stage IN (:...stages)', { stages: [...invoiceableStages(filter)] });
      if (filter === 'down_payment') qb.andWhere('p.agreedNetCents IS NOT NULL');
      return qb;
    };
    const qb = offered();
    if (search) {
      const matches = new Brackets((w) =>
        w.where(containsTextSql('p.number', 'q')).orWhere(containsTextSql('p.title', 'q')),
      );
      qb.andWhere(matches, { q: containsPattern(search) });
    }
    const query = { pageSize: limit, countTotal: false } as ProjectQuery;
    const page = await keysetPage(qb, PROJECT_LIST_ORDER, query, (rows) => rows.map(toSummary));
    const chosen =
      isChosenId(chosenId) && !page.items.some((p) => p.id === chosenId)
        ? await offered().andWhere('p.id = :chosenId', { chosenId }).getOne()
        : null;
    return toChoices(
      search,
      page.items,
      page.nextCursor !== null,
      chosenId,
      chosen && toSummary(chosen),
    );
  }

  async get(actor: Actor, id: string): Promise<ProjectResponse> {
    const project = await this.guard.findVisible(actor, id);
    const [requirements, items, approval] = await Promise.all([
      this.dataSource
        .getRepository(Requirement)
        .find({ where: { projectId: id }, order: { position: 'ASC' } }),
      this.dataSource
        .getRepository(EstimateItem)
        .find({ where: { projectId: id }, order: { position: 'ASC' } }),
      project.approvedRevision === null
        ? null
        : this.dataSource
            .getRepository(RevisionDecision)
            .findOneBy({ projectId: id, revisionNumber: project.approvedRevision }),
    ]);
    return toProjectResponse(
      actor,
      project,
      requirements,
      items,
      approval,
      await this.budget(project),
    );
  }

  async update(actor: Actor, id: string, dto: UpdateProjectDto): Promise<ProjectResponse> {
    await this.transactions.run(async (tx) => {
      const project = await this.guard.findVisible(actor, id, tx.manager);
      this.guard.assertCan(project, 'edit', actor);
      const { version, vatRate, ...fields } = dto;
      const changes: Partial<Project> = {
        ...fields,
        ...(vatRate === undefined ? {} : { vatRateBp: percentToBasisPoints(vatRate) }),
      };
      const before = { ...project };
      await this.guard.save(tx, project, changes, version);
      await this.audit.record(tx, actor, {
        entityType: 'project',
        entityId: id,
        action: 'updated',
        changes: diffFields(before, project, PROJECT_FIELDS),
      });
    });
    return this.get(actor, id);
  }

  /** T&M projects: the billable value of logged time against the agreed budget. */
  async budget(project: Project): Promise<ProjectResponse['budget']> {
    if (project.billingMode !== 'time_and_materials' || project.agreedNetCents === null)
      return null;
    const usedCents = await this.usedBudgetCents(this.dataSource.manager, project.id);
    return {
      budgetCents: project.agreedNetCents,
      usedCents,
      remainingCents: project.agreedNetCents - usedCents,
    };
  }

  async usedBudgetCents(
    manager: EntityManager,
    projectId: string,
    extra: TimeEntry[] = [],
  ): Promise<number> {
    const entries = [...(await manager.findBy(TimeEntry, { projectId, billable: true })), ...extra];
    if (entries.length === 0) return 0;
    const profile = await this.company.profile(manager);
    const rates = await this.company.servicesByIds(
      [...new Set(entries.map((e) => e.serviceRateId))],
      manager,
    );
    const byId = new Map(rates.map((r) => [r.id, r]));
    return billableValueCents(
      entries,
      byId,
      profile.billingIncrementMinutes,
      profile.workUnitMinutes,
    );
  }

  /** The editable draft as a revision would freeze it: concept, solution, estimate. */
  async draftContent(manager: EntityManager, project: Project): Promise<RevisionContent> {
    const [requirements, items] = await Promise.all([
      manager.find(Requirement, { where: { projectId: project.id }, order: { position: 'ASC' } }),
      manager.find(EstimateItem, { where: { projectId: project.id }, order: { position: 'ASC' } }),
    ]);
    const lines = items.map(toLine);
    return {
      title: project.title,
      background: project.background,
      goals: project.goals,
      billingMode: project.billingMode,
      vatRateBp: project.vatRateBp,
      validUntil: project.validUntil,
      terms: project.terms,
      requirements: requirements.map(toRequirementSnapshot),
      items: lines,
      totals: estimateTotals(lines, project.vatRateBp),
    };
  }

  /** A standard topic's prepared requirements and lines, priced from today's price list. */
  private async copyTemplate(tx: Tx, projectId: string, template: ProjectTemplate): Promise<void> {
    for (const [position, r] of template.requirements.entries()) {
      await tx.manager.insert(Requirement, {
        id: randomUUID(),
        projectId: projectId,
        position,
        ...r,
      });
    }
    for (const [position, item] of template.items.entries()) {
      const unitPriceCents = item.serviceRateId
        ? (await this.company.service(item.serviceRateId)).rateCents
        : (item.unitPriceCents ?? 0);
      await tx.manager.insert(EstimateItem, {
        id: randomUUID(),
        projectId: projectId,
        position,
        title: item.title,
        description: item.description,
        quantity: item.quantity,
        unit: item.unit,
        unitPriceCents,
        serviceRateId: item.serviceRateId,
        optional: item.optional,
      });
    }
  }
}

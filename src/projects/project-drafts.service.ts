import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { notFound, validationError } from '../common/domain-error.js';
import { formatQuantity, parseQuantity } from '../common/money.js';
import { percentToBasisPoints } from '../common/percent.js';
import { CompanyService } from '../company/company.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type {
  CreateEstimateItemDto,
  CreateRequirementDto,
  EstimateItemDto,
  EstimateTotalsResponse,
  ProjectResponse,
  UpdateEstimateItemDto,
  UpdateRequirementDto,
} from './dto/project.dto.js';
import { estimateTotals, type EstimateLine } from './estimate.js';
import { ProjectGuard } from './project-guard.js';
import { EstimateItem, Project, Requirement } from './project.entity.js';
import { toTotalsResponse } from './project-views.js';
import { ProjectsService } from './projects.service.js';

/**
 * The draft content of a project in concept or solution: requirements and estimate lines,
 * editable until a revision freezes them (each edit checks the stage machine's `edit`).
 */
@Injectable()
export class ProjectDraftsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly guard: ProjectGuard,
    private readonly projects: ProjectsService,
    private readonly company: CompanyService,
  ) {}

  async addRequirement(
    actor: Actor,
    id: string,
    dto: CreateRequirementDto,
  ): Promise<ProjectResponse> {
    await this.editContent(actor, id, dto.version, async (tx, project) => {
      const position = await tx.manager.count(Requirement, { where: { projectId: project.id } });
      const requirement = {
        id: randomUUID(),
        projectId: project.id,
        position,
        text: dto.text,
        priority: dto.priority,
        acceptanceCriterion: dto.acceptanceCriterion,
        solution: dto.solution ?? null,
      };
      await tx.manager.insert(Requirement, requirement);
      return {
        action: 'requirement_added',
        changes: { requirementId: requirement.id, text: dto.text },
      };
    });
    return this.projects.get(actor, id);
  }

  async updateRequirement(
    actor: Actor,
    id: string,
    requirementId: string,
    dto: UpdateRequirementDto,
  ): Promise<ProjectResponse> {
    await this.editContent(actor, id, dto.version, async (tx) => {
      const before = await tx.manager.findOneBy(Requirement, { id: requirementId, projectId: id });
      if (!before) throw notFound('REQUIREMENT.NOT_FOUND', requirementId);
      const { version: _version, position, ...changes } = dto;
      if (Object.keys(changes).length > 0) {
        await tx.manager.update(Requirement, { id: requirementId }, changes);
      }
      const moved = position === undefined ? {} : await this.move(tx, before, position - 1);
      return {
        action: 'requirement_changed',
        changes: {
          requirementId,
          ...diffFields(before, { ...before, ...changes }, [
            'text',
            'priority',
            'acceptanceCriterion',
            'solution',
          ]),
          ...moved,
        },
      };
    });
    return this.projects.get(actor, id);
  }

  async removeRequirement(actor: Actor, id: string, requirementId: string, version: number) {
    await this.editContent(actor, id, version, async (tx) => {
      const requirement = await tx.manager.findOneBy(Requirement, {
        id: requirementId,
        projectId: id,
      });
      if (!requirement) throw notFound('REQUIREMENT.NOT_FOUND', requirementId);
      // Draft rows only: what was sent lives on, frozen, in its revision.
      await tx.manager.delete(Requirement, { id: requirementId });
      await this.renumber(tx, Requirement, id);
      return { action: 'requirement_removed', changes: { requirementId, text: requirement.text } };
    });
    return this.projects.get(actor, id);
  }

  async addItem(actor: Actor, id: string, dto: CreateEstimateItemDto): Promise<ProjectResponse> {
    await this.editContent(actor, id, dto.version, async (tx, project) => {
      const position = await tx.manager.count(EstimateItem, { where: { projectId: project.id } });
      const item = {
        id: randomUUID(),
        projectId: project.id,
        position,
        ...(await this.itemFields(dto)),
      };
      await tx.manager.insert(EstimateItem, item);
      return {
        action: 'item_added',
        changes: {
          itemId: item.id,
          title: item.title,
          quantity: dto.quantity,
          unitPriceCents: item.unitPriceCents,
        },
      };
    });
    return this.projects.get(actor, id);
  }

  async updateItem(
    actor: Actor,
    id: string,
    itemId: string,
    dto: UpdateEstimateItemDto,
  ): Promise<ProjectResponse> {
    await this.editContent(actor, id, dto.version, async (tx) => {
      const before = await tx.manager.findOneBy(EstimateItem, { id: itemId, projectId: id });
      if (!before) throw notFound('ITEM.NOT_FOUND', itemId);
      const { version: _version, ...partial } = dto;
      const merged: EstimateItemDto = {
        title: partial.title ?? before.title,
        description: partial.description === undefined ? before.description : partial.description,
        quantity: partial.quantity ?? formatQuantity(before.quantity),
        unit: partial.unit ?? before.unit,
        serviceRateId:
          partial.serviceRateId ??
          (partial.unitPriceCents === undefined ? (before.serviceRateId ?? undefined) : undefined),
        unitPriceCents:
          partial.unitPriceCents ?? (partial.serviceRateId ? undefined : before.unitPriceCents),
        optional: partial.optional ?? before.optional,
      };
      const fields = await this.itemFields(merged);
      await tx.manager.update(EstimateItem, { id: itemId }, fields);
      return {
        action: 'item_changed',
        changes: {
          itemId,
          ...diffFields(before, { ...before, ...fields }, [
            'title',
            'description',
            'quantity',
            'unit',
            'unitPriceCents',
            'optional',
          ]),
        },
      };
    });
    return this.projects.get(actor, id);
  }

  async removeItem(
    actor: Actor,
    id: string,
    itemId: string,
    version: number,
  ): Promise<ProjectResponse> {
    await this.editContent(actor, id, version, async (tx) => {
      const item = await tx.manager.findOneBy(EstimateItem, { id: itemId, projectId: id });
      if (!item) throw notFound('ITEM.NOT_FOUND', itemId);
      await tx.manager.delete(EstimateItem, { id: itemId });
      await this.renumber(tx, EstimateItem, id);
      return { action: 'item_removed', changes: { itemId, title: item.title } };
    });
    return this.projects.get(actor, id);
  }

  /**
   * The estimate's totals as they would be with one line added (`itemId` null) or changed:
   * the estimate code's arithmetic on the current lines, nothing saved (the editor's live
   * totals while typing). A line the rules refuse is the same validation error as saving it.
   */
  async previewTotals(
    actor: Actor,
    id: string,
    itemId: string | null,
    line: Omit<EstimateItemDto, 'title' | 'description'>,
  ): Promise<{ project: ProjectResponse; totals: EstimateTotalsResponse }> {
    const project = await this.projects.get(actor, id);
    if (itemId && !project.items.some((item) => item.id === itemId)) {
      throw notFound('ITEM.NOT_FOUND', itemId);
    }
    const candidate = await this.itemFields({ ...line, title: '' });
    const lines: EstimateLine[] = project.items.map((item) => ({
      ...item,
      quantity: parseQuantity(item.quantity),
    }));
    const changed = { ...candidate, id: itemId ?? 'preview' };
    const previewed = itemId
      ? lines.map((item) => (item.id === itemId ? changed : item))
      : [...lines, changed];
    const chosen = project.approval?.chosenOptionalItemIds ?? [];
    const totals = estimateTotals(previewed, percentToBasisPoints(project.vatRate), chosen);
    return { project, totals: toTotalsResponse(totals) };
  }

  private async editContent(
    actor: Actor,
    id: string,
    version: number,
    edit: (
      tx: Tx,
      project: Project,
    ) => Promise<{ action: string; changes: Record<string, unknown> }>,
  ): Promise<void> {
    await this.transactions.run(async (tx) => {
      const project = await this.guard.findVisible(actor, id, tx.manager);
      this.guard.assertCan(project, 'edit', actor);
      await this.guard.save(tx, project, {}, version);
      const { action, changes } = await edit(tx, project);
      await this.audit.record(tx, actor, { entityType: 'project', entityId: id, action, changes });
    });
  }

  private async itemFields(dto: EstimateItemDto) {
    let unitPriceCents = dto.unitPriceCents;
    if (dto.serviceRateId) {
      const rate = await this.company.service(dto.serviceRateId).catch(() => {
        throw validationError([
          { field: 'serviceRateId', messages: ['no price-list service with this id'] },
        ]);
      });
      unitPriceCents ??= rate.rateCents;
    }
    if (unitPriceCents === undefined) {
      throw validationError([
        { field: 'unitPriceCents', messages: ['give unitPriceCents or a serviceRateId'] },
      ]);
    }
    const quantity = parseQuantity(dto.quantity);
    if (quantity <= 0)
      throw validationError([{ field: 'quantity', messages: ['quantity must be positive'] }]);
    return {
      title: dto.title,
      description: dto.description ?? null,
      quantity,
      unit: dto.unit,
      unitPriceCents,
      serviceRateId: dto.serviceRateId ?? null,
      optional: dto.optional ?? false,
    };
  }

  /**
   * Puts the requirement at `index` (0-based) and closes the ranks around it; the audit change
   * is given as numbers, as people read them.
   */
  private async move(tx: Tx, requirement: Requirement, index: number) {
    const rows = await tx.manager.find(Requirement, {
      where: { projectId: requirement.projectId },
      order: { position: 'ASC' },
    });
    if (index >= rows.length) {
      throw validationError([
        { field: 'position', messages: [`position must be at most ${rows.length}`] },
      ]);
    }
    const from = rows.findIndex((row) => row.id === requirement.id);
    if (from === index) return {};
    const [row] = rows.splice(from, 1);
    rows.splice(index, 0, row);
    for (const [position, each] of rows.entries()) {
      if (each.position !== position) {
        await tx.manager.update(Requirement, { id: each.id }, { position });
      }
    }
    return { position: { from: from + 1, to: index + 1 } };
  }

  private async renumber(
    tx: Tx,
    entity: typeof Requirement | typeof EstimateItem,
    projectId: string,
  ) {
    const rows = await tx.manager.find(entity, {
      where: { projectId },
      order: { position: 'ASC' },
    });
    for (const [position, row] of rows.entries()) {
      if (row.position !== position) await tx.manager.update(entity, { id: row.id }, { position });
    }
  }
}

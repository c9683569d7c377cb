import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { formatQuantity, parseQuantity } from '../common/money.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { Transactions } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import type {
  CreateTemplateDto,
  TemplateItemDto,
  TemplateResponse,
  UpdateTemplateDto,
} from './dto/template.dto.js';
import { ProjectTemplate, type TemplateItem } from './project-template.entity.js';

/** Standard topics with prepared requirements and lines (admins keep them). */
@Injectable()
export class ProjectTemplatesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async list(query: PageQuery): Promise<Page<TemplateResponse>> {
    const result = await this.dataSource
      .getRepository(ProjectTemplate)
      .findAndCount({ order: { name: 'ASC' }, skip: query.skip, take: query.pageSize });
    return toPage(result, query, toTemplateResponse);
  }

  async get(id: string): Promise<TemplateResponse> {
    const template = await this.dataSource.getRepository(ProjectTemplate).findOneBy({ id });
    if (!template) throw notFound('TEMPLATE.NOT_FOUND', id);
    return toTemplateResponse(template);
  }

  async create(actor: Actor, dto: CreateTemplateDto): Promise<TemplateResponse> {
    const id = randomUUID();
    await this.transactions.run(async (tx) => {
      if (await tx.manager.existsBy(ProjectTemplate, { name: dto.name })) {
        throw new DomainError(
          'conflict',
          'TEMPLATE.NAME_TAKEN',
          `A template named ${dto.name} exists already`,
        );
      }
      await tx.manager.insert(ProjectTemplate, {
        id,
        name: dto.name,
        description: dto.description ?? null,
        billingMode: dto.billingMode,
        background: dto.background,
        goals: dto.goals,
        requirements: dto.requirements.map((r) => ({ ...r, solution: r.solution ?? null })),
        items: dto.items.map(toTemplateItem),
        active: true,
      });
      await this.audit.record(tx, actor, {
        entityType: 'project_template',
        entityId: id,
        action: 'created',
        changes: { name: dto.name },
      });
    });
    return this.get(id);
  }

  async update(actor: Actor, id: string, dto: UpdateTemplateDto): Promise<TemplateResponse> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneBy(ProjectTemplate, { id });
      if (!before) throw notFound('TEMPLATE.NOT_FOUND', id);
      const { version, items, requirements, ...fields } = dto;
      await updateVersioned(
        tx,
        ProjectTemplate,
        id,
        version,
        {
          ...fields,
          ...(items ? { items: items.map(toTemplateItem) } : {}),
          ...(requirements
            ? { requirements: requirements.map((r) => ({ ...r, solution: r.solution ?? null })) }
            : {}),
        },
        'TEMPLATE',
      );
      await this.audit.record(tx, actor, {
        entityType: 'project_template',
        entityId: id,
        action: 'updated',
        changes: { fields: Object.keys(dto).filter((k) => k !== 'version') },
      });
    });
    return this.get(id);
  }
}

function toTemplateItem(item: TemplateItemDto, index: number): TemplateItem {
  if (!item.serviceRateId && item.unitPriceCents === undefined) {
    throw validationError([
      {
        field: `items.${index}.unitPriceCents`,
        messages: ['give unitPriceCents or a serviceRateId'],
      },
    ]);
  }
  return {
    title: item.title,
    description: item.description ?? null,
    quantity: parseQuantity(item.quantity),
    unit: item.unit,
    serviceRateId: item.serviceRateId ?? null,
    unitPriceCents: item.unitPriceCents ?? null,
    optional: item.optional ?? false,
  };
}

function toTemplateResponse(template: ProjectTemplate): TemplateResponse {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    billingMode: template.billingMode,
    background: template.background,
    goals: template.goals,
    requirements: template.requirements,
    items: template.items.map((i) => ({ ...i, quantity: formatQuantity(i.quantity) })),
    active: template.active,
    version: template.version,
  };
}

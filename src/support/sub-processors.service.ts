import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isStaff, type Actor } from '../common/access.js';
import { notFound } from '../common/domain-error.js';
import { diffFields } from '../common/field-diff.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import type {
  CreateSubProcessorDto,
  SubProcessorResponse,
  UpdateSubProcessorDto,
} from './dto/sub-processor.dto.js';
import { SubProcessor } from './support-desk-extras.entity.js';

const FIELDS = ['name', 'service', 'location', 'since'] as const;

/** Whether the caller may read the directory, and what it lists. */
export interface SubProcessorDirectory {
  /** Customers without a data processing agreement in force are not shown the directory. */
  available: boolean;
  items: SubProcessorResponse[];
}

const toResponse = (s: SubProcessor): SubProcessorResponse => ({
  id: s.id,
  name: s.name,
  service: s.service,
  location: s.location,
  since: s.since,
  version: s.version,
});

/**
 * The directory of sub-processors (GDPR Art. 28 (2)) the service terms promise to customers with
 * a data processing agreement. Admins keep it; the portal shows it only under an agreement.
 */
@Injectable()
export class SubProcessorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly customers: CustomersService,
  ) {}

  async list(_actor: Actor): Promise<SubProcessorResponse[]> {
    const rows = await this.dataSource
      .getRepository(SubProcessor)
      .find({ order: { name: 'ASC', id: 'ASC' } });
    return rows.map(toResponse);
  }

  /** Staff always; a customer user only under a data processing agreement in force today. */
  async directory(actor: Actor): Promise<SubProcessorDirectory> {
    if (!isStaff(actor)) {
      const coverage = await this.customers.coverage(actor.customerId!);
      if (!coverage.dataProcessingAgreement) return { available: false, items: [] };
    }
    return { available: true, items: await this.list(actor) };
  }

  async get(_actor: Actor, id: string): Promise<SubProcessorResponse> {
    const row = await this.dataSource.getRepository(SubProcessor).findOneBy({ id });
    if (!row) throw notFound('SUB_PROCESSOR.NOT_FOUND', id);
    return toResponse(row);
  }

  async create(actor: Actor, dto: CreateSubProcessorDto): Promise<SubProcessorResponse> {
    const id = randomUUID();
    await this.transactions.run(async (tx) => {
      await tx.manager.insert(SubProcessor, tx.manager.create(SubProcessor, { ...dto, id }));
      await this.audit.record(tx, actor, {
        entityType: 'sub_processor',
        entityId: id,
        action: 'created',
        changes: { ...dto },
      });
    });
    return this.get(actor, id);
  }

  async update(
    actor: Actor,
    id: string,
    dto: UpdateSubProcessorDto,
  ): Promise<SubProcessorResponse> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneBy(SubProcessor, { id });
      if (!before) throw notFound('SUB_PROCESSOR.NOT_FOUND', id);
      const { version, ...changes } = dto;
      await updateVersioned(tx, SubProcessor, id, version, changes, 'SUB_PROCESSOR');
      await this.audit.record(tx, actor, {
        entityType: 'sub_processor',
        entityId: id,
        action: 'updated',
        changes: diffFields(before, { ...before, ...changes }, FIELDS),
      });
    });
    return this.get(actor, id);
  }

  /** A sub-processor the company no longer uses leaves the directory; the audit log keeps it. */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneBy(SubProcessor, { id });
      if (!before) throw notFound('SUB_PROCESSOR.NOT_FOUND', id);
      await tx.manager.delete(SubProcessor, { id });
      await this.audit.record(tx, actor, {
        entityType: 'sub_processor',
        entityId: id,
        action: 'removed',
        changes: { name: before.name, service: before.service, location: before.location },
      });
    });
  }
}

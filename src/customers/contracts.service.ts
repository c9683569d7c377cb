import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { notFound, validationError } from '../common/domain-error.js';
import { Transactions } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import {
  contractDatesProblem,
  coveredHoursProblem,
  type ContractDates,
  type ContractKind,
  type CoveredHoursSlot,
} from './contract-rules.js';
import { Contract } from './customer.entity.js';
import type { ContractResponse, CreateContractDto, UpdateContractDto } from './customer.dto.js';
import { toContractResponse } from './customer-mappers.js';
import { CustomersService } from './customers.service.js';

const CONTRACT_FIELDS = [
  'reference',
  'startDate',
  'endDate',
  'signedOn',
  'terms',
  'coveredHours',
] as const;

@Injectable()
export class ContractsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly customers: CustomersService,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async list(actor: Actor, customerId: string): Promise<ContractResponse[]> {
    await this.customers.findVisible(actor, customerId);
    const contracts = await this.dataSource
      .getRepository(Contract)
      .find({ where: { customerId }, order: { startDate: 'ASC' } });
    const today = this.clock.today();
    return contracts.map((c) => toContractResponse(c, today));
  }

  async create(
    actor: Actor,
    customerId: string,
    dto: CreateContractDto,
  ): Promise<ContractResponse> {
    const dates: ContractDates = {
      kind: dto.kind,
      startDate: dto.startDate,
      endDate: dto.endDate ?? null,
      signedOn: dto.signedOn ?? null,
    };
    assertDates(dates);
    const coveredHours = plainSlots(dto.coveredHours);
    assertCoveredHours(dto.kind, coveredHours);
    const contract = await this.transactions.run(async (tx) => {
      await this.customers.findVisible(actor, customerId, tx);
      const created = tx.manager.create(Contract, {
        ...dates,
        id: randomUUID(),
        customerId,
        reference: dto.reference ?? null,
        terms: dto.terms ?? null,
        coveredHours,
      });
      await tx.manager.insert(Contract, created);
      await this.audit.record(tx, actor, {
        entityType: 'contract',
        entityId: created.id,
        action: 'created',
        changes: { customerId, ...dates, reference: created.reference },
      });
      return created;
    });
    return toContractResponse(contract, this.clock.today());
  }

  async update(
    actor: Actor,
    customerId: string,
    contractId: string,
    dto: UpdateContractDto,
  ): Promise<ContractResponse> {
    await this.transactions.run(async (tx) => {
      await this.customers.findVisible(actor, customerId, tx);
      const before = await tx.manager.findOneBy(Contract, { id: contractId, customerId });
      if (!before) throw notFound('CONTRACT.NOT_FOUND', contractId);
      const { version, coveredHours, ...fields } = dto;
      const changes: Partial<Contract> = {
        ...fields,
        ...(coveredHours === undefined ? {} : { coveredHours: plainSlots(coveredHours) }),
      };
      const after = { ...before, ...changes };
      assertDates(after);
      assertCoveredHours(after.kind, after.coveredHours);
      await updateVersioned(tx, Contract, contractId, version, changes, 'CONTRACT');
      await this.audit.record(tx, actor, {
        entityType: 'contract',
        entityId: contractId,
        action: 'updated',
        changes: diffFields(before, after, CONTRACT_FIELDS),
      });
    });
    const contract = await this.dataSource
      .getRepository(Contract)
      .findOneByOrFail({ id: contractId });
    return toContractResponse(contract, this.clock.today());
  }
}

/** Plain objects: the JSON column stores exactly these fields. */
function plainSlots(
  slots: readonly CoveredHoursSlot[] | null | undefined,
): CoveredHoursSlot[] | null {
  return slots ? slots.map(({ weekday, open, close }) => ({ weekday, open, close })) : null;
}

function assertCoveredHours(kind: ContractKind, slots: readonly CoveredHoursSlot[] | null): void {
  const problem = coveredHoursProblem(kind, slots);
  if (problem) throw validationError([{ field: 'coveredHours', messages: [problem] }]);
}

function assertDates(dates: ContractDates): void {
  const problem = contractDatesProblem(dates);
  if (problem) throw validationError([{ field: problem.field, messages: [problem.message] }]);
}

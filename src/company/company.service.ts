import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, type EntityManager } from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { toPage, type Page } from '../common/pagination.js';
import { basisPointsToPercent, percentToBasisPoints } from '../common/percent.js';
import { Transactions } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import { CompanyProfile, ServiceRate } from './company.entity.js';
import { missingParticulars } from './legal-form.js';
import type {
  CompanyResponse,
  CreateServiceRateDto,
  ServiceRateQuery,
  ServiceRateResponse,
  UpdateCompanyDto,
  UpdateServiceRateDto,
} from './company.dto.js';

const PROFILE_FIELDS = [
  'legalName',
  'street',
  'postalCode',
  'city',
  'countryCode',
  'vatId',
  'taxNumber',
  'legalForm',
  'commercialRegister',
  'managingDirectors',
  'email',
  'phone',
  'website',
  'iban',
  'bic',
  'bankName',
  'defaultVatRateBp',
  'paymentTermsDays',
  'defaultLocale',
  'smallBusiness',
  'billingIncrementMinutes',
  'workUnitMinutes',
  'projectLeadTimeDays',
] as const;
const RATE_FIELDS = [
  'code',
  'name',
  'description',
  'unit',
  'rateCents',
  'afterHoursSurchargePercent',
  'active',
] as const;

/**
 * The company as the seller on an invoice: what §14 UStG and EN 16931 ask for, and the
 * bank account the GiroCode pays into. Invoices freeze it in their snapshot.
 */
export interface CompanyParty {
  name: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  vatId: string | null;
  taxNumber: string | null;
  email: string | null;
  phone: string | null;
  website: string | null;
  commercialRegister: string | null;
  managingDirectors: string | null;
  iban: string | null;
  bic: string | null;
  bankName: string | null;
}

/** The profile as a letterhead prints it: what other modules' documents read of it. */
export type Letterhead = Pick<
  CompanyProfile,
  | 'legalName'
  | 'street'
  | 'postalCode'
  | 'city'
  | 'countryCode'
  | 'email'
  | 'phone'
  | 'website'
  | 'vatId'
  | 'taxNumber'
  | 'commercialRegister'
  | 'managingDirectors'
  | 'bankName'
  | 'iban'
  | 'bic'
>;

/** A price-list rate as support bills it. */
export type PriceListRate = Pick<
  ServiceRate,
  'id' | 'code' | 'name' | 'unit' | 'rateCents' | 'afterHoursSurchargePercent' | 'active'
>;

/** What invoicing needs of the profile: the seller and the defaults a new invoice takes. */
export interface InvoicingProfile {
  seller: CompanyParty;
  defaultVatRateBp: number;
  paymentTermsDays: number;
  /** Kleinunternehmer (§19 UStG). */
  smallBusiness: boolean;
}

@Injectable()
export class CompanyService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  /** The profile as other modules need it (documents, invoices, billing). */
  profile(manager: EntityManager = this.dataSource.manager): Promise<CompanyProfile> {
    // Inside a transaction pass its manager: a second pooled connection could starve the pool.
    return manager.findOneByOrFail(CompanyProfile, { id: 1 });
  }

  async invoicingProfile(manager?: EntityManager): Promise<InvoicingProfile> {
    const profile = await this.profile(manager);
    return {
      seller: {
        name: profile.legalName,
        street: profile.street,
        postalCode: profile.postalCode,
        city: profile.city,
        countryCode: profile.countryCode,
        vatId: profile.vatId,
        taxNumber: profile.taxNumber,
        email: profile.email,
        phone: profile.phone,
        website: profile.website,
        commercialRegister: profile.commercialRegister,
        managingDirectors: profile.managingDirectors,
        iban: profile.iban,
        bic: profile.bic,
        bankName: profile.bankName,
      },
      defaultVatRateBp: profile.defaultVatRateBp,
      paymentTermsDays: profile.paymentTermsDays,
      smallBusiness: profile.smallBusiness,
    };
  }

  /**
   * Who mails to customers are signed by: the company's legal name, or `fallback` (the sender
   * address) until an admin has filled it in.
   */
  async mailSignature(fallback: string, manager?: EntityManager): Promise<string> {
    return (await this.profile(manager)).legalName || fallback;
  }

  async get(): Promise<CompanyResponse> {
    return toCompanyResponse(await this.profile());
  }

  async update(actor: Actor, dto: UpdateCompanyDto): Promise<CompanyResponse> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneByOrFail(CompanyProfile, { id: 1 });
      const { version, defaultVatRate, ...fields } = dto;
      const changes: Partial<CompanyProfile> = {
        ...fields,
        ...(defaultVatRate === undefined
          ? {}
          : { defaultVatRateBp: percentToBasisPoints(defaultVatRate) }),
      };
      await updateVersioned(tx, CompanyProfile, 1, version, changes, 'COMPANY');
      await this.audit.record(tx, actor, {
        entityType: 'company',
        entityId: '1',
        action: 'updated',
        changes: diffFields(before, { ...before, ...changes }, PROFILE_FIELDS),
      });
    });
    return this.get();
  }

  async listServices(query: ServiceRateQuery): Promise<Page<ServiceRateResponse>> {
    const result = await this.dataSource.getRepository(ServiceRate).findAndCount({
      where: query.active === undefined ? {} : { active: query.active },
      order: { code: 'ASC' },
      skip: query.skip,
      take: query.pageSize,
    });
    return toPage(result, query, toServiceRateResponse);
  }

  /** For other modules: a service of the price list by id, active or not. */
  async service(id: string): Promise<ServiceRate> {
    const rate = await this.dataSource.getRepository(ServiceRate).findOneBy({ id });
    if (!rate) throw notFound('SERVICE.NOT_FOUND', id);
    return rate;
  }

  /** For other modules: several price-list services at once. */
  servicesByIds(
    ids: string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<ServiceRate[]> {
    return ids.length === 0 ? Promise.resolve([]) : manager.findBy(ServiceRate, { id: In(ids) });
  }

  async createService(actor: Actor, dto: CreateServiceRateDto): Promise<ServiceRateResponse> {
    const rate = await this.transactions.run(async (tx) => {
      if (await tx.manager.existsBy(ServiceRate, { code: dto.code })) {
        throw new DomainError(
          'conflict',
          'SERVICE.CODE_TAKEN',
          `Service code ${dto.code} exists already`,
        );
      }
      const created = tx.manager.create(ServiceRate, {
        ...dto,
        id: randomUUID(),
        description: dto.description ?? null,
        afterHoursSurchargePercent: dto.afterHoursSurchargePercent ?? 0,
        active: true,
      });
      await tx.manager.insert(ServiceRate, created);
      await this.audit.record(tx, actor, {
        entityType: 'service_rate',
        entityId: created.id,
        action: 'created',
        changes: { ...dto },
      });
      return created;
    });
    return toServiceRateResponse(rate);
  }

  async updateService(
    actor: Actor,
    id: string,
    dto: UpdateServiceRateDto,
  ): Promise<ServiceRateResponse> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneBy(ServiceRate, { id });
      if (!before) throw notFound('SERVICE.NOT_FOUND', id);
      const { version, ...changes } = dto;
      if (
        changes.code &&
        changes.code !== before.code &&
        (await tx.manager.existsBy(ServiceRate, { code: changes.code }))
      ) {
        throw new DomainError(
          'conflict',
          'SERVICE.CODE_TAKEN',
          `Service code ${changes.code} exists already`,
        );
      }
      await updateVersioned(tx, ServiceRate, id, version, changes, 'SERVICE');
      await this.audit.record(tx, actor, {
        entityType: 'service_rate',
        entityId: id,
        action: 'updated',
        changes: diffFields(before, { ...before, ...changes }, RATE_FIELDS),
      });
    });
    return toServiceRateResponse(await this.service(id));
  }
}

/**
 * §14 UStG needs these on every invoice; documents need them in the letterhead, with the
 * particulars of the legal form in the footer.
 */
export function missingProfileFields(profile: CompanyProfile): string[] {
  const missing: string[] = [];
  for (const field of ['legalName', 'street', 'postalCode', 'city'] as const) {
    if (!profile[field]) missing.push(field);
  }
  if (!profile.vatId && !profile.taxNumber) missing.push('vatId or taxNumber');
  if (!profile.iban) missing.push('iban');
  missing.push(...missingParticulars(profile));
  return missing;
}

export function toCompanyResponse(profile: CompanyProfile): CompanyResponse {
  return {
    legalName: profile.legalName,
    street: profile.street,
    postalCode: profile.postalCode,
    city: profile.city,
    countryCode: profile.countryCode,
    vatId: profile.vatId,
    taxNumber: profile.taxNumber,
    legalForm: profile.legalForm,
    commercialRegister: profile.commercialRegister,
    managingDirectors: profile.managingDirectors,
    email: profile.email,
    phone: profile.phone,
    website: profile.website,
    iban: profile.iban,
    bic: profile.bic,
    bankName: profile.bankName,
    defaultVatRate: basisPointsToPercent(profile.defaultVatRateBp),
    paymentTermsDays: profile.paymentTermsDays,
    currency: profile.currency,
    defaultLocale: profile.defaultLocale,
    smallBusiness: profile.smallBusiness,
    billingIncrementMinutes: profile.billingIncrementMinutes,
    workUnitMinutes: profile.workUnitMinutes,
    projectLeadTimeDays: profile.projectLeadTimeDays,
    missing: missingProfileFields(profile),
    version: profile.version,
  };
}

export function toServiceRateResponse(rate: ServiceRate): ServiceRateResponse {
  return {
    id: rate.id,
    code: rate.code,
    name: rate.name,
    description: rate.description,
    unit: rate.unit,
    rateCents: rate.rateCents,
    afterHoursSurchargePercent: rate.afterHoursSurchargePercent,
    active: rate.active,
    version: rate.version,
  };
}

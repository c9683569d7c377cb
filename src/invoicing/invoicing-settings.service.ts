import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { DomainError, validationError } from '../common/domain-error.js';
import { Transactions } from '../database/transactions.js';
import {
  DEFAULT_DATEV_SETTINGS,
  DEFAULT_REVENUE_ACCOUNTS,
  debtorAccountProblems,
  REVENUE_CASES,
  type DatevSettings,
} from './datev/datev-export.js';
import type { DunningSettings } from './reminders/dunning-rules.js';
import { InvoicingSetting } from './reminders/reminder.entity.js';
import type { DatevSettingsDto, DatevSettingsResponse } from './datev/datev.dto.js';
import type { DunningSettingsDto, DunningSettingsResponse } from './reminders/reminders.dto.js';

/**
 * The defaults until finance changes them: a friendly reminder 7 days after the due date, the
 * 1. Mahnung after 21 with 5 € and interest, the 2. after 35 with 10 €; the flat fee claimed;
 * the Basiszinssatz as the Bundesbank published it (§ 247 BGB; it changes on 1 January and
 * 1 July, and finance adds each new one).
 */
export const DEFAULT_DUNNING_SETTINGS: DunningSettings = {
  levels: [
    { daysAfterDue: 7, feeCents: 0, claimInterest: false },
    { daysAfterDue: 21, feeCents: 500, claimInterest: true },
    { daysAfterDue: 35, feeCents: 1000, claimInterest: true },
  ],
  claimFlatFee: true,
  baseRates: [
    { validFrom: '2024-01-01', rateBp: 362 },
    { validFrom: '2024-07-01', rateBp: 337 },
    { validFrom: '2025-01-01', rateBp: 227 },
    { validFrom: '2025-07-01', rateBp: 127 },
  ],
};

type Versioned<T> = { value: T; version: number };

/** The invoicing module's settings: dunning (levels, base rates) and DATEV (accounts). */
@Injectable()
export class InvoicingSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
  ) {}

  async dunning(manager?: EntityManager): Promise<Versioned<DunningSettings>> {
    return this.read('dunning', DEFAULT_DUNNING_SETTINGS, manager);
  }

  async datev(manager?: EntityManager): Promise<Versioned<DatevSettings>> {
    return this.read('datev', DEFAULT_DATEV_SETTINGS, manager);
  }

  async dunningResponse(): Promise<DunningSettingsResponse> {
    return toDunningResponse(await this.dunning());
  }

  async datevResponse(): Promise<DatevSettingsResponse> {
    return toDatevResponse(await this.datev());
  }

  async updateDunning(actor: Actor, dto: DunningSettingsDto): Promise<DunningSettingsResponse> {
    const days = dto.levels.map((l) => l.daysAfterDue);
    if (!(days[0] < days[1] && days[1] < days[2])) {
      throw validationError([
        {
          field: 'levels',
          messages: ['levels must come later one after the other (daysAfterDue ascending)'],
        },
      ]);
    }
    // The page's form reaches here too, so the rows are checked here, not only by the API's DTO.
    const badRow = dto.baseRates.some(
      (r) => !/^-?\d{1,2}(\.\d{1,2})?$/.test(r.ratePercent) || !isDay(r.validFrom),
    );
    if (badRow || dto.baseRates.length === 0) {
      throw validationError([
        {
          field: 'baseRates',
          messages: ['each base rate needs a day and a percentage such as 1.27'],
        },
      ]);
    }
    if (new Set(dto.baseRates.map((r) => r.validFrom)).size !== dto.baseRates.length) {
      throw validationError([{ field: 'baseRates', messages: ['each validFrom only once'] }]);
    }
    const value: DunningSettings = {
      levels: dto.levels.map((l) => ({
        daysAfterDue: l.daysAfterDue,
        feeCents: l.feeCents,
        claimInterest: l.claimInterest,
      })) as DunningSettings['levels'],
      claimFlatFee: dto.claimFlatFee,
      baseRates: dto.baseRates
        .map((r) => ({ validFrom: r.validFrom, rateBp: percentToBp(r.ratePercent) }))
        .sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1)),
    };
    await this.write(actor, 'dunning', value, dto.version);
    return this.dunningResponse();
  }

  async updateDatev(actor: Actor, dto: DatevSettingsDto): Promise<DatevSettingsResponse> {
    const problems = debtorAccountProblems(dto.accountLength, dto.debtorAccounts);
    if (problems.length > 0) {
      throw validationError(
        problems.map((p) => ({
          field: `debtorAccounts.${p.index}.${p.field}`,
          messages: [p.message],
        })),
      );
    }
    const value: DatevSettings = {
      consultantNumber: dto.consultantNumber,
      clientNumber: dto.clientNumber,
      fiscalYearStart: dto.fiscalYearStart,
      accountLength: dto.accountLength,
      chart: dto.chart,
      revenueAccounts: pick(dto.revenueAccounts),
      buKeys: pick(dto.buKeys),
      debtorBase: dto.debtorBase,
      collectiveDebtor: dto.collectiveDebtor ?? null,
      debtorAccounts: Object.fromEntries(
        dto.debtorAccounts.map((d) => [d.customerNumber, d.account]),
      ),
    };
    await this.write(actor, 'datev', value, dto.version);
    return this.datevResponse();
  }

  private async read<T>(key: string, fallback: T, manager?: EntityManager): Promise<Versioned<T>> {
    const row = await (manager ?? this.dataSource.manager).findOneBy(InvoicingSetting, { key });
    return row ? { value: row.value as T, version: row.version } : { value: fallback, version: 0 };
  }

  /** Optimistic locking: version 0 creates the row (once), otherwise the version read. */
  private async write(actor: Actor, key: string, value: unknown, version: number): Promise<void> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneBy(InvoicingSetting, { key });
      const stale = () =>
        new DomainError(
          'conflict',
          'INVOICING_SETTINGS.VERSION_CONFLICT',
          'The settings changed meanwhile; reload',
        );
      if ((before?.version ?? 0) !== version) throw stale();
      if (!before) {
        await tx.manager.insert(InvoicingSetting, {
          key,
          value: value as never,
          version: 1,
          updatedAt: new Date(),
        });
      } else {
        const result = await tx.manager
          .createQueryBuilder()
          .update(InvoicingSetting)
          .set({ value: value as never })
          .where('key = :key AND version = :version', { key, version })
          .execute();
        if (result.affected !== 1) throw stale();
      }
      await this.audit.record(tx, actor, {
        entityType: 'invoicing_settings',
        entityId: key,
        action: 'updated',
        changes: { from: before?.value ?? null, to: value },
      });
    });
  }
}

/** A real calendar day YYYY-MM-DD. */
function isDay(text: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)
  );
}

function pick<T extends object>(dto: T): Partial<Record<string, never>> & T {
  return Object.fromEntries(
    Object.entries(dto).filter(([, v]) => v !== undefined && v !== null),
  ) as T;
}

/** "1.27" → 127, "-0.88" → -88: by string, never through a float. */
export function percentToBp(text: string): number {
  const negative = text.startsWith('-');
  const [whole, fraction = ''] = text.replace('-', '').split('.');
  const bp = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return negative ? -bp : bp;
}

/** 127 → "1.27", -88 → "-0.88". */
export function bpToPercent(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function toDunningResponse({
  value,
  version,
}: Versioned<DunningSettings>): DunningSettingsResponse {
  return {
    levels: value.levels.map((l) => ({ ...l })),
    claimFlatFee: value.claimFlatFee,
    baseRates: value.baseRates.map((r) => ({
      validFrom: r.validFrom,
      ratePercent: bpToPercent(r.rateBp),
    })),
    version,
  };
}

function toDatevResponse({ value, version }: Versioned<DatevSettings>): DatevSettingsResponse {
  return {
    consultantNumber: value.consultantNumber,
    clientNumber: value.clientNumber,
    fiscalYearStart: value.fiscalYearStart,
    accountLength: value.accountLength,
    chart: value.chart,
    revenueAccounts: { ...value.revenueAccounts },
    buKeys: { ...value.buKeys },
    debtorBase: value.debtorBase,
    collectiveDebtor: value.collectiveDebtor,
    debtorAccounts: Object.entries(value.debtorAccounts).map(([customerNumber, account]) => ({
      customerNumber,
      account,
    })),
    effectiveRevenueAccounts: Object.fromEntries(
      REVENUE_CASES.map((c) => [
        c,
        value.revenueAccounts[c] ?? DEFAULT_REVENUE_ACCOUNTS[value.chart][c],
      ]),
    ),
    version,
  };
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { calendarDay, Clock } from '../common/clock.js';
import { basisPointsToPercent, percentToBasisPoints } from '../common/percent.js';
import { FULL_BILLING_BP } from './support-billing.js';
import { validationError } from '../common/domain-error.js';
import { CompanyService } from '../company/company.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { CustomersService } from '../customers/customers.service.js';
import { updateVersioned } from '../database/versioned-update.js';
import { afterHoursMinutes, calendarProblem, type BusinessCalendar } from './business-hours.js';
import { SupportTimeEntry } from './billing.entity.js';
import { closedDays, publicHolidays } from './public-holidays.js';
import type { SupportSettingsResponse, UpdateSupportSettingsDto } from './dto/billing.dto.js';
import { SupportSettings } from './support-settings.entity.js';

const SETTINGS_FIELDS = [
  'approvalThresholdWorkUnits',
  'businessHours',
  'holidays',
  'federalState',
  'analysisFeeBilledBp',
] as const;
/** Settings that decide which minutes are after hours: a change recomputes unbilled entries. */
const CALENDAR_FIELDS = ['businessHours', 'holidays', 'federalState'] as const;

@Injectable()
export class SupportSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly company: CompanyService,
    private readonly customers: CustomersService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  settings(): Promise<SupportSettings> {
    return this.dataSource.getRepository(SupportSettings).findOneByOrFail({ id: 1 });
  }

  /** Business hours in the company's time zone, the calendar the after-hours surcharge uses. */
  async calendar(manager?: EntityManager): Promise<BusinessCalendar> {
    const settings = await (manager ?? this.dataSource.manager).findOneByOrFail(SupportSettings, {
      id: 1,
    });
    return this.calendarOf(settings);
  }

  /**
   * Closed all day: the federal state's public holidays (computed for the last years of work
   * that may still be logged or billed, and next year) and the company's own days.
   */
  private calendarOf(settings: SupportSettings): BusinessCalendar {
    const year = Number(this.clock.today().slice(0, 4));
    const years = [-5, -4, -3, -2, -1, 0, 1].map((offset) => year + offset);
    return {
      timeZone: this.clock.timeZone,
      hours: settings.businessHours,
      holidays: closedDays(settings.federalState, years, settings.holidays),
    };
  }

  /** The prior-approval threshold in minutes: work units × the company's AE length. */
  async approvalThresholdMinutes(): Promise<number> {
    const [settings, profile] = await Promise.all([this.settings(), this.company.profile()]);
    return settings.approvalThresholdWorkUnits * profile.workUnitMinutes;
  }

  async get(): Promise<SupportSettingsResponse> {
    const [settings, thresholdMinutes] = await Promise.all([
      this.settings(),
      this.approvalThresholdMinutes(),
    ]);
    const year = Number(this.clock.today().slice(0, 4));
    return {
      approvalThresholdWorkUnits: settings.approvalThresholdWorkUnits,
      approvalThresholdMinutes: thresholdMinutes,
      timeZone: this.clock.timeZone,
      businessHours: settings.businessHours,
      holidays: settings.holidays,
      federalState: settings.federalState,
      publicHolidays: settings.federalState
        ? [year, year + 1].flatMap((y) => publicHolidays(settings.federalState!, y))
        : [],
      analysisFeeBilledPercent: basisPointsToPercent(settings.analysisFeeBilledBp),
      version: settings.version,
    };
  }

  /**
   * A changed calendar applies to the work not yet billed: unbilled entries get their minutes
   * after hours and outside the contract's hours recomputed (invoiced ones keep theirs, as
   * billed). Returns how many changed.
   */
  private async recomputeUnbilled(tx: Tx, calendar: BusinessCalendar): Promise<number> {
    const entries = await tx.manager.findBy(SupportTimeEntry, { invoicedAt: IsNull() });
    let changed = 0;
    for (const entry of entries) {
      const coverage = await this.customers.coverage(
        entry.customerId,
        calendarDay(entry.startedAt, calendar.timeZone),
      );
      const after = afterHoursMinutes(entry.startedAt, entry.minutes, calendar);
      const outside = afterHoursMinutes(entry.startedAt, entry.minutes, {
        ...calendar,
        hours: coverage.serviceContractHours ?? calendar.hours,
      });
      if (after === entry.afterHoursMinutes && outside === entry.outsideCoverageMinutes) continue;
      await tx.manager.update(
        SupportTimeEntry,
        { id: entry.id },
        { afterHoursMinutes: after, outsideCoverageMinutes: outside },
      );
      changed += 1;
    }
    return changed;
  }

  async update(actor: Actor, dto: UpdateSupportSettingsDto): Promise<SupportSettingsResponse> {
    const { version, analysisFeeBilledPercent, ...fields } = dto;
    const changes: Partial<SupportSettings> = { ...fields };
    if (analysisFeeBilledPercent !== undefined) {
      changes.analysisFeeBilledBp = percentToBasisPoints(analysisFeeBilledPercent);
      if (changes.analysisFeeBilledBp > FULL_BILLING_BP) {
        throw validationError([
          {
            field: 'analysisFeeBilledPercent',
            messages: ['analysisFeeBilledPercent must be between 0 and 100'],
          },
        ]);
      }
    }
    if (changes.businessHours) {
      const problem = calendarProblem(changes.businessHours);
      if (problem) throw validationError([{ field: 'businessHours', messages: [problem] }]);
      // Plain objects: the JSON column stores exactly these fields.
      changes.businessHours = changes.businessHours.map(({ weekday, open, close }) => ({
        weekday,
        open,
        close,
      }));
    }
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneByOrFail(SupportSettings, { id: 1 });
      await updateVersioned(tx, SupportSettings, 1, version, changes, 'SUPPORT_SETTINGS');
      const recomputed = CALENDAR_FIELDS.some((f) => changes[f] !== undefined)
        ? await this.recomputeUnbilled(
            tx,
            this.calendarOf(await tx.manager.findOneByOrFail(SupportSettings, { id: 1 })),
          )
        : 0;
      await this.audit.record(tx, actor, {
        entityType: 'support_settings',
        entityId: '1',
        action: 'updated',
        changes: {
          ...diffFields(before, { ...before, ...changes }, SETTINGS_FIELDS),
          ...(recomputed > 0 ? { recomputedEntries: recomputed } : {}),
        },
      });
    });
    return this.get();
  }
}

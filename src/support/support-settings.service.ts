import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { basisPointsToPercent, percentToBasisPoints } from '../common/percent.js';
import { FULL_BILLING_BP } from './support-billing.js';
import { validationError } from '../common/domain-error.js';
import { CompanyService } from '../company/company.service.js';
import { Transactions } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import { calendarProblem, type BusinessCalendar } from './business-hours.js';
import type { SupportSettingsResponse, UpdateSupportSettingsDto } from './dto/billing.dto.js';
import { SupportSettings } from './support-settings.entity.js';

const SETTINGS_FIELDS = [
  'approvalThresholdWorkUnits',
  'businessHours',
  'holidays',
  'analysisFeeBilledBp',
] as const;

@Injectable()
export class SupportSettingsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly company: CompanyService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  settings(): Promise<SupportSettings> {
    return this.dataSource.getRepository(SupportSettings).findOneByOrFail({ id: 1 });
  }

  /** Business hours in the company's time zone, the calendar the after-hours surcharge uses. */
  async calendar(): Promise<BusinessCalendar> {
    const settings = await this.settings();
    return {
      timeZone: this.clock.timeZone,
      hours: settings.businessHours,
      holidays: settings.holidays,
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
    return {
      approvalThresholdWorkUnits: settings.approvalThresholdWorkUnits,
      approvalThresholdMinutes: thresholdMinutes,
      timeZone: this.clock.timeZone,
      businessHours: settings.businessHours,
      holidays: settings.holidays,
      analysisFeeBilledPercent: basisPointsToPercent(settings.analysisFeeBilledBp),
      version: settings.version,
    };
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
      await this.audit.record(tx, actor, {
        entityType: 'support_settings',
        entityId: '1',
        action: 'updated',
        changes: diffFields(before, { ...before, ...changes }, SETTINGS_FIELDS),
      });
    });
    return this.get();
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { Clock } from '../../common/clock.js';
import { centsToDecimal } from '../../common/money.js';
import { REVENUE_CASES, type RevenueCase } from '../datev/datev-export.js';
import type { DatevSettingsDto } from '../datev/datev.dto.js';
import { InvoicingSettingsService } from '../invoicing-settings.service.js';
import { bpToPercent } from '../invoicing-settings.service.js';
import type { DunningSettingsDto } from '../reminders/reminders.dto.js';
import { RemindersService } from '../reminders/reminders.service.js';
import {
  euroTextToCents,
  type PageDatevSettingsDto,
  type PageDunningSettingsDto,
} from './reminder-pages.dto.js';

const euroText = (cents: number) => centsToDecimal(cents).replace('.', ',');

/**
 * The finance pages for reminders and exports: view models from the services' answers, and
 * the forms turned into the services' DTOs. No rule lives here: what is due, what it claims
 * and whether settings are valid, the services decide.
 */
@Injectable()
export class ReminderPagesService {
  constructor(
    private readonly reminders: RemindersService,
    private readonly settings: InvoicingSettingsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async remindersPage(actor: Actor, on?: string) {
    const today = this.clock.today();
    const day = on ?? today;
    const [proposals, settings, recent] = await Promise.all([
      this.reminders.propose(actor, day),
      this.settings.dunningResponse(),
      this.reminders.recent(actor, 20),
    ]);
    return {
      on: day,
      today,
      preview: day !== today,
      proposals: proposals.map((p) => ({
        ...p,
        interest: p.interest.map((i) => ({ ...i, rate: bpToPercent(i.rateBp) })),
      })),
      settings: {
        version: settings.version,
        levels: settings.levels.map((l, index) => ({ ...l, index, fee: euroText(l.feeCents) })),
        claimFlatFee: settings.claimFlatFee,
        // One empty row to add the next rate.
        baseRates: [
          ...settings.baseRates.map((r) => ({
            ...r,
            ratePercent: r.ratePercent.replace('.', ','),
          })),
          { validFrom: '', ratePercent: '' },
        ].map((r, i) => ({ ...r, n: i + 1 })),
      },
      recent,
    };
  }

  async exportsPage() {
    const settings = await this.settings.datevResponse();
    const today = this.clock.today();
    return {
      settings,
      revenueCases: REVENUE_CASES.map((c) => ({
        key: c,
        override: settings.revenueAccounts[c] ?? '',
        effective: settings.effectiveRevenueAccounts[c],
      })),
      from: `${today.slice(0, 7)}-01`,
      to: today,
    };
  }

  dunningSettings(form: PageDunningSettingsDto): DunningSettingsDto {
    const rows = form.validFrom
      .map((validFrom, i) => ({
        validFrom: validFrom.trim(),
        ratePercent: (form.ratePercent[i] ?? '').trim(),
      }))
      .filter((r) => r.validFrom !== '' || r.ratePercent !== '');
    const level = (days: number, fee: string, interest?: boolean) => ({
      daysAfterDue: days,
      feeCents: euroTextToCents(fee),
      claimInterest: interest ?? false,
    });
    return {
      version: form.version,
      levels: [
        level(form.days0, form.fee0, form.interest0),
        level(form.days1, form.fee1, form.interest1),
        level(form.days2, form.fee2, form.interest2),
      ],
      claimFlatFee: form.claimFlatFee ?? false,
      // A German keyboard types "1,27"; the service's format is "1.27" (checked there).
      baseRates: rows.map((r) => ({
        validFrom: r.validFrom,
        ratePercent: r.ratePercent.replace(',', '.'),
      })),
    };
  }

  /** The form's fields over the settings in force (BU keys and debtor accounts stay as set by API). */
  async datevSettings(form: PageDatevSettingsDto): Promise<DatevSettingsDto> {
    const current = await this.settings.datevResponse();
    const revenueAccounts: Partial<Record<RevenueCase, number>> = {};
    for (const c of REVENUE_CASES) if (form[c] !== undefined) revenueAccounts[c] = form[c];
    return {
      version: form.version,
      consultantNumber: form.consultantNumber,
      clientNumber: form.clientNumber,
      fiscalYearStart: form.fiscalYearStart,
      accountLength: form.accountLength,
      chart: form.chart,
      revenueAccounts,
      buKeys: current.buKeys,
      debtorBase: form.debtorBase,
      collectiveDebtor: form.collectiveDebtor ?? null,
      debtorAccounts: current.debtorAccounts,
    };
  }
}

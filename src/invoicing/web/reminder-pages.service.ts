import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { Clock } from '../../common/clock.js';
import { validationError } from '../../common/domain-error.js';
import { KeysetPageQuery } from '../../common/pagination.js';
import { CustomersService } from '../../customers/customers.service.js';
import { centsToDecimal } from '../../common/money.js';
import {
  debtorAccountProblems,
  debtorRange,
  REVENUE_CASES,
  type RevenueCase,
} from '../datev/datev-export.js';
import type { DatevSettingsDto } from '../datev/datev.dto.js';
import { InvoicingSettingsService } from '../invoicing-settings.service.js';
import { bpToPercent } from '../invoicing-settings.service.js';
import type { DunningSettingsDto } from '../reminders/reminders.dto.js';
import { RemindersService } from '../reminders/reminders.service.js';
import {
  euroTextToCents,
  type ExportsPageQuery,
  type PageDatevSettingsDto,
  type PageDebtorAccountDto,
  type PageDebtorRemoveDto,
  type PageDunningSettingsDto,
} from './reminder-pages.dto.js';

/** How many customers a search shows: the admin narrows it down by typing more. */
const CUSTOMER_MATCHES = 10;
/** Debtor accounts shown with the customer's name (a lookup each); the others by number. */
const NAMED_DEBTORS = 50;

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
    private readonly customers: CustomersService,
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

  async exportsPage(actor: Actor, query: ExportsPageQuery) {
    const settings = await this.settings.datevResponse();
    const today = this.clock.today();
    const own = new Map(settings.debtorAccounts.map((d) => [d.customerNumber, d.account]));
    const found = query.customer
      ? await this.customers.list(
          actor,
          Object.assign(new KeysetPageQuery(), { q: query.customer, pageSize: CUSTOMER_MATCHES }),
        )
      : null;
    return {
      settings,
      revenueCases: REVENUE_CASES.map((c) => ({
        key: c,
        override: settings.revenueAccounts[c] ?? '',
        effective: settings.effectiveRevenueAccounts[c],
        buKey: settings.buKeys[c] ?? '',
      })),
      debtorAccounts: await this.withCustomerNames(actor, settings.debtorAccounts),
      debtorRange: debtorRange(settings.accountLength),
      customerQuery: query.customer ?? '',
      customerMatches: found?.items.map((c) => ({
        number: c.number,
        name: c.name,
        account: own.get(c.number) ?? '',
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

  /** The form's fields over the settings in force (the debtor accounts have forms of their own). */
  async datevSettings(form: PageDatevSettingsDto): Promise<DatevSettingsDto> {
    const current = await this.settings.datevResponse();
    const revenueAccounts: Partial<Record<RevenueCase, number>> = {};
    const buKeys: Partial<Record<RevenueCase, string>> = {};
    for (const c of REVENUE_CASES) {
      if (form[c] !== undefined) revenueAccounts[c] = form[c];
      const buKey = form[`bu_${c}`];
      if (buKey !== undefined) buKeys[c] = buKey;
    }
    return {
      version: form.version,
      consultantNumber: form.consultantNumber,
      clientNumber: form.clientNumber,
      fiscalYearStart: form.fiscalYearStart,
      accountLength: form.accountLength,
      chart: form.chart,
      revenueAccounts,
      buKeys,
      debtorBase: form.debtorBase,
      collectiveDebtor: form.collectiveDebtor ?? null,
      debtorAccounts: current.debtorAccounts,
    };
  }

  /**
   * One customer's own debtor account added, or replaced when it has one. The chart's rule
   * (`debtorAccountProblems`, which the service applies to the whole list) is asked here for
   * the new entry, so its refusal shows at the account field the admin typed into.
   */
  async withDebtorAccount(form: PageDebtorAccountDto): Promise<DatevSettingsDto> {
    const current = await this.datevSettingsInForce(form.version);
    const others = current.debtorAccounts.filter((d) => d.customerNumber !== form.customerNumber);
    const entries = [...others, { customerNumber: form.customerNumber, account: form.account }];
    const problems = debtorAccountProblems(current.accountLength, entries).filter(
      (p) => p.index === entries.length - 1,
    );
    if (problems.length > 0) {
      throw validationError([{ field: 'account', messages: problems.map((p) => p.message) }]);
    }
    return { ...current, debtorAccounts: entries };
  }

  async withoutDebtorAccount(form: PageDebtorRemoveDto): Promise<DatevSettingsDto> {
    const current = await this.datevSettingsInForce(form.version);
    return {
      ...current,
      debtorAccounts: current.debtorAccounts.filter(
        (d) => d.customerNumber !== form.customerNumber,
      ),
    };
  }

  /** The settings as the service holds them, with the version the form was rendered from. */
  private async datevSettingsInForce(version: number): Promise<DatevSettingsDto> {
    // The response is the DTO plus the accounts in force, which the service does not read.
    return { ...(await this.settings.datevResponse()), version };
  }

  /**
   * The customers' names for the table (the settings key accounts by customer number). One
   * search each, so only for the first NAMED_DEBTORS; the rest show their number alone.
   */
  private async withCustomerNames(
    actor: Actor,
    entries: { customerNumber: string; account: number }[],
  ) {
    return Promise.all(
      entries.map(async (entry, i) => {
        if (i >= NAMED_DEBTORS) return { ...entry, name: null };
        const page = await this.customers.list(
          actor,
          Object.assign(new KeysetPageQuery(), {
            q: entry.customerNumber,
            pageSize: CUSTOMER_MATCHES,
          }),
        );
        const customer = page.items.find((c) => c.number === entry.customerNumber);
        return { ...entry, name: customer?.name ?? null };
      }),
    );
  }
}

import { billedMinutes, billedQuantity, type BillingRules } from '../common/billable-time.js';
import { lineNet, percentOf, roundDiv, sum, type Cents } from '../common/money.js';
import type { ServiceUnit } from '../company/units.js';
import type { LineBasis } from './entry-billing.js';

/** Full billing: 10000 basis points of the effort are billed. */
export const FULL_BILLING_BP = 10_000;

export interface BillableEntry {
  entryId: string;
  ticketId: string;
  ticketNumber: string;
  ticketTitle: string;
  startedAt: Date;
  /** Calendar day of the work in the company's time zone. */
  day: string;
  description: string;
  rawMinutes: number;
  afterHoursMinutes: number;
  service: {
    id: string;
    code: string;
    name: string;
    unit: ServiceUnit;
    rateCents: Cents;
    afterHoursSurchargePercent: number;
  };
  /**
   * `analysis`: billed only as the analysis fee; `outside_coverage`: only the minutes outside
   * the contract's hours, given as `rawMinutes` (see entry-billing.ts).
   */
  basis: LineBasis;
  /** The most billed minutes the entry may carry (the analysis fee's cap); null: no cap. */
  billedMinutesCap: number | null;
  /**
   * Goodwill (Kulanz): share of the effort billed, in basis points — the ticket's, or for the
   * analysis fee the share staff decided (default from the settings).
   */
  goodwillBilledBp: number;
  goodwillReason: string | null;
}

/** One line of the time report (Leistungsnachweis) and of the support invoice built from it. */
export interface SupportTimeReportLine {
  entryId: string;
  ticketId: string;
  ticketNumber: string;
  ticketTitle: string;
  startedAt: string;
  day: string;
  description: string;
  /**
   * `analysis`: the analysis fee (time before the cause was known); `outside_coverage`: the
   * minutes outside the contract's hours on a free ticket; else work or ordered work.
   */
  basis: LineBasis;
  serviceId: string;
  serviceCode: string;
  serviceName: string;
  unit: ServiceUnit;
  rawMinutes: number;
  billedMinutes: number;
  /** Thousandths of an hour or of a work unit, per `unit`. */
  quantityMilli: number;
  unitPriceCents: Cents;
  /** quantity × unit price, rounded to the cent. */
  baseNetCents: Cents;
  afterHoursMinutes: number;
  afterHoursSurchargePercent: number;
  /** The surcharge on the share of the entry worked outside business hours. */
  afterHoursSurchargeCents: Cents;
  goodwillBilledBp: number;
  /** The amount waived as goodwill (≥ 0). */
  goodwillCents: Cents;
  goodwillReason: string | null;
  lineNetCents: Cents;
}

export interface SupportTimeReportTotals {
  rawMinutes: number;
  billedMinutes: number;
  baseNetCents: Cents;
  afterHoursSurchargeCents: Cents;
  goodwillCents: Cents;
  netCents: Cents;
}

/** The view model a Leistungsnachweis template and a support invoice are built from. */
export interface SupportTimeReport {
  customer: { id: string; number: string; name: string };
  period: { from: string; to: string };
  currency: 'EUR';
  lines: SupportTimeReportLine[];
  totals: SupportTimeReportTotals;
}

/**
 * Prices one entry. Rounding policy: the base is quantity × price rounded to the cent; the
 * after-hours surcharge is base × percent × (after-hours minutes / worked minutes), rounded
 * once; goodwill bills its share of base + surcharge, rounded once. All half away from zero.
 */
export function priceEntry(entry: BillableEntry, rules: BillingRules): SupportTimeReportLine {
  const { service } = entry;
  const fullMinutes = billedMinutes(entry.rawMinutes, service.unit, rules);
  const billed =
    entry.billedMinutesCap === null ? fullMinutes : Math.min(fullMinutes, entry.billedMinutesCap);
  const quantityMilli = billedQuantity(
    billed === fullMinutes ? entry.rawMinutes : billed,
    service.unit,
    rules,
  );
  const baseNetCents = lineNet(quantityMilli, service.rateCents);
  const afterHoursSurchargeCents = roundDiv(
    BigInt(baseNetCents) *
      BigInt(service.afterHoursSurchargePercent) *
      BigInt(entry.afterHoursMinutes),
    BigInt(entry.rawMinutes) * 100n,
  );
  const beforeGoodwill = baseNetCents + afterHoursSurchargeCents;
  const lineNetCents = percentOf(beforeGoodwill, entry.goodwillBilledBp);
  return {
    entryId: entry.entryId,
    ticketId: entry.ticketId,
    ticketNumber: entry.ticketNumber,
    ticketTitle: entry.ticketTitle,
    startedAt: entry.startedAt.toISOString(),
    day: entry.day,
    description: entry.description,
    basis: entry.basis,
    serviceId: service.id,
    serviceCode: service.code,
    serviceName: service.name,
    unit: service.unit,
    rawMinutes: entry.rawMinutes,
    billedMinutes: billed,
    quantityMilli,
    unitPriceCents: service.rateCents,
    baseNetCents,
    afterHoursMinutes: entry.afterHoursMinutes,
    afterHoursSurchargePercent: service.afterHoursSurchargePercent,
    afterHoursSurchargeCents,
    goodwillBilledBp: entry.goodwillBilledBp,
    goodwillCents: beforeGoodwill - lineNetCents,
    goodwillReason:
      entry.goodwillBilledBp === FULL_BILLING_BP && entry.basis === 'work'
        ? null
        : entry.goodwillReason,
    lineNetCents,
  };
}

export function buildTimeReport(
  customer: SupportTimeReport['customer'],
  period: SupportTimeReport['period'],
  entries: readonly BillableEntry[],
  rules: BillingRules,
): SupportTimeReport {
  const lines = priceInWorkOrder(entries, rules);
  return { customer, period, currency: 'EUR', lines, totals: totalsOf(lines) };
}

/**
 * Prices the entries in the order they were worked (ties by id), the order of the time
 * report and therefore of the support invoice's lines.
 */
export function priceInWorkOrder(
  entries: readonly BillableEntry[],
  rules: BillingRules,
): SupportTimeReportLine[] {
  return [...entries]
    .sort(
      (a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.entryId.localeCompare(b.entryId),
    )
    .map((entry) => priceEntry(entry, rules));
}

export function totalsOf(lines: readonly SupportTimeReportLine[]): SupportTimeReportTotals {
  return {
    rawMinutes: sum(lines.map((l) => l.rawMinutes)),
    billedMinutes: sum(lines.map((l) => l.billedMinutes)),
    baseNetCents: sum(lines.map((l) => l.baseNetCents)),
    afterHoursSurchargeCents: sum(lines.map((l) => l.afterHoursSurchargeCents)),
    goodwillCents: sum(lines.map((l) => l.goodwillCents)),
    netCents: sum(lines.map((l) => l.lineNetCents)),
  };
}

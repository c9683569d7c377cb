import {
  formatDate,
  formatPercent,
  formatPeriod,
  formatQuantity,
  NBSP,
} from '../documents/locale-format.js';
import type { DocumentLocale } from '../documents/document-views.js';
import type { SupportTimeReportLine } from '../support/support-billing.js';
import type { DraftLine } from './draft-lines.js';

export type SupportLineInput = Pick<
  SupportTimeReportLine,
  | 'entryId'
  | 'ticketNumber'
  | 'ticketTitle'
  | 'day'
  | 'description'
  | 'serviceName'
  | 'unit'
  | 'rawMinutes'
  | 'quantityMilli'
  | 'unitPriceCents'
  | 'afterHoursMinutes'
  | 'afterHoursSurchargePercent'
  | 'afterHoursSurchargeCents'
  | 'goodwillBilledBp'
  | 'goodwillCents'
  | 'goodwillReason'
> &
  Partial<Pick<SupportTimeReportLine, 'basis'>>;

const TEXTS = {
  de: {
    subject: (period: string) => `Support-Leistungen ${period}`,
    // As the invoice's quantity column names them (templates/labels).
    units: { hour: 'Std.', work_unit: 'AE' },
    time: (raw: string, billed: string) => `${raw} erfasst, berechnet ${billed}`,
    surcharge: 'Zuschlag außerhalb der Geschäftszeiten',
    surchargeDetail: (percent: string, after: number, raw: number) =>
      `${percent} auf ${after} von ${raw}${NBSP}min`,
    goodwill: 'Kulanz',
    goodwillDetail: (billed: string) => `Berechnet werden ${billed} des Aufwands`,
    analysisFee: 'Analysegebühr',
    outsideCoverage: 'außerhalb der Vertragszeiten',
  },
  en: {
    subject: (period: string) => `Support services ${period}`,
    units: { hour: 'h', work_unit: 'WU' },
    time: (raw: string, billed: string) => `${raw} logged, billed ${billed}`,
    surcharge: 'After-hours surcharge',
    surchargeDetail: (percent: string, after: number, raw: number) =>
      `${percent} on ${after} of ${raw}${NBSP}min`,
    goodwill: 'Goodwill',
    goodwillDetail: (billed: string) => `${billed} of the effort is billed`,
    analysisFee: 'Analysis fee',
    outsideCoverage: 'outside contract hours',
  },
} as const;

/** The support invoice's subject: "Support-Leistungen 01.11.2026 – 30.11.2026". */
export function supportSubject(from: string, to: string, locale: DocumentLocale): string {
  return TEXTS[locale].subject(formatPeriod(from, to, locale));
}

// A line title is one line, stored in a varchar(200); an entry's description may have several.
function clip(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Support time as invoice lines in the customer's language, each exactly quantity × price:
 * the rounded time at the service's rate, then the after-hours surcharge and the goodwill
 * share as lines of their own, all named by their ticket so the customer can match them with
 * the time report (Leistungsnachweis).
 */
export function supportLines(
  report: readonly SupportLineInput[],
  vatRateBp: number,
  locale: DocumentLocale,
): DraftLine[] {
  const x = TEXTS[locale];
  return report.flatMap((l): DraftLine[] => {
    // Time before the cause was known is billed only as the analysis fee, and time outside the
    // contract's hours on a free ticket only as such: each line says so.
    const basis =
      l.basis === 'analysis'
        ? ` · ${x.analysisFee}`
        : l.basis === 'outside_coverage'
          ? ` · ${x.outsideCoverage}`
          : '';
    const ticket = `Ticket ${l.ticketNumber}${basis}`;
    const day = formatDate(l.day, locale);
    const billed = `${formatQuantity(l.quantityMilli, locale)}${NBSP}${x.units[l.unit]}`;
    const lines: DraftLine[] = [
      {
        title: clip(`${ticket} · ${l.description}`),
        description: [
          l.ticketTitle,
          day,
          l.serviceName,
          x.time(`${l.rawMinutes}${NBSP}min`, billed),
        ].join(' · '),
        quantity: l.quantityMilli,
        unit: l.unit,
        unitPriceCents: l.unitPriceCents,
        vatRateBp,
        sourceType: 'support_entry',
        sourceId: l.entryId,
      },
    ];
    if (l.afterHoursSurchargeCents !== 0)
      lines.push(surchargeLine(l, ticket, day, vatRateBp, locale));
    if (l.goodwillCents !== 0) lines.push(goodwillLine(l, ticket, vatRateBp, locale));
    return lines;
  });
}

function surchargeLine(
  l: SupportLineInput,
  ticket: string,
  day: string,
  vatRateBp: number,
  locale: DocumentLocale,
): DraftLine {
  const x = TEXTS[locale];
  return {
    title: `${ticket} · ${x.surcharge}`,
    description: `${day} · ${x.surchargeDetail(
      formatPercent(l.afterHoursSurchargePercent * 100, locale),
      l.afterHoursMinutes,
      l.rawMinutes,
    )}`,
    quantity: 1000,
    unit: 'flat',
    unitPriceCents: l.afterHoursSurchargeCents,
    vatRateBp,
    sourceType: 'support_surcharge',
    sourceId: l.entryId,
  };
}

function goodwillLine(
  l: SupportLineInput,
  ticket: string,
  vatRateBp: number,
  locale: DocumentLocale,
): DraftLine {
  const x = TEXTS[locale];
  const share = x.goodwillDetail(formatPercent(l.goodwillBilledBp, locale));
  return {
    title: `${ticket} · ${x.goodwill}`,
    description: l.goodwillReason ? `${share}: ${l.goodwillReason}` : share,
    quantity: -1000,
    unit: 'flat',
    unitPriceCents: l.goodwillCents,
    vatRateBp,
    sourceType: 'support_goodwill',
    sourceId: l.entryId,
  };
}

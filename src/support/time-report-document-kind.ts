import { lineNet, sum } from '../common/money.js';
import { documentKind } from '../documents/document-kind.js';
import type { DocumentLocale } from '../documents/document-views.js';
import { sampleLetter } from '../documents/letter-samples.js';
import type { TimeReportView } from './time-report-view.js';

/** The time report (Leistungsnachweis) as a document kind, with its sample views. */
export const SUPPORT_DOCUMENT_KINDS = [documentKind('time-report', sampleTimeReport)] as const;

/** Three billed entries of two tickets, one with an after-hours surcharge, one with goodwill. */
export function sampleTimeReport(locale: DocumentLocale): TimeReportView {
  const de = locale === 'de';
  const entry = (
    day: string,
    ticket: string,
    description: string,
    rawMinutes: number,
    billedMinutes: number,
    surchargeCents: number,
    goodwillCents: number,
  ) => {
    const quantity = (billedMinutes * 1000) / 60;
    const base = lineNet(quantity, 11_000);
    return {
      day,
      ticketNumber: ticket,
      ticketTitle: de ? 'Gelöschte Mails wiederherstellen' : 'Restore deleted mail',
      description,
      serviceName: de ? 'Support (erweitert)' : 'Extended support',
      analysisFee: false,
      outsideCoverage: false,
      rawMinutes,
      billedMinutes,
      quantity,
      unit: 'hour' as const,
      unitPriceCents: 11_000,
      afterHoursSurchargeCents: surchargeCents,
      goodwillCents,
      netCents: base + surchargeCents - goodwillCents,
    };
  };
  const lines = [
    {
      ...entry(
        '2026-11-03',
        'T-00042',
        de ? 'Analyse: Postfach geleert' : 'Analysis: mailbox emptied',
        16,
        30,
        0,
        2_750,
      ),
      analysisFee: true,
    },
    entry(
      '2026-11-03',
      'T-00042',
      de ? 'Wiederherstellung aus Sicherung' : 'Restore from backup',
      61,
      75,
      0,
      6_875,
    ),
    entry(
      '2026-11-14',
      'T-00057',
      de ? 'Notfall: VPN nach Routertausch' : 'Emergency: VPN after router swap',
      44,
      45,
      4_125,
      0,
    ),
  ];
  return {
    ...sampleLetter(locale, '2026-12-01'),
    salutation: de ? 'Sehr geehrte Frau Weiß,' : 'Dear Mr Brennan,',
    projectNumber: 'Support',
    projectTitle: de ? 'Leistungsnachweis November 2026' : 'Time report November 2026',
    period: { from: '2026-11-01', to: '2026-11-30' },
    lines,
    rawMinutes: sum(lines.map((l) => l.rawMinutes)),
    billedMinutes: sum(lines.map((l) => l.billedMinutes)),
    afterHoursSurchargeCents: sum(lines.map((l) => l.afterHoursSurchargeCents)),
    goodwillCents: sum(lines.map((l) => l.goodwillCents)),
    netCents: sum(lines.map((l) => l.netCents)),
    goodwillNotes: [
      de
        ? 'T-00042: 50 % der Wiederherstellung berechnet — Ursache erst am Ende der Analyse erkennbar.'
        : 'T-00042: 50 % of the restore billed — the cause showed only at the end of the analysis.',
    ],
  };
}

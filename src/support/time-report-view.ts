import type { Cents, MilliQuantity } from '../common/money.js';
import type { Day, LetterView } from '../documents/document-views.js';

/** The time report (Leistungsnachweis), built by `time-report-document.service.ts`. */
declare module '../documents/document-views.js' {
  interface DocumentViews {
    'time-report': TimeReportView;
  }
}

/** One billed support entry as the time report (Leistungsnachweis) lists it. */
export interface TimeReportLineView {
  day: Day;
  ticketNumber: string;
  ticketTitle: string;
  description: string;
  serviceName: string;
  /** The analysis fee: time before the cause was known, capped and billed in part. */
  analysisFee: boolean;
  /** Only the minutes outside the contract's hours on a free ticket, at the price list. */
  outsideCoverage: boolean;
  /** Minutes as worked, and as billed (rounded up to the started increment or work unit). */
  rawMinutes: number;
  billedMinutes: number;
  quantity: MilliQuantity;
  unit: 'hour' | 'work_unit';
  unitPriceCents: Cents;
  afterHoursSurchargeCents: Cents;
  goodwillCents: Cents;
  netCents: Cents;
}

export interface TimeReportView extends LetterView {
  /** "Sehr geehrte Frau Müller," — the signatory contact, see `salutationOf`. */
  salutation: string;
  period: { from: Day; to: Day };
  lines: TimeReportLineView[];
  rawMinutes: number;
  billedMinutes: number;
  afterHoursSurchargeCents: Cents;
  goodwillCents: Cents;
  /** Net total of the report, before VAT (the invoice adds VAT). */
  netCents: Cents;
  /** Goodwill granted and why, one line per ticket. */
  goodwillNotes: string[];
}

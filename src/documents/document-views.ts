import type { Cents, MilliQuantity } from '../common/money.js';

/**
 * The view models templates render. A mapper in the owning module builds them from its
 * entities; templates never see an entity. Every value is exact — cents, thousandths,
 * YYYY-MM-DD days, basis points — and formatted only in the template (helpers `money`,
 * `date`, `quantity`, `percent`). A view is stored verbatim as the document's snapshot.
 */
export const DOCUMENT_KINDS = [
  'concept-paper',
  'solution-document',
  'order-confirmation',
  'change-request',
  'qa-protocol',
  'acceptance-protocol',
  'time-report',
  'invoice',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_LOCALES = ['de', 'en'] as const;
export type DocumentLocale = (typeof DOCUMENT_LOCALES)[number];

/** A calendar day, YYYY-MM-DD. */
export type Day = string;
/** An instant, ISO 8601 with offset, e.g. 2026-11-22T14:05:00Z. */
export type Instant = string;

/** The issuing company: letterhead, sender line and the footer (§35a GmbHG details, bank). */
export interface CompanyView {
  legalName: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  vatId: string | null;
  taxNumber: string | null;
  commercialRegister: string | null;
  managingDirectors: string | null;
  bankName: string | null;
  iban: string | null;
  bic: string | null;
}

/** The recipient in the address window. */
export interface CustomerView {
  number: string;
  name: string;
  /** "z. Hd." line: the contact the document is addressed to. */
  attention: string | null;
  street: string;
  postalCode: string;
  city: string;
  /** Printed only for recipients abroad, in the document's language. */
  countryName: string | null;
  vatId: string | null;
}

export interface PersonView {
  name: string;
  /** Position or role, e.g. "Geschäftsführer", "Projektleitung". */
  role: string | null;
}

/** Who signs: one party each side. `signedAt` stays null on unsigned documents. */
export interface SignatoryView extends PersonView {
  place: string | null;
  signedAt: Instant | null;
}

/** What every letter-style document has: sender, recipient, date, references. */
export interface LetterView {
  company: CompanyView;
  customer: CustomerView;
  /** The document date printed in the info block. */
  documentDate: Day;
  projectNumber: string;
  projectTitle: string;
  /** Our contact for this project, printed in the info block. */
  contact: { name: string; email: string | null; phone: string | null };
}

export type RequirementPriority = 'must' | 'should' | 'could';

export interface RequirementView {
  /** Stable number across revisions, e.g. "A-03". */
  number: string;
  title: string;
  description: string;
  priority: RequirementPriority;
  acceptanceCriteria: string[];
}

export interface ConceptPaperView extends LetterView {
  revision: number;
  background: string;
  goals: string[];
  requirements: RequirementView[];
  outOfScope: string[];
  assumptions: string[];
}

export const LINE_UNITS = ['hour', 'work_unit', 'piece', 'flat', 'month', 'day'] as const;
export type LineUnit = (typeof LINE_UNITS)[number];

export interface LineItemView {
  /** Position number as printed, e.g. "1.2". */
  position: string;
  title: string;
  description: string | null;
  quantity: MilliQuantity;
  unit: LineUnit;
  unitPriceCents: Cents;
  netCents: Cents;
  /** Optional items are offered but not part of the total unless chosen. */
  optional: boolean;
}

export interface VatLineView {
  rateBasisPoints: number;
  baseCents: Cents;
  amountCents: Cents;
}

/** Totals computed by the domain (EN 16931 rules); the template only prints them. */
export interface TotalsView {
  netCents: Cents;
  vat: VatLineView[];
  grossCents: Cents;
}

export type BillingMode = 'fixed_price' | 'time_and_materials';

export interface SolutionView {
  requirementNumber: string;
  requirementTitle: string;
  solution: string;
}

export interface SolutionDocumentView extends LetterView {
  revision: number;
  introduction: string;
  solutions: SolutionView[];
  lineItems: LineItemView[];
  /** Totals of the non-optional items. */
  totals: TotalsView;
  /** Net sum of the optional items, shown below the totals. */
  optionalNetCents: Cents;
  billingMode: BillingMode;
  validUntil: Day;
  terms: string[];
  /** Set from revision 2 on: what changed since the previous revision. */
  changes: { sinceRevision: number; items: string[] } | null;
  signatories: { company: SignatoryView; customer: SignatoryView };
}

export interface OrderConfirmationView extends LetterView {
  approvedRevision: number;
  /** SHA-256 of the approved solution document, so the confirmation names exact bytes. */
  approvedDocumentSha256: string;
  approvedBy: PersonView;
  approvedAt: Instant;
  chosenOptions: Array<{ position: string; title: string; netCents: Cents }>;
  billingMode: BillingMode;
  agreedFee: TotalsView;
  completionDate: Day;
  notes: string[];
}

export interface ChangeRequestView extends LetterView {
  /** E.g. "N-2": the second change request of the project. */
  number: string;
  reason: string;
  changes: string[];
  lineItems: LineItemView[];
  costDelta: TotalsView;
  previousAgreed: TotalsView;
  newAgreed: TotalsView;
  previousCompletionDate: Day;
  newCompletionDate: Day;
  scheduleImpact: string;
  signatories: { company: SignatoryView; customer: SignatoryView };
}

export const QA_RESULTS = ['passed', 'failed', 'waived', 'not_tested'] as const;
export type QaResult = (typeof QA_RESULTS)[number];

export interface QaCheckView {
  requirementNumber: string;
  requirementTitle: string;
  result: QaResult;
  note: string | null;
  tester: string | null;
  testedOn: Day | null;
}

export interface QaProtocolView extends LetterView {
  round: number;
  testedRevision: number;
  checks: QaCheckView[];
  waivers: Array<{ requirementNumber: string; reason: string; approvedBy: string }>;
  summary: Record<QaResult, number>;
  conclusion: string;
}

export type DefectSeverity = 'minor' | 'major' | 'critical';
export type AcceptanceOutcome = 'accepted' | 'accepted_with_defects' | 'rejected';

export interface AcceptanceProtocolView extends LetterView {
  deliveredOn: Day;
  deliverables: string[];
  requirements: Array<{ number: string; title: string; qaResult: QaResult }>;
  openDefects: Array<{
    number: string;
    title: string;
    severity: DefectSeverity;
    description: string | null;
  }>;
  /** Null until the customer has decided. */
  decision: {
    outcome: AcceptanceOutcome;
    decidedBy: PersonView;
    decidedAt: Instant;
    comment: string | null;
  } | null;
  signatories: { company: SignatoryView; customer: SignatoryView };
}

/** One billed support entry as the time report (Leistungsnachweis) lists it. */
export interface TimeReportLineView {
  day: Day;
  ticketNumber: string;
  ticketTitle: string;
  description: string;
  serviceName: string;
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

export interface InvoiceLineView {
  position: string;
  title: string;
  description: string | null;
  quantity: MilliQuantity;
  unit: LineUnit;
  unitPriceCents: Cents;
  netCents: Cents;
  vatRateBasisPoints: number;
}

/** A down-payment invoice deducted in a final invoice (§14 Abs. 5 UStG). */
export interface InvoiceDeductionView {
  number: string;
  issueDate: Day;
  netCents: Cents;
  vatCents: Cents;
  grossCents: Cents;
}

/**
 * An invoice, cancellation included, as issued: every §14 UStG field. Built by the invoicing
 * module from the invoice's frozen snapshot, the same one its e-invoice XML is written from.
 */
export interface InvoiceView {
  kind: 'standard' | 'down_payment' | 'final' | 'support' | 'cancellation';
  number: string;
  issueDate: Day;
  subject: string;
  company: CompanyView;
  customer: CustomerView;
  buyerReference: string | null;
  projectNumber: string | null;
  /** Our contact for questions about the invoice. */
  contact: { name: string; email: string | null; phone: string | null };
  serviceFrom: Day | null;
  serviceTo: Day | null;
  vatCase: 'standard' | 'reverse_charge' | 'third_country' | 'small_business';
  lines: InvoiceLineView[];
  totals: TotalsView;
  deductions: InvoiceDeductionView[];
  prepaidCents: Cents;
  dueCents: Cents;
  dueDate: Day;
  paymentTermsDays: number;
  preceding: { number: string; issueDate: Day } | null;
  notes: string[];
  /** The EPC payment QR code (GiroCode) as a PNG data URL; null when nothing is due. */
  giroCode: string | null;
}

export interface DocumentViews {
  'concept-paper': ConceptPaperView;
  'solution-document': SolutionDocumentView;
  'order-confirmation': OrderConfirmationView;
  'change-request': ChangeRequestView;
  'qa-protocol': QaProtocolView;
  'acceptance-protocol': AcceptanceProtocolView;
  'time-report': TimeReportView;
  invoice: InvoiceView;
}

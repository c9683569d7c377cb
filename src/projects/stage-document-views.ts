import type { Cents } from '../common/money.js';
import type {
  Day,
  Instant,
  LetterView,
  LineItemView,
  PersonView,
  SignatoryView,
  TotalsView,
} from '../documents/document-views.js';

/**
 * The views of the six stage documents the project lifecycle issues, built from the project by
 * `project-document-views.ts` and rendered by `templates/<kind>.<locale>.hbs`.
 */
declare module '../documents/document-views.js' {
  interface DocumentViews {
    'concept-paper': ConceptPaperView;
    'solution-document': SolutionDocumentView;
    'order-confirmation': OrderConfirmationView;
    'change-request': ChangeRequestView;
    'qa-protocol': QaProtocolView;
    'acceptance-protocol': AcceptanceProtocolView;
  }
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

export type BillingMode = 'fixed_price' | 'time_and_materials';

export interface SolutionView {
  requirementNumber: string;
  requirementTitle: string;
  solution: string;
}

export interface SolutionDocumentView extends LetterView {
  revision: number;
  /** The project background (Ausgangslage), shown under its own heading. */
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
  /** "Sehr geehrte Frau Müller," — the signatory contact, see `salutationOf`. */
  salutation: string;
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

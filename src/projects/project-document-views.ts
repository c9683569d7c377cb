import { vatAmount, type Cents } from '../common/money.js';
import type { Letterhead } from '../company/company.service.js';
import type { ContactRead, CustomerAddress } from '../customers/customers.service.js';
import type {
  DocumentLocale,
  LetterView,
  LineItemView,
  SignatoryView,
  TotalsView,
} from '../documents/document-views.js';
import { companyView, customerView, salutationOf } from '../documents/letter-views.js';
import { formatDate } from '../documents/locale-format.js';
import { estimateTotals, type EstimateLine } from './estimate.js';
import type { Project } from './project.entity.js';
import type { AcceptanceRecord, QaCheck, QaRound } from './qa.entity.js';
import type { RevisionContent, RevisionDiff } from './revision-diff.js';
import type { RevisionDecision } from './revision.entity.js';
import type {
  AcceptanceProtocolView,
  ChangeRequestView,
  ConceptPaperView,
  OrderConfirmationView,
  QaProtocolView,
  QaResult,
  SolutionDocumentView,
} from './stage-document-views.js';
import type { ChangeRequest } from './work.entity.js';

/** Everything a letter needs that is not the project itself. */
export interface LetterContext {
  company: Letterhead;
  customer: CustomerAddress;
  /** The customer's signatory, addressed in the window ("z. Hd."). */
  attention: Pick<ContactRead, 'name' | 'position' | 'salutation'> | null;
  /** Our project lead (the consultant who created the project). */
  lead: { name: string; email: string | null };
  today: string;
  locale: DocumentLocale;
}

const TEXT = {
  de: {
    lead: 'Projektleitung',
    added: 'Neu',
    removed: 'Entfällt',
    changed: 'Geändert',
    requirement: 'Anforderung',
    line: 'Position',
    total: 'Nettosumme',
    noScheduleImpact: 'Der Fertigstellungstermin bleibt unverändert.',
    scheduleMoves: (from: string, to: string) =>
      `Der Fertigstellungstermin verschiebt sich vom ${from} auf den ${to}.`,
    qaPassed:
      'Alle Prüfpunkte bestanden oder begründet zurückgestellt: weiter zur Abnahme durch den Kunden.',
    qaFailed: 'Nicht bestanden: Die fehlgeschlagenen Prüfpunkte gehen zurück in die Umsetzung.',
    approvedChange: (number: string, title: string) => `Nachtrag ${number}: ${title}`,
  },
  en: {
    lead: 'Project lead',
    added: 'Added',
    removed: 'Removed',
    changed: 'Changed',
    requirement: 'Requirement',
    line: 'Line',
    total: 'Net total',
    noScheduleImpact: 'The completion date does not change.',
    scheduleMoves: (from: string, to: string) => `The completion date moves from ${from} to ${to}.`,
    qaPassed: 'All checks passed or waived with a reason: on to the customer’s acceptance.',
    qaFailed: 'Not passed: the failed checks go back to the work.',
    approvedChange: (number: string, title: string) => `Change request ${number}: ${title}`,
  },
} as const;

export const requirementNumber = (index: number) => `A-${String(index + 1).padStart(2, '0')}`;
const lines = (text: string | null) =>
  (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

function letter(ctx: LetterContext, project: Project): LetterView {
  return {
    company: companyView(ctx.company),
    customer: customerView(
      ctx.customer,
      ctx.attention?.name ?? null,
      ctx.company.countryCode,
      ctx.locale,
    ),
    documentDate: ctx.today,
    projectNumber: project.number,
    projectTitle: project.title,
    contact: { name: ctx.lead.name, email: ctx.lead.email, phone: ctx.company.phone },
  };
}

function signatories(ctx: LetterContext): { company: SignatoryView; customer: SignatoryView } {
  return {
    company: {
      name: ctx.lead.name,
      role: TEXT[ctx.locale].lead,
      place: ctx.company.city,
      signedAt: null,
    },
    customer: {
      name: ctx.attention?.name ?? ctx.customer.name,
      role: ctx.attention?.position ?? null,
      place: null,
      signedAt: null,
    },
  };
}

/** Totals for one VAT rate, as EN 16931 computes them: VAT on the sum of the line nets. */
export function totalsView(netCents: Cents, vatRateBp: number): TotalsView {
  const amountCents = vatAmount(netCents, vatRateBp);
  return {
    netCents,
    vat: [{ rateBasisPoints: vatRateBp, baseCents: netCents, amountCents }],
    grossCents: netCents + amountCents,
  };
}

function lineItems(items: ReadonlyArray<EstimateLine>): LineItemView[] {
  const totals = estimateTotals(items, 0);
  return items.map((item, index) => ({
    position: String(index + 1),
    title: item.title,
    description: item.description,
    quantity: item.quantity,
    unit: item.unit,
    unitPriceCents: item.unitPriceCents,
    netCents: totals.lines[index].netCents,
    optional: item.optional,
  }));
}

export function conceptPaperView(
  ctx: LetterContext,
  project: Project,
  revision: number,
  content: RevisionContent,
): ConceptPaperView {
  return {
    ...letter(ctx, project),
    revision,
    background: content.background,
    goals: lines(content.goals),
    requirements: content.requirements.map((r, i) => ({
      number: requirementNumber(i),
      title: r.text,
      description: '',
      priority: r.priority,
      acceptanceCriteria: [r.acceptanceCriterion],
    })),
    outOfScope: [],
    assumptions: [],
  };
}

/** The diff in words, for the "changes since revision N-1" section. */
export function describeChanges(diff: RevisionDiff, locale: DocumentLocale): string[] {
  const t = TEXT[locale];
  return [
    ...diff.requirements.added.map((r) => `${t.added}: ${t.requirement} „${r.text}“`),
    ...diff.requirements.changed.map(
      (r) => `${t.changed}: ${t.requirement} ${requirementNumber(r.number - 1)}`,
    ),
    ...diff.requirements.removed.map((r) => `${t.removed}: ${t.requirement} „${r.text}“`),
    ...diff.items.added.map((i) => `${t.added}: ${t.line} „${i.title}“`),
    ...diff.items.changed.map((i) => `${t.changed}: ${t.line} „${i.title}“`),
    ...diff.items.removed.map((i) => `${t.removed}: ${t.line} „${i.title}“`),
  ];
}

export function solutionDocumentView(
  ctx: LetterContext,
  project: Project,
  revision: number,
  content: RevisionContent,
  changes: string[] | null,
): SolutionDocumentView {
  return {
    ...letter(ctx, project),
    revision,
    introduction: content.background,
    solutions: content.requirements.map((r, i) => ({
      requirementNumber: requirementNumber(i),
      requirementTitle: r.text,
      solution: r.solution ?? '',
    })),
    lineItems: lineItems(content.items),
    totals: totalsView(content.totals.requiredNetCents, content.vatRateBp),
    optionalNetCents: content.totals.optionalNetCents,
    billingMode: content.billingMode,
    validUntil: content.validUntil ?? ctx.today,
    terms: lines(content.terms),
    changes: changes && revision > 1 ? { sinceRevision: revision - 1, items: changes } : null,
    signatories: signatories(ctx),
  };
}

export function orderConfirmationView(
  ctx: LetterContext,
  project: Project,
  content: RevisionContent,
  approval: RevisionDecision,
  approvedDocumentSha256: string,
): OrderConfirmationView {
  const totals = estimateTotals(content.items, content.vatRateBp, approval.chosenOptionalItemIds);
  return {
    ...letter(ctx, project),
    salutation: salutationOf(ctx.attention, ctx.locale),
    approvedRevision: approval.revisionNumber,
    approvedDocumentSha256,
    approvedBy: { name: approval.signerName, role: null },
    approvedAt: approval.signedAt.toISOString(),
    chosenOptions: content.items
      .map((item, index) => ({ item, index }))
      .filter(({ item }) => approval.chosenOptionalItemIds.includes(item.id))
      .map(({ item, index }) => ({
        position: String(index + 1),
        title: item.title,
        netCents: totals.lines[index].netCents,
      })),
    billingMode: content.billingMode,
    agreedFee: totalsView(project.agreedNetCents ?? totals.netCents, content.vatRateBp),
    completionDate: project.completionDate ?? ctx.today,
    notes: lines(content.terms),
  };
}

export function changeRequestView(
  ctx: LetterContext,
  project: Project,
  cr: ChangeRequest,
): ChangeRequestView {
  const t = TEXT[ctx.locale];
  const previous = project.agreedNetCents ?? 0;
  const previousDate = project.completionDate ?? ctx.today;
  const newDate = cr.newCompletionDate ?? previousDate;
  const items = cr.lines.map((l, i) => ({ id: String(i), ...l, optional: false }));
  return {
    ...letter(ctx, project),
    number: `N-${cr.number}`,
    reason: cr.description,
    changes: [cr.title],
    lineItems: lineItems(items),
    costDelta: totalsView(cr.deltaNetCents, project.vatRateBp),
    previousAgreed: totalsView(previous, project.vatRateBp),
    newAgreed: totalsView(previous + cr.deltaNetCents, project.vatRateBp),
    previousCompletionDate: previousDate,
    newCompletionDate: newDate,
    scheduleImpact:
      newDate === previousDate
        ? t.noScheduleImpact
        : t.scheduleMoves(formatDate(previousDate, ctx.locale), formatDate(newDate, ctx.locale)),
    signatories: signatories(ctx),
  };
}

function qaResult(check: QaCheck): QaResult {
  return check.result === 'pending' ? 'not_tested' : check.result;
}

function checkNumber(check: QaCheck, requirementIds: string[]): string {
  if (check.requirementId) return requirementNumber(requirementIds.indexOf(check.requirementId));
  return `M-${String(check.position + 1).padStart(2, '0')}`;
}

export function qaProtocolView(
  ctx: LetterContext,
  project: Project,
  round: QaRound,
  checks: QaCheck[],
  requirementIds: string[],
  names: ReadonlyMap<string, string>,
): QaProtocolView {
  const results = checks.map(qaResult);
  const summary = { passed: 0, failed: 0, waived: 0, not_tested: 0 } as Record<QaResult, number>;
  for (const result of results) summary[result] += 1;
  return {
    ...letter(ctx, project),
    round: round.number,
    testedRevision: project.approvedRevision ?? project.currentRevision,
    checks: checks.map((check, i) => ({
      requirementNumber: checkNumber(check, requirementIds),
      requirementTitle: check.title.replace(/^\d+\.\s*/, ''),
      result: results[i],
      note: check.note,
      tester: check.decidedBy ? (names.get(check.decidedBy) ?? null) : null,
      testedOn: check.decidedAt ? check.decidedAt.toISOString().slice(0, 10) : null,
    })),
    waivers: checks
      .filter((c) => c.result === 'waived')
      .map((c) => ({
        requirementNumber: checkNumber(c, requirementIds),
        reason: c.note ?? '',
        approvedBy: c.decidedBy ? (names.get(c.decidedBy) ?? '') : '',
      })),
    summary,
    conclusion: summary.failed > 0 ? TEXT[ctx.locale].qaFailed : TEXT[ctx.locale].qaPassed,
  };
}

export function acceptanceProtocolView(
  ctx: LetterContext,
  project: Project,
  requirements: Array<{ text: string; qaResult: QaResult }>,
  decision: Omit<AcceptanceRecord, 'createdAt'> | null,
  approvedChanges: ReadonlyArray<Pick<ChangeRequest, 'number' | 'title'>> = [],
): AcceptanceProtocolView {
  const t = TEXT[ctx.locale];
  return {
    ...letter(ctx, project),
    deliveredOn: decision?.decidedOn ?? ctx.today,
    deliverables: [
      project.title,
      ...approvedChanges.map((cr) => t.approvedChange(`N-${cr.number}`, cr.title)),
    ],
    requirements: requirements.map((r, i) => ({
      number: requirementNumber(i),
      title: r.text,
      qaResult: r.qaResult,
    })),
    openDefects: (decision?.defects ?? []).map((d, i) => ({
      number: `M-${String(i + 1).padStart(2, '0')}`,
      title: d.title,
      severity: 'major' as const,
      description: d.description,
    })),
    decision: decision
      ? {
          outcome: decision.decision === 'accepted' ? 'accepted' : 'rejected',
          decidedBy: { name: decision.signerName, role: null },
          decidedAt: decision.signedAt.toISOString(),
          comment: decision.comment,
        }
      : null,
    signatories: signatories(ctx),
  };
}

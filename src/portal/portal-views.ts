import { parseQuantity } from '../common/money.js';
import type { DocumentsService } from '../documents/documents.service.js';
import type { InvoiceReader } from '../invoicing/invoice-reader.service.js';
import type { ChangeRequestsService } from '../projects/change-requests.service.js';
import type { ProjectRecordsService } from '../projects/project-records.service.js';
import type { ProjectsService } from '../projects/projects.service.js';
import { allowedActions } from '../projects/stage-machine.js';
import type { SignoffPortalService } from '../signoff/signoff-portal.service.js';

type ProjectSummary = Awaited<ReturnType<ProjectsService['list']>>['items'][number];
type Project = Awaited<ReturnType<ProjectsService['get']>>;
type ChangeRequest = Awaited<ReturnType<ChangeRequestsService['list']>>[number];
type Revision = Awaited<ReturnType<ProjectRecordsService['revisions']>>[number];
type Acceptance = Awaited<ReturnType<ProjectRecordsService['acceptances']>>[number];
type Diff = Awaited<ReturnType<ProjectRecordsService['diff']>>;
type Document = Awaited<ReturnType<DocumentsService['get']>>;
type Invoice = Awaited<ReturnType<InvoiceReader['get']>>;
type OpenSignoff = Awaited<ReturnType<SignoffPortalService['open']>>[number];

/** What waits on the customer, as label keys under `portal.waits`. */
type Wait = 'approveRevision' | 'decideAcceptance' | 'decideChangeRequest';

export interface HomeProject {
  id: string;
  number: string;
  title: string;
  stage: string;
  completionDate: string | null;
  waits: Wait[];
}

export interface PortalHome {
  projects: HomeProject[];
  signoffs: Array<ReturnType<typeof toHomeSignoff>>;
  /** The next page of projects (older ones), and the way back to the first. */
  next: string | null;
  first: string | null;
}

/** An open sign-off on the home page, linked to its project when it decides one. */
export function toHomeSignoff(signoff: OpenSignoff) {
  const { subject } = signoff;
  return {
    title: signoff.title,
    versionLabel: signoff.versionLabel,
    sentAt: signoff.sentAt,
    documentId: signoff.documentId,
    projectId: 'projectId' in subject ? subject.projectId : null,
  };
}

/**
 * The customer's open decisions: the stage machine's actions for the customer role (the same
 * table the API answers `allowedActions` from) and the change requests sent to them.
 */
function waitsOf(stage: Project['stage'], changeRequests: ChangeRequest[]): Wait[] {
  const actions = allowedActions(stage, 'customer');
  const waits: Wait[] = [];
  if (actions.includes('approve')) waits.push('approveRevision');
  if (actions.includes('accept')) waits.push('decideAcceptance');
  if (changeRequests.some((cr) => cr.status === 'sent')) waits.push('decideChangeRequest');
  return waits;
}

export function toHomeProject(summary: ProjectSummary, changeRequests: ChangeRequest[]) {
  return {
    id: summary.id,
    number: summary.number,
    title: summary.title,
    stage: summary.stage,
    completionDate: summary.completionDate,
    waits: waitsOf(summary.stage, changeRequests),
  } satisfies HomeProject;
}

/** A document as the portal lists it: no template names, no staff user ids. */
export function toDocumentRow(document: Document) {
  return {
    id: document.id,
    kind: document.kind,
    title: document.title,
    versionLabel: document.versionLabel,
    createdAt: document.createdAt,
    sha256: document.sha256,
    ownerType: document.ownerType,
    ownerId: document.ownerId,
  };
}

export function toInvoiceRow(invoice: Invoice) {
  return {
    id: invoice.id,
    number: invoice.number,
    kind: invoice.kind,
    subject: invoice.subject,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    grossCents: invoice.grossCents,
    dueCents: invoice.dueCents,
    paidCents: invoice.paidCents,
    openCents: invoice.openCents,
    payment: paymentOf(invoice),
    hasPdf: invoice.documentId !== null,
    hasXml: invoice.xmlSha256 !== null,
  };
}

/** The payment status a customer reads, a label key under `portal.payment`. */
function paymentOf(invoice: Invoice) {
  // A cancellation invoice (Stornorechnung) is not paid: it takes the original back.
  if (invoice.kind === 'cancellation') return 'cancellation';
  if (invoice.status === 'cancelled' || invoice.cancelledBy) return 'cancelled';
  if (invoice.openCents <= 0) return 'paid';
  if (invoice.overdue) return 'overdue';
  return invoice.paidCents > 0 ? 'partly' : 'open';
}

type ChangeKind = 'text' | 'date' | 'money' | 'quantity' | 'percent' | 'flag' | 'unit' | 'billing';

/** One changed value in plain words: what it is (a label key), before and after. */
export interface ChangeRow {
  label: string;
  kind: ChangeKind;
  from: unknown;
  to: unknown;
}

const FIELD_KINDS: Record<string, ChangeKind> = {
  validUntil: 'date',
  vatRateBp: 'percent',
  billingMode: 'billing',
  unitPriceCents: 'money',
  quantity: 'quantity',
  optional: 'flag',
  unit: 'unit',
};

function rows(prefix: string, changes: Record<string, { from: unknown; to: unknown }>) {
  return Object.entries(changes)
    .filter(([key]) => key !== 'number')
    .map(([key, change]): ChangeRow => ({
      label: `portal.diff.${prefix}.${key}`,
      kind: FIELD_KINDS[key] ?? 'text',
      from: change.from,
      to: change.to,
    }));
}

/**
 * The version a customer "saw last" before `latest`: the latest one they opened in the portal
 * or answered (asked for changes, also through a sign-off link), else the one before. A
 * revision staff withdrew before the customer saw it is skipped.
 */
export function diffBasis(latest: number, seenInPortal: number | null, revisions: Revision[]) {
  const answered = revisions
    .filter((r) => r.number < latest && r.status === 'changes_requested')
    .map((r) => r.number);
  return Math.max(seenInPortal ?? 0, ...answered) || latest - 1;
}

/** The revision diff of the projects module, arranged for reading: what was added, removed, reworded. */
export function toPortalDiff(diff: Diff) {
  const { requirements, items, totals } = diff;
  return {
    revision: diff.revision,
    against: diff.against,
    fields: rows('fields', diff.fields),
    requirementsAdded: requirements.added,
    requirementsRemoved: requirements.removed,
    requirementsChanged: requirements.changed.map((r) => ({
      number: r.number,
      changes: rows('requirement', r.changes),
    })),
    itemsAdded: items.added,
    itemsRemoved: items.removed,
    itemsChanged: items.changed.map((i) => ({ title: i.title, changes: rows('item', i.changes) })),
    totals: [
      { label: 'portal.diff.totals.requiredNetCents', ...totals.requiredNetCents },
      { label: 'portal.diff.totals.optionalNetCents', ...totals.optionalNetCents },
      { label: 'portal.diff.totals.grossCents', ...totals.grossCents },
    ].filter((t) => t.from !== t.to),
    nothing:
      Object.keys(diff.fields).length === 0 &&
      requirements.added.length + requirements.removed.length + requirements.changed.length === 0 &&
      items.added.length + items.removed.length + items.changed.length === 0,
  };
}

interface ProjectRecords {
  revisions: Revision[];
  changeRequests: ChangeRequest[];
  documents: Document[];
  acceptances: Acceptance[];
  diff: ReturnType<typeof toPortalDiff> | null;
}

export type PortalProjectPage = ReturnType<typeof toPortalProject>;

/** The project page: what the customer reads and decides; no staff-only fields. */
export function toPortalProject(project: Project, records: ProjectRecords) {
  const actions = project.allowedActions;
  const inReview = actions.includes('approve');
  return {
    title: `${project.number} · ${project.title}`,
    project: {
      id: project.id,
      number: project.number,
      title: project.title,
      stage: project.stage,
      completionDate: project.completionDate,
      acceptedOn: project.acceptedOn,
      currentRevision: project.currentRevision,
      version: project.version,
      validUntil: project.validUntil,
    },
    waits: waitsOf(project.stage, records.changeRequests),
    review: inReview ? reviewOf(project, records.documents) : null,
    acceptance: actions.includes('accept') ? { version: project.version } : null,
    openChangeRequests: records.changeRequests.filter((cr) => cr.status === 'sent'),
    decidedChangeRequests: records.changeRequests.filter((cr) => cr.status !== 'sent'),
    diff: records.diff,
    revisions: records.revisions,
    acceptances: records.acceptances,
    documents: records.documents.map(toDocumentRow),
  };
}

/** The revision in review: its lines (optional ones to choose), totals and its document. */
function reviewOf(project: Project, documents: Document[]) {
  const solution = documents.find(
    (d) =>
      d.kind === 'solution-document' &&
      new RegExp(`\\b${project.currentRevision}$`).test(d.versionLabel),
  );
  return {
    revision: project.currentRevision,
    version: project.version,
    validUntil: project.validUntil,
    requiredItems: project.items.filter((item) => !item.optional).map(withMilli),
    optionalItems: project.items.filter((item) => item.optional).map(withMilli),
    totals: project.totals,
    documentId: solution?.id ?? null,
  };
}

/** The API's decimal quantity ("2.5") as thousandths, for the locale's `{{quantity}}` (2,5). */
const withMilli = (item: Project['items'][number]) => ({
  ...item,
  quantityMilli: parseQuantity(item.quantity),
});

import { formatQuantity } from '../common/money.js';
import { basisPointsToPercent } from '../common/percent.js';
import type { InvoiceRefResponse, InvoiceResponse, PaymentResponse } from './invoice.dto.js';
import type { Invoice, InvoiceLine, InvoicePayment } from './invoice.entity.js';
import type { InvoiceLineSnapshot } from './invoice-snapshot.js';
import { allowanceOf, isAllowance } from './draft-lines.js';
import { invoiceTotals } from './invoice-totals.js';

export interface InvoiceFacts {
  lines: InvoiceLine[];
  paidCents: number;
  cancels: Invoice | null;
  cancelledBy: Invoice | null;
  today: string;
}

const ref = (invoice: Invoice | null): InvoiceRefResponse | null =>
  invoice ? { id: invoice.id, number: invoice.number, issueDate: invoice.issueDate } : null;

/** A line as the API shows it: a draft's stored line or an issued invoice's frozen one. */
function toLineResponse(
  l: Pick<
    InvoiceLineSnapshot,
    | 'position'
    | 'title'
    | 'description'
    | 'quantity'
    | 'unit'
    | 'unitPriceCents'
    | 'netCents'
    | 'vatRateBp'
  >,
): InvoiceResponse['lines'][number] {
  return {
    position: l.position,
    title: l.title,
    description: l.description,
    quantity: formatQuantity(l.quantity),
    unit: l.unit,
    unitPriceCents: l.unitPriceCents,
    netCents: l.netCents,
    vatRate: basisPointsToPercent(l.vatRateBp),
  };
}

export function toInvoiceResponse(invoice: Invoice, facts: InvoiceFacts): InvoiceResponse {
  const snapshot = invoice.snapshot;
  // A draft shows a preview at standard VAT; an issued invoice what it froze.
  const draftLines = facts.lines
    .filter((l) => !isAllowance(l))
    .map((l, i) => ({ ...l, position: i + 1 }));
  const allowances = snapshot
    ? (snapshot.allowances ?? [])
    : facts.lines
        .filter(isAllowance)
        .map((l) => ({ ...allowanceOf(l), vatCategory: 'S' as const }));
  const vat =
    snapshot?.vat ??
    invoiceTotals(
      draftLines.map((l) => ({
        quantity: l.quantity,
        unitPriceCents: l.unitPriceCents,
        vatCategory: 'S' as const,
        vatRateBp: l.vatRateBp,
      })),
      0,
      allowances,
    ).vat;
  const payable = invoice.status === 'issued' && invoice.kind !== 'cancellation';
  const openCents = payable ? invoice.dueCents - facts.paidCents : 0;
  return {
    id: invoice.id,
    number: invoice.number,
    kind: invoice.kind,
    status: invoice.status,
    customerId: invoice.customerId,
    projectId: invoice.projectId,
    subject: invoice.subject,
    vatCase: snapshot?.vatCase ?? null,
    issueDate: invoice.issueDate,
    dueDate: invoice.dueDate,
    serviceFrom: invoice.serviceFrom,
    serviceTo: invoice.serviceTo,
    buyerReference: invoice.buyerReference,
    paymentTermsDays: invoice.paymentTermsDays,
    netCents: invoice.netCents,
    vatCents: invoice.vatCents,
    grossCents: invoice.grossCents,
    prepaidCents: invoice.prepaidCents,
    dueCents: invoice.dueCents,
    paidCents: facts.paidCents,
    openCents,
    overdue: openCents > 0 && invoice.dueDate !== null && invoice.dueDate < facts.today,
    lines: (snapshot?.lines ?? draftLines).map(toLineResponse),
    allowances: allowances.map((a) => ({
      reason: a.reason,
      amountCents: a.amountCents,
      vatRate: basisPointsToPercent(a.vatRateBp),
    })),
    vat: vat.map((v) => ({
      category: v.category,
      rate: basisPointsToPercent(v.rateBp),
      baseCents: v.baseCents,
      amountCents: v.amountCents,
    })),
    cancels: ref(facts.cancels),
    cancelledBy: ref(facts.cancelledBy),
    cancelReason: invoice.cancelReason,
    documentId: invoice.documentId,
    pdfSha256: invoice.pdfSha256,
    xmlSha256: invoice.xmlSha256,
    version: invoice.version,
  };
}

export function toPaymentResponse(
  payment: InvoicePayment,
  invoice: Invoice,
  invoiceOpenCents: number,
): PaymentResponse {
  return {
    id: payment.id,
    invoiceId: payment.invoiceId,
    invoiceNumber: invoice.number ?? '',
    day: payment.day,
    amountCents: payment.amountCents,
    reference: payment.reference,
    invoiceOpenCents,
    createdAt: new Date(payment.createdAt).toISOString(),
  };
}

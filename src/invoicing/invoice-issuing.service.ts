import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { lineNet } from '../common/money.js';
import { DomainError } from '../common/domain-error.js';
import type { CompanyProfile } from '../company/company.entity.js';
import { CompanyService } from '../company/company.service.js';
import { Contact, type Customer } from '../customers/customer.entity.js';
import { CustomersService } from '../customers/customers.service.js';
import { Sequences } from '../database/sequences.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import { DocumentsService } from '../documents/documents.service.js';
import { ProjectBillingService } from '../projects/project-billing.service.js';
import { ProjectWorkflowService } from '../projects/project-workflow.service.js';
import { SupportBillingService } from '../support/support-billing.service.js';
import { buildCii } from './cii-builder.js';
import type { CancellationResponse, InvoiceResponse } from './invoice.dto.js';
import {
  IdempotencyKey,
  Invoice,
  InvoiceLine,
  InvoiceSeries,
  type InvoiceSeriesKey,
} from './invoice.entity.js';
import { composeCancellation, composeInvoice, type ComposeLine } from './invoice-compose.js';
import { FACTURX_XMP, giroCodeImage, toInvoiceView } from './invoice-document.js';
import { InvoiceDraftsService, assertDraft, type DraftLine } from './invoice-drafts.service.js';
import { InvoiceReader } from './invoice-reader.service.js';
import type { DeductionSnapshot, InvoiceSnapshot } from './invoice-snapshot.js';
import { counterKey, formatNumber } from './number-pattern.js';
import { supportLines } from './support-lines.js';
import { missingInvoiceFields, vatCaseOf } from './vat-cases.js';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Issuing and cancelling. Everything an issued invoice is happens in one transaction: the
 * §14 check, the gapless number, the snapshot, the claimed time, the project's move, the
 * PDF/A-3 with its factur-x.xml, both hashes and the audit entries. A failure anywhere rolls
 * all of it back, the number included, so the series never has a gap.
 */
@Injectable()
export class InvoiceIssuingService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly sequences: Sequences,
    private readonly company: CompanyService,
    private readonly customers: CustomersService,
    private readonly documents: DocumentsService,
    private readonly projects: ProjectBillingService,
    private readonly workflow: ProjectWorkflowService,
    private readonly support: SupportBillingService,
    private readonly drafts: InvoiceDraftsService,
    private readonly reader: InvoiceReader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async issue(actor: Actor, id: string, idempotencyKey?: string): Promise<InvoiceResponse> {
    const key = idempotencyKey ? `${actor.userId}:${idempotencyKey}` : null;
    if (key) {
      const replay = await this.replay(actor, key, id);
      if (replay) return replay;
    }
    // Read before the transaction: inside it the number lock is held, and every query must
    // use the transaction's own connection (waiting for a second pooled one starves the pool).
    const profile = await this.company.profile();
    try {
      await this.transactions.run(async (tx) => {
        if (key)
          await tx.manager.insert(IdempotencyKey, { key, scope: 'invoice.issue', invoiceId: id });
        await this.issueIn(tx, actor, id, profile);
      });
    } catch (error) {
      // A concurrent retry with the same key lost the race: answer like the winner.
      const replay = key ? await this.replay(actor, key, id) : null;
      if (replay) return replay;
      throw error;
    }
    return this.reader.get(actor, id);
  }

  private async replay(actor: Actor, key: string, id: string): Promise<InvoiceResponse | null> {
    const stored = await this.dataSource.manager.findOneBy(IdempotencyKey, { key });
    if (!stored) return null;
    if (stored.invoiceId !== id) {
      throw new DomainError(
        'unprocessable',
        'INVOICE.IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for another invoice',
        { invoiceId: stored.invoiceId },
      );
    }
    return this.reader.get(actor, id);
  }

  private async issueIn(tx: Tx, actor: Actor, id: string, profile: CompanyProfile): Promise<void> {
    const invoice = await this.reader.findVisible(actor, id, tx.manager);
    assertDraft(invoice);
    const customer = await this.customers.findVisible(actor, invoice.customerId, tx);
    const project = invoice.projectId
      ? await this.projects.stageIn(tx, actor, invoice.projectId)
      : null;
    let lines: DraftLine[] = await this.drafts.linesOf(tx, [id]);
    const deductions =
      invoice.kind === 'final' && invoice.projectId
        ? await this.deductions(tx, invoice.projectId)
        : [];
    const compose = async (number: string) =>
      composeInvoice({
        number,
        kind: invoice.kind,
        issueDate: this.clock.today(),
        locale: invoice.locale,
        subject: invoice.subject,
        seller: sellerOf(profile),
        buyer: await this.buyerOf(tx, customer),
        buyerReference: invoice.buyerReference,
        projectNumber: project?.number ?? null,
        serviceFrom: invoice.serviceFrom,
        serviceTo: invoice.serviceTo,
        vatCase: this.vatCase(profile, customer),
        lines: lines.map(toComposeLine),
        deductions,
        paymentTermsDays: invoice.paymentTermsDays,
      });
    // §14 UStG before a number is drawn (the number itself is checked after).
    const missing = missingInvoiceFields(await compose('pending')).filter((f) => f !== 'number');
    if (missing.length > 0) {
      throw new DomainError(
        'unprocessable',
        'INVOICE.INCOMPLETE',
        `The invoice cannot be issued, missing: ${missing.join(', ')}`,
        { missing },
      );
    }
    const number = await this.nextNumber(tx, 'invoice');
    if (invoice.kind === 'support') {
      // Claims the entries exactly once and prices them as of now.
      const entryIds = lines
        .filter((l) => l.sourceType === 'support_entry')
        .map((l) => l.sourceId!);
      const claim = await this.support.claimEntries(
        tx,
        actor,
        invoice.customerId,
        entryIds,
        number,
      );
      const priced = supportLines(
        claim.lines,
        lines[0]?.vatRateBp ?? profile.defaultVatRateBp,
        invoice.locale,
      );
      // What finance reviewed is what is issued: if goodwill, rates or time changed since the
      // draft, the draft is refused (and rolled back, number and claim included).
      if (!samePricing(lines, priced)) {
        throw new DomainError(
          'conflict',
          'INVOICE.DRAFT_OUTDATED',
          'The support time of this draft was priced differently since it was drafted (goodwill, rates or entries changed); delete the draft and create the support invoice again to review the current amounts',
          { netCentsDrafted: netOf(lines), netCentsNow: netOf(priced) },
        );
      }
      lines = priced;
      await tx.manager.delete(InvoiceLine, { invoiceId: id });
      for (const [i, line] of lines.entries()) {
        await tx.manager.insert(InvoiceLine, {
          ...line,
          id: randomUUID(),
          invoiceId: id,
          position: i + 1,
          netCents: 0,
        });
      }
    }
    const snapshot = await compose(number);
    if (invoice.kind === 'final' && invoice.projectId) {
      const active = await tx.manager.findOneBy(Invoice, {
        projectId: invoice.projectId,
        kind: 'final',
        status: 'issued',
      });
      if (active) {
        throw new DomainError(
          'conflict',
          'INVOICE.PROJECT_ALREADY_INVOICED',
          `The project's work is invoiced by ${active.number}; cancel that invoice first`,
          { invoiceId: active.id, number: active.number },
        );
      }
      const timeEntryIds = lines
        .filter((l) => l.sourceType === 'time_entry')
        .map((l) => l.sourceId!);
      await this.projects.claimTimeEntriesIn(tx, invoice.projectId, timeEntryIds, id);
      // After a cancelled final invoice the project is invoiced already; the partial unique
      // index still allows only one issued final invoice per project.
      if (project?.stage !== 'invoiced') {
        await this.workflow.markInvoicedIn(tx, actor, invoice.projectId, { invoice: number });
      }
    }
    const stored = await this.store(tx, actor, id, invoice.customerId, snapshot);
    await updateVersioned(
      tx,
      Invoice,
      id,
      invoice.version,
      {
        status: 'issued',
        number,
        ...amountsOf(snapshot),
        issueDate: snapshot.issueDate,
        dueDate: snapshot.dueDate,
        snapshot,
        ...stored,
        issuedAt: this.clock.now(),
        issuedBy: actor.userId,
      },
      'INVOICE',
    );
    await this.audit.record(tx, actor, {
      entityType: 'invoice',
      entityId: id,
      action: 'issued',
      changes: {
        status: { from: 'draft', to: 'issued' },
        number,
        ...amountsOf(snapshot),
        ...stored,
      },
    });
  }

  /**
   * Stornorechnung: a new invoice of the cancellation series with negated amounts that names
   * the original; the original's status becomes `cancelled` (its number, snapshot and PDF stay
   * as issued). A new draft with the original's content is created for the correction.
   */
  async cancel(actor: Actor, id: string, reason: string): Promise<CancellationResponse> {
    const ids = await this.transactions.run(async (tx) => {
      const original = await this.reader.findVisible(actor, id, tx.manager);
      if (original.status !== 'issued' || original.kind === 'cancellation' || !original.snapshot) {
        throw new DomainError(
          'conflict',
          'INVOICE.NOT_CANCELLABLE',
          `Only issued invoices can be cancelled (this one is ${original.status} ${original.kind})`,
          { status: original.status },
        );
      }
      if (original.kind === 'down_payment' && original.projectId) {
        await this.assertNotDeducted(tx, original.projectId, original.number!);
      }
      const changed = await tx.manager.update(
        Invoice,
        { id, status: 'issued', version: original.version },
        { status: 'cancelled', cancelReason: reason },
      );
      if (changed.affected !== 1) {
        throw new DomainError(
          'conflict',
          'INVOICE.VERSION_CONFLICT',
          'The invoice changed meanwhile; reload',
        );
      }
      const number = await this.nextNumber(tx, 'cancellation');
      const snapshot = composeCancellation(original.snapshot, number, this.clock.today());
      const cancellationId = randomUUID();
      await tx.manager.insert(Invoice, {
        id: cancellationId,
        kind: 'cancellation',
        status: 'issued',
        series: 'cancellation',
        number,
        customerId: original.customerId,
        projectId: original.projectId,
        locale: original.locale,
        subject: original.subject,
        buyerReference: original.buyerReference,
        serviceFrom: original.serviceFrom,
        serviceTo: original.serviceTo,
        paymentTermsDays: 0,
        downPaymentBp: null,
        cancelsInvoiceId: id,
        cancelReason: reason,
        ...amountsOf(snapshot),
        issueDate: snapshot.issueDate,
        dueDate: snapshot.dueDate,
        snapshot,
        issuedAt: this.clock.now(),
        issuedBy: actor.userId,
        createdBy: actor.userId,
      });
      for (const line of snapshot.lines) {
        await tx.manager.insert(InvoiceLine, {
          ...line,
          id: randomUUID(),
          invoiceId: cancellationId,
          sourceType: 'manual',
          sourceId: null,
        });
      }
      const stored = await this.store(tx, actor, cancellationId, original.customerId, snapshot);
      await tx.manager.update(Invoice, { id: cancellationId }, stored);
      if (original.kind === 'final') await this.projects.releaseTimeEntriesIn(tx, id);
      if (original.kind === 'support') {
        await this.support.releaseEntries(tx, actor, original.customerId, original.number!);
      }
      await this.audit.record(tx, actor, {
        entityType: 'invoice',
        entityId: id,
        action: 'cancelled',
        changes: { status: { from: 'issued', to: 'cancelled' }, cancellation: number },
        reason,
      });
      await this.audit.record(tx, actor, {
        entityType: 'invoice',
        entityId: cancellationId,
        action: 'issued',
        changes: {
          kind: 'cancellation',
          number,
          cancels: original.number,
          ...amountsOf(snapshot),
          ...stored,
        },
        reason,
      });
      const lines = await this.drafts.linesOf(tx, [id]);
      const replacementId = await this.drafts.insertDraft(tx, actor, {
        kind: original.kind,
        customerId: original.customerId,
        projectId: original.projectId,
        subject: original.subject,
        serviceFrom: original.serviceFrom,
        serviceTo: original.serviceTo,
        buyerReference: original.buyerReference,
        paymentTermsDays: original.paymentTermsDays,
        downPaymentBp: original.downPaymentBp,
        // Time (project or support) was released above: issuing the correction claims it again.
        lines,
      });
      return { cancellationId, replacementId };
    });
    const [cancellation, replacement] = await Promise.all([
      this.reader.get(actor, ids.cancellationId),
      this.reader.get(actor, ids.replacementId),
    ]);
    return { cancellation, replacement };
  }

  /**
   * A down payment deducted in an issued final invoice cannot be cancelled on its own: the
   * final invoice would still deduct money that is no longer invoiced. Cancel the final first.
   */
  private async assertNotDeducted(tx: Tx, projectId: string, number: string): Promise<void> {
    const finals = await tx.manager.find(Invoice, {
      where: { projectId, kind: 'final', status: 'issued' },
    });
    const deducting = finals.find((f) => f.snapshot?.deductions.some((d) => d.number === number));
    if (deducting) {
      throw new DomainError(
        'conflict',
        'INVOICE.DEDUCTED_IN_FINAL',
        `Down payment ${number} is deducted in final invoice ${deducting.number}; cancel the final invoice first`,
        { finalInvoice: { id: deducting.id, number: deducting.number } },
      );
    }
  }

  /** The issued down payments of a project, deducted in its final invoice. */
  private async deductions(tx: Tx, projectId: string): Promise<DeductionSnapshot[]> {
    const downPayments = await tx.manager.find(Invoice, {
      where: { projectId, kind: 'down_payment', status: 'issued' },
      order: { issueDate: 'ASC', number: 'ASC' },
    });
    return downPayments.map((d) => ({
      number: d.number!,
      issueDate: d.issueDate!,
      netCents: d.netCents,
      vatCents: d.vatCents,
      grossCents: d.grossCents,
      vat: d.snapshot!.vat,
    }));
  }

  private async nextNumber(tx: Tx, series: InvoiceSeriesKey): Promise<string> {
    const { pattern } = await tx.manager.findOneByOrFail(InvoiceSeries, { key: series });
    const day = this.clock.today();
    return formatNumber(
      pattern,
      day,
      await this.sequences.next(tx, counterKey(series, pattern, day)),
    );
  }

  private vatCase(profile: CompanyProfile, customer: Customer) {
    return vatCaseOf({
      companySmallBusiness: profile.smallBusiness,
      companyCountry: profile.countryCode,
      customerCountry: customer.countryCode,
    });
  }

  private async buyerOf(tx: Tx, customer: Customer) {
    const contact = await tx.manager.findOne(Contact, {
      where: { customerId: customer.id },
      order: { createdAt: 'ASC' },
    });
    return {
      number: customer.number,
      name: customer.name,
      attention: contact?.name ?? null,
      street: customer.street,
      postalCode: customer.postalCode,
      city: customer.city,
      countryCode: customer.countryCode,
      vatId: customer.vatId,
      taxNumber: null,
    };
  }

  /** Renders the PDF/A-3 with its factur-x.xml and records both, hashed. */
  private async store(
    tx: Tx,
    actor: Actor,
    id: string,
    customerId: string,
    snapshot: InvoiceSnapshot,
  ) {
    const xml = buildCii(snapshot);
    const view = toInvoiceView(
      snapshot,
      { name: actor.name, email: actor.email, phone: null },
      await giroCodeImage(snapshot),
    );
    const document = await this.documents.issue(tx, actor, {
      kind: 'invoice',
      customerId,
      ownerType: 'invoice',
      ownerId: id,
      title: `${snapshot.kind === 'cancellation' ? 'Stornorechnung' : 'Rechnung'} ${snapshot.number}`,
      versionLabel: snapshot.number,
      locale: snapshot.locale,
      draft: false,
      view,
      pdfa: true,
      xmpExtension: FACTURX_XMP,
      attachments: [
        {
          name: 'factur-x.xml',
          data: Buffer.from(xml, 'utf8'),
          mimeType: 'text/xml',
          description: 'Factur-X / ZUGFeRD invoice (EN 16931)',
          relationship: 'Alternative',
        },
      ],
    });
    return { xml, xmlSha256: sha256(xml), documentId: document.id, pdfSha256: document.sha256 };
  }
}

function toComposeLine(line: DraftLine): ComposeLine {
  return {
    title: line.title,
    description: line.description,
    quantity: line.quantity,
    unit: line.unit,
    unitPriceCents: line.unitPriceCents,
    vatRateBp: line.vatRateBp,
  };
}

function amountsOf(snapshot: InvoiceSnapshot) {
  return {
    netCents: snapshot.totals.netCents,
    vatCents: snapshot.totals.vatCents,
    grossCents: snapshot.totals.grossCents,
    prepaidCents: snapshot.totals.prepaidCents,
    dueCents: snapshot.totals.dueCents,
  };
}

function sellerOf(profile: CompanyProfile) {
  return {
    name: profile.legalName,
    street: profile.street,
    postalCode: profile.postalCode,
    city: profile.city,
    countryCode: profile.countryCode,
    vatId: profile.vatId,
    taxNumber: profile.taxNumber,
    email: profile.email,
    phone: profile.phone,
    website: profile.website,
    commercialRegister: profile.commercialRegister,
    managingDirectors: profile.managingDirectors,
    iban: profile.iban,
    bic: profile.bic,
    bankName: profile.bankName,
  };
}

const pricingKey = (l: DraftLine) =>
  `${l.sourceType}|${l.sourceId}|${l.quantity}|${l.unitPriceCents}|${l.vatRateBp}`;

/** The same lines at the same quantities and prices, in any order. */
function samePricing(drafted: readonly DraftLine[], now: readonly DraftLine[]): boolean {
  const a = drafted.map(pricingKey).sort();
  const b = now.map(pricingKey).sort();
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

function netOf(lines: readonly DraftLine[]): number {
  return lines.reduce((sum, l) => sum + lineNet(l.quantity, l.unitPriceCents), 0);
}

import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { DomainError } from '../common/domain-error.js';
import { parseQuantity, percentOf, sum } from '../common/money.js';
import { percentToBasisPoints } from '../common/percent.js';
import { CompanyService } from '../company/company.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import { ProjectBillingService } from '../projects/project-billing.service.js';
import { SupportBillingService } from '../support/support-billing.service.js';
import type {
  CreateDownPaymentDto,
  CreateFinalInvoiceDto,
  CreateInvoiceDto,
  CreateSupportInvoiceDto,
  InvoiceLineDto,
  InvoiceResponse,
  UpdateInvoiceDto,
} from './invoice.dto.js';
import { Invoice, InvoiceLine, type InvoiceLineSource } from './invoice.entity.js';
import { InvoiceReader } from './invoice-reader.service.js';
import type { InvoiceKind, InvoiceUnit } from './invoice-snapshot.js';
import { invoiceTotals } from './invoice-totals.js';
import { supportLines, supportSubject } from './support-lines.js';

export interface DraftLine {
  title: string;
  description: string | null;
  quantity: number;
  unit: InvoiceUnit;
  unitPriceCents: number;
  vatRateBp: number;
  sourceType: InvoiceLineSource;
  sourceId: string | null;
}

const INVOICEABLE_FOR_DOWN_PAYMENT = [
  'approved',
  'scheduled',
  'in_progress',
  'qa',
  'acceptance',
  'accepted',
];

/** Creating and editing drafts: manual, down payment, final, support. */
@Injectable()
export class InvoiceDraftsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly company: CompanyService,
    private readonly customers: CustomersService,
    private readonly projects: ProjectBillingService,
    private readonly support: SupportBillingService,
    private readonly reader: InvoiceReader,
  ) {}

  async createManual(actor: Actor, dto: CreateInvoiceDto): Promise<InvoiceResponse> {
    const profile = await this.company.profile();
    if (dto.projectId) {
      const basis = await this.projects.basis(actor, dto.projectId);
      if (basis.customerId !== dto.customerId) {
        throw new DomainError(
          'validation',
          'INVOICE.PROJECT_MISMATCH',
          'The project belongs to another customer',
        );
      }
    }
    const id = await this.transactions.run((tx) =>
      this.insertDraft(tx, actor, {
        kind: 'standard',
        customerId: dto.customerId,
        projectId: dto.projectId ?? null,
        subject: dto.subject,
        serviceFrom: dto.serviceFrom ?? null,
        serviceTo: dto.serviceTo ?? dto.serviceFrom ?? null,
        buyerReference: dto.buyerReference ?? null,
        paymentTermsDays: dto.paymentTermsDays ?? profile.paymentTermsDays,
        lines: dto.lines.map((l) => fromDto(l, profile.defaultVatRateBp)),
      }),
    );
    return this.reader.get(actor, id);
  }

  /** Abschlagsrechnung: a share of the agreed net fee, while the project runs. */
  async createDownPayment(
    actor: Actor,
    projectId: string,
    dto: CreateDownPaymentDto,
  ): Promise<InvoiceResponse> {
    const basis = await this.projects.basis(actor, projectId);
    const agreedNetCents = basis.agreedNetCents;
    if (!INVOICEABLE_FOR_DOWN_PAYMENT.includes(basis.stage) || agreedNetCents === null) {
      throw new DomainError(
        'conflict',
        'INVOICE.PROJECT_STAGE',
        `A down payment needs an approved, running project (stage is ${basis.stage})`,
        { currentStage: basis.stage },
      );
    }
    const bp = percentToBasisPoints(dto.percent);
    if (bp <= 0 || bp >= 10_000) {
      throw new DomainError(
        'validation',
        'VALIDATION.FAILED',
        'percent must be between 0 and 100',
        {
          errors: [{ field: 'percent', messages: ['percent must be between 0 and 100'] }],
        },
      );
    }
    const profile = await this.company.profile();
    const id = await this.transactions.run((tx) =>
      this.insertDraft(tx, actor, {
        kind: 'down_payment',
        customerId: basis.customerId,
        projectId,
        subject: basis.title,
        serviceFrom: null,
        serviceTo: null,
        buyerReference: null,
        paymentTermsDays: dto.paymentTermsDays ?? profile.paymentTermsDays,
        downPaymentBp: bp,
        lines: [
          {
            title: `Abschlag ${dto.percent} % auf das vereinbarte Honorar (Projekt ${basis.number})`,
            description: null,
            quantity: 1000,
            unit: 'flat',
            unitPriceCents: percentOf(agreedNetCents, bp),
            vatRateBp: basis.vatRateBp,
            sourceType: 'down_payment',
            sourceId: projectId,
          },
        ],
      }),
    );
    return this.reader.get(actor, id);
  }

  /**
   * Schlussrechnung of an accepted project: the approved lines and change requests (fixed
   * price) or the unbilled time, capped at the budget (T&M). Down payments are deducted
   * when it is issued.
   */
  async createFinal(
    actor: Actor,
    projectId: string,
    dto: CreateFinalInvoiceDto,
  ): Promise<InvoiceResponse> {
    const basis = await this.projects.basis(actor, projectId);
    if (basis.stage !== 'accepted' && basis.stage !== 'invoiced') {
      throw new DomainError(
        'conflict',
        'INVOICE.PROJECT_STAGE',
        `A final invoice needs an accepted project (stage is ${basis.stage})`,
        { currentStage: basis.stage },
      );
    }
    const profile = await this.company.profile();
    const rate = basis.vatRateBp;
    let lines: DraftLine[];
    let period: { from: string; to: string } | null;
    if (basis.billingMode === 'fixed_price') {
      lines = basis.fixedLines.map((l) => ({ ...l, vatRateBp: rate, sourceType: l.source }));
      period = basis.acceptedOn ? { from: basis.acceptedOn, to: basis.acceptedOn } : null;
    } else {
      lines = basis.timeLines.map((l) => ({ ...l, vatRateBp: rate, sourceType: l.source }));
      const value = sum(
        invoiceTotals(lines.map((l) => ({ ...l, vatCategory: 'S' as const }))).lineNets,
      );
      if (basis.agreedNetCents !== null && value > basis.agreedNetCents) {
        // Beyond the approved budget nothing is billed without a change request.
        lines.push({
          title: 'Abzug: Begrenzung auf das freigegebene Budget',
          description: null,
          quantity: -1000,
          unit: 'flat',
          unitPriceCents: value - basis.agreedNetCents,
          vatRateBp: rate,
          sourceType: 'budget_cap',
          sourceId: projectId,
        });
      }
      period = basis.workPeriod
        ? { from: basis.workPeriod.from, to: basis.acceptedOn ?? basis.workPeriod.to }
        : null;
    }
    if (lines.length === 0) {
      throw new DomainError(
        'unprocessable',
        'INVOICE.NOTHING_TO_INVOICE',
        'The project has nothing left to invoice',
      );
    }
    const id = await this.transactions.run((tx) =>
      this.insertDraft(tx, actor, {
        kind: 'final',
        customerId: basis.customerId,
        projectId,
        subject: basis.title,
        serviceFrom: period?.from ?? null,
        serviceTo: period?.to ?? null,
        buyerReference: null,
        paymentTermsDays: dto.paymentTermsDays ?? profile.paymentTermsDays,
        lines,
      }),
    );
    return this.reader.get(actor, id);
  }

  /** A support invoice for a customer and period, from the time report (Leistungsnachweis). */
  async createSupport(actor: Actor, dto: CreateSupportInvoiceDto): Promise<InvoiceResponse> {
    const report = await this.support.timeReport(actor, dto);
    if (report.lines.length === 0) {
      throw new DomainError(
        'unprocessable',
        'INVOICE.NOTHING_TO_INVOICE',
        'No billable support time in this period',
      );
    }
    const [profile, customer] = await Promise.all([
      this.company.profile(),
      this.customers.findVisible(actor, dto.customerId),
    ]);
    const id = await this.transactions.run((tx) =>
      this.insertDraft(tx, actor, {
        kind: 'support',
        customerId: dto.customerId,
        projectId: null,
        subject: supportSubject(dto.from, dto.to, customer.language),
        serviceFrom: dto.from,
        serviceTo: dto.to,
        buyerReference: null,
        paymentTermsDays: profile.paymentTermsDays,
        lines: supportLines(report.lines, profile.defaultVatRateBp, customer.language),
      }),
    );
    return this.reader.get(actor, id);
  }

  async update(actor: Actor, id: string, dto: UpdateInvoiceDto): Promise<InvoiceResponse> {
    const profile = await this.company.profile();
    await this.transactions.run(async (tx) => {
      const invoice = await this.reader.findVisible(actor, id, tx.manager);
      assertDraft(invoice);
      if (dto.lines && invoice.kind !== 'standard') {
        throw new DomainError(
          'unprocessable',
          'INVOICE.LINES_FROM_SOURCE',
          `The lines of a ${invoice.kind} invoice come from its project or support time; create the draft again`,
        );
      }
      const { version, lines, ...fields } = dto;
      let amounts = {};
      if (lines) {
        await tx.manager.delete(InvoiceLine, { invoiceId: id });
        amounts = await this.insertLines(
          tx,
          id,
          lines.map((l) => fromDto(l, profile.defaultVatRateBp)),
        );
      }
      await updateVersioned(tx, Invoice, id, version, { ...fields, ...amounts }, 'INVOICE');
      await this.audit.record(tx, actor, {
        entityType: 'invoice',
        entityId: id,
        action: 'draft_updated',
        changes: { ...fields, ...(lines ? { lines: lines.length } : {}) },
      });
    });
    return this.reader.get(actor, id);
  }

  /**
   * Throws a draft away (with its lines). Drafts hold no number and claim no time, so nothing
   * else changes; the audit log keeps what it was. An invoice issued meanwhile stays.
   */
  async remove(actor: Actor, id: string): Promise<void> {
    await this.transactions.run(async (tx) => {
      const invoice = await this.reader.findVisible(actor, id, tx.manager);
      assertDraft(invoice);
      await tx.manager.delete(InvoiceLine, { invoiceId: id });
      const deleted = await tx.manager.delete(Invoice, { id, status: 'draft' });
      // Issued meanwhile (PostgreSQL; SQLite serialises): refuse, and the lines come back.
      if (deleted.affected !== 1) assertDraft(await this.reader.findVisible(actor, id, tx.manager));
      await this.audit.record(tx, actor, {
        entityType: 'invoice',
        entityId: id,
        action: 'draft_deleted',
        changes: {
          kind: invoice.kind,
          customerId: invoice.customerId,
          subject: invoice.subject,
          netCents: invoice.netCents,
        },
      });
    });
  }

  /** Inserts a draft with its lines; used for new drafts and replacements after a cancellation. */
  async insertDraft(
    tx: Tx,
    actor: Actor,
    fields: {
      kind: Exclude<InvoiceKind, 'cancellation'>;
      customerId: string;
      projectId: string | null;
      subject: string;
      serviceFrom: string | null;
      serviceTo: string | null;
      buyerReference: string | null;
      paymentTermsDays: number;
      downPaymentBp?: number | null;
      lines: DraftLine[];
    },
  ): Promise<string> {
    const customer = await this.customers.findVisible(actor, fields.customerId, tx);
    const id = randomUUID();
    const { lines, ...rest } = fields;
    await tx.manager.insert(Invoice, {
      ...rest,
      id,
      status: 'draft',
      series: 'invoice',
      number: null,
      locale: customer.language,
      buyerReference: fields.buyerReference ?? customer.buyerReference,
      downPaymentBp: fields.downPaymentBp ?? null,
      cancelsInvoiceId: null,
      cancelReason: null,
      netCents: 0,
      vatCents: 0,
      grossCents: 0,
      prepaidCents: 0,
      dueCents: 0,
      createdBy: actor.userId,
    });
    const amounts = await this.insertLines(tx, id, lines);
    await tx.manager.update(Invoice, { id }, amounts);
    await this.audit.record(tx, actor, {
      entityType: 'invoice',
      entityId: id,
      action: 'draft_created',
      changes: {
        kind: fields.kind,
        customerId: fields.customerId,
        projectId: fields.projectId,
        ...amounts,
      },
    });
    return id;
  }

  /** Writes the lines and returns the preview amounts (standard VAT; issuing decides). */
  private async insertLines(tx: Tx, invoiceId: string, lines: DraftLine[]) {
    const totals = invoiceTotals(lines.map((l) => ({ ...l, vatCategory: 'S' as const })));
    for (const [i, line] of lines.entries()) {
      await tx.manager.insert(InvoiceLine, {
        ...line,
        id: randomUUID(),
        invoiceId,
        position: i + 1,
        netCents: totals.lineNets[i],
      });
    }
    return {
      netCents: totals.netCents,
      vatCents: totals.vatCents,
      grossCents: totals.grossCents,
      prepaidCents: 0,
      dueCents: totals.grossCents,
    };
  }

  linesOf(tx: Tx, invoiceIds: string[]): Promise<InvoiceLine[]> {
    return tx.manager.find(InvoiceLine, {
      where: { invoiceId: In(invoiceIds) },
      order: { position: 'ASC' },
    });
  }
}

export function assertDraft(invoice: Invoice): void {
  if (invoice.status !== 'draft') {
    throw new DomainError(
      'conflict',
      'INVOICE.ALREADY_ISSUED',
      `Invoice ${invoice.number} is ${invoice.status}; issued invoices are never changed (cancel it instead)`,
      { status: invoice.status, number: invoice.number },
    );
  }
}

function fromDto(line: InvoiceLineDto, defaultRateBp: number): DraftLine {
  return {
    title: line.title,
    description: line.description ?? null,
    quantity: parseQuantity(line.quantity),
    unit: line.unit,
    unitPriceCents: line.unitPriceCents,
    vatRateBp: line.vatRate ? percentToBasisPoints(line.vatRate) : defaultRateBp,
    sourceType: 'manual',
    sourceId: null,
  };
}

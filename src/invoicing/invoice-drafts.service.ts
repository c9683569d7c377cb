import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { DomainError } from '../common/domain-error.js';
import { percentToBasisPoints } from '../common/percent.js';
import { CompanyService } from '../company/company.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import { ProjectBillingService } from '../projects/project-billing.service.js';
import { mayInvoice } from '../projects/stage-machine.js';
import { SupportBillingService } from '../support/support-billing.service.js';
import type {
  CreateDownPaymentDto,
  CreateFinalInvoiceDto,
  CreateInvoiceDto,
  CreateSupportInvoiceDto,
  InvoiceResponse,
  UpdateInvoiceDto,
} from './invoice.dto.js';
import { downPaymentLine, finalDraft, fromDto, type DraftLine } from './draft-lines.js';
import { Invoice, InvoiceLine } from './invoice.entity.js';
import { assertInvoiceAction, linesEditable } from './invoice-lifecycle.js';
import { InvoiceReader } from './invoice-reader.service.js';
import type { InvoiceKind } from './invoice-snapshot.js';
import { invoiceTotals } from './invoice-totals.js';
import { supportLines, supportSubject } from './support-lines.js';

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
    const profile = await this.company.invoicingProfile();
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
    if (!mayInvoice(basis.stage, 'down_payment') || agreedNetCents === null) {
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
    const profile = await this.company.invoicingProfile();
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
        lines: [downPaymentLine(basis, agreedNetCents, dto.percent, bp)],
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
    if (!mayInvoice(basis.stage, 'final')) {
      throw new DomainError(
        'conflict',
        'INVOICE.PROJECT_STAGE',
        `A final invoice needs an accepted project (stage is ${basis.stage})`,
        { currentStage: basis.stage },
      );
    }
    const profile = await this.company.invoicingProfile();
    const { lines, period } = finalDraft(basis);
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
      this.company.invoicingProfile(),
      this.customers.invoiceRecipient(actor, dto.customerId),
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
    const profile = await this.company.invoicingProfile();
    await this.transactions.run(async (tx) => {
      const invoice = await this.reader.findVisible(actor, id, tx.manager);
      assertInvoiceAction(invoice, 'edit', actor.role);
      if (dto.lines && !linesEditable(invoice.kind)) {
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
      assertInvoiceAction(invoice, 'delete', actor.role);
      await tx.manager.delete(InvoiceLine, { invoiceId: id });
      const deleted = await tx.manager.delete(Invoice, { id, status: 'draft' });
      // Issued meanwhile (PostgreSQL; SQLite serialises): refuse, and the lines come back.
      if (deleted.affected !== 1) {
        const now = await this.reader.findVisible(actor, id, tx.manager);
        assertInvoiceAction(now, 'delete', actor.role);
      }
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
    const customer = await this.customers.invoiceRecipient(actor, fields.customerId, tx);
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

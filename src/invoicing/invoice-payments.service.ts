import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { keysetPage, type KeysetOrder, type KeysetPage } from '../common/pagination.js';
import { lockRow } from '../database/row-locks.js';
import { Transactions } from '../database/transactions.js';
import { ProjectBillingService } from '../projects/project-billing.service.js';
import { ProjectWorkflowService } from '../projects/project-workflow.service.js';
import { decide } from '../projects/stage-machine.js';
import type {
  InvoiceResponse,
  OpenInvoicesQuery,
  PaymentQuery,
  PaymentResponse,
  RecordPaymentDto,
} from './invoice.dto.js';
import { Invoice, InvoicePayment } from './invoice.entity.js';
import { assertInvoiceAction } from './invoice-lifecycle.js';
import { toPaymentResponse } from './invoice-mappers.js';
import { InvoiceReader } from './invoice-reader.service.js';

/** Payments received, open and overdue invoices, and closing the project when fully paid. */
/** Newest first; the id breaks ties within one timestamp. */
const PAYMENT_LIST_ORDER: KeysetOrder = {
  list: 'payments',
  keys: [
    { path: 'p.createdAt', kind: 'timestamp' },
    { path: 'p.id', kind: 'uuid' },
  ],
  direction: 'DESC',
};

/** Earliest due first: what to chase first. An issued invoice always has its number. */
const OPEN_INVOICE_ORDER: KeysetOrder = {
  list: 'open-invoices',
  keys: [
    { path: 'i.dueDate', kind: 'day' },
    { path: 'i.number', kind: 'text' },
  ],
  direction: 'ASC',
};

@Injectable()
export class InvoicePaymentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly reader: InvoiceReader,
    private readonly projects: ProjectBillingService,
    private readonly workflow: ProjectWorkflowService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async record(actor: Actor, dto: RecordPaymentDto): Promise<PaymentResponse> {
    return this.transactions.run(async (tx) => {
      // Two payments recorded at once must not both fit into the same open amount.
      await lockRow(tx, 'invoices', dto.invoiceId);
      const invoice = await this.reader.findVisible(actor, dto.invoiceId, tx.manager);
      const paidCents =
        (await this.reader.paidCents(tx.manager, [invoice.id])).get(invoice.id) ?? 0;
      const open = invoice.dueCents - paidCents;
      const next = assertInvoiceAction(invoice, 'record_payment', actor.role, {
        paidCents,
        payment: { amountCents: dto.amountCents, openCents: open },
      });
      const payment = tx.manager.create(InvoicePayment, {
        id: randomUUID(),
        invoiceId: invoice.id,
        day: dto.day,
        amountCents: dto.amountCents,
        reference: dto.reference ?? null,
        createdBy: actor.userId,
        createdAt: this.clock.now(),
      });
      await tx.manager.insert(InvoicePayment, payment);
      const openAfter = open - dto.amountCents;
      await this.audit.record(tx, actor, {
        entityType: 'invoice',
        entityId: invoice.id,
        action: 'payment_recorded',
        changes: {
          paymentId: payment.id,
          day: dto.day,
          amountCents: dto.amountCents,
          openCents: openAfter,
        },
      });
      if (next === 'paid' && invoice.kind === 'final' && invoice.projectId) {
        // The payment that settles the final invoice closes the project, if its table allows.
        const project = await this.projects.stageIn(tx, actor, invoice.projectId);
        if (decide(project.stage, 'close', actor.role).allowed) {
          await this.workflow.closeIn(tx, actor, invoice.projectId, {
            paidInvoice: invoice.number,
          });
        }
      }
      return toPaymentResponse(payment, invoice, openAfter);
    });
  }

  async list(actor: Actor, query: PaymentQuery): Promise<KeysetPage<PaymentResponse>> {
    const qb = this.dataSource.getRepository(InvoicePayment).createQueryBuilder('p');
    if (query.invoiceId) qb.andWhere('p.invoiceId = :invoiceId', { invoiceId: query.invoiceId });
    return keysetPage(qb, PAYMENT_LIST_ORDER, query, async (rows) => {
      const items: PaymentResponse[] = [];
      for (const payment of rows) {
        const invoice = await this.reader.findVisible(actor, payment.invoiceId);
        const paid =
          (await this.reader.paidCents(this.dataSource.manager, [invoice.id])).get(invoice.id) ?? 0;
        items.push(toPaymentResponse(payment, invoice, invoice.dueCents - paid));
      }
      return items;
    });
  }

  /** Issued invoices with an open amount; `overdue` only those past their due date. */
  async open(
    actor: Actor,
    query: OpenInvoicesQuery,
    overdue: boolean,
  ): Promise<KeysetPage<InvoiceResponse>> {
    const qb = this.dataSource
      .getRepository(Invoice)
      .createQueryBuilder('i')
      .where("i.status = 'issued' AND i.kind <> 'cancellation'")
      .andWhere(
        'i.dueCents > COALESCE((SELECT SUM(pay.amount_cents) FROM invoice_payments pay ' +
          'WHERE pay.invoice_id = i.id), 0)',
      );
    if (query.customerId)
      qb.andWhere('i.customerId = :customerId', { customerId: query.customerId });
    if (overdue) qb.andWhere('i.dueDate < :today', { today: this.clock.today() });
    return keysetPage(qb, OPEN_INVOICE_ORDER, query, (rows) => this.reader.responses(rows));
  }
}

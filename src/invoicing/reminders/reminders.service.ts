import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, LessThan, Not, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/access.js';
import { addDays, Clock } from '../../common/clock.js';
import { DomainError } from '../../common/domain-error.js';
import { CompanyService } from '../../company/company.service.js';
import { CustomersService } from '../../customers/customers.service.js';
import { lockRows } from '../../database/row-locks.js';
import { Transactions, type Tx } from '../../database/transactions.js';
import { DocumentsService, type PreparedDocument } from '../../documents/documents.service.js';
import { companyView, customerView, salutationOf } from '../../documents/letter-views.js';
import { formatDate, formatMoney } from '../../documents/locale-format.js';
import { MailOutbox, type MailText } from '../../mail/mail-outbox.service.js';
import { MailTemplates } from '../../mail/mail-templates.service.js';
import { Invoice, InvoicePayment } from '../invoice.entity.js';
import { InvoiceReader } from '../invoice-reader.service.js';
import {
  daysBetween,
  dueLevel,
  reminderClaim,
  type DunningSettings,
  type ReminderClaim,
} from './dunning-rules.js';
import { InvoicingSettingsService } from '../invoicing-settings.service.js';
import type { PaymentReminderView } from './payment-reminder-view.js';
import { PaymentReminder } from './reminder.entity.js';
import type {
  ConfirmRemindersDto,
  ReminderClaimResponse,
  ReminderResponse,
  ReminderRunResponse,
} from './reminders.dto.js';

/** What a reminder of an invoice claims today, with the invoice and its recipient. */
interface Proposal {
  invoice: Invoice;
  claim: ReminderClaim;
  paidCents: number;
}

const TITLES = {
  de: ['Zahlungserinnerung', '1. Mahnung', '2. Mahnung'],
  en: ['Payment reminder', 'First reminder', 'Second reminder'],
} as const;

/** A reminder asks for payment within this many days of its date. */
const PAY_WITHIN_DAYS = 10;

/**
 * The reminder run: `propose` lists what is due on a day, `confirm` sends it — each reminder a
 * stored PDF (SHA-256), an outbox mail and a row on the invoice, in one transaction. Customers
 * are businesses (see vat-cases.ts), so the interest margin is always that of § 288 Abs. 2 BGB.
 * The invoice row is only read, never written.
 */
@Injectable()
export class RemindersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly settings: InvoicingSettingsService,
    private readonly reader: InvoiceReader,
    private readonly documents: DocumentsService,
    private readonly company: CompanyService,
    private readonly customers: CustomersService,
    private readonly outbox: MailOutbox,
    private readonly mails: MailTemplates,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * The reminders due on `on` (default today), earliest due invoice first: a look ahead is
   * allowed, but a run always sends what is due today.
   */
  async propose(actor: Actor, on?: string): Promise<ReminderClaimResponse[]> {
    const today = on ?? this.clock.today();
    const manager = this.dataSource.manager;
    const proposals = await this.proposals(manager, today, null);
    const responses: ReminderClaimResponse[] = [];
    for (const p of proposals) {
      const mailbox = await this.customers.invoiceMailbox(actor, p.invoice.customerId);
      responses.push(toClaimResponse(p, today, mailbox?.address ?? null));
    }
    return responses;
  }

  /** Sends the reminders due today of `invoiceIds`; a second run sends none again. */
  async confirm(actor: Actor, dto: ConfirmRemindersDto): Promise<ReminderRunResponse> {
    const today = this.clock.today();
    const proposed = await this.proposals(this.dataSource.manager, today, dto.invoiceIds);
    const prepared = new Map<
      string,
      { proposal: Proposal; document: PreparedDocument; to: string; mail: MailText }
    >();
    for (const proposal of proposed) {
      prepared.set(proposal.invoice.id, await this.prepare(actor, proposal, today));
    }
    const sent = await this.transactions.run(async (tx) => {
      await lockRows(tx, 'invoices', [...prepared.keys()]);
      // Read again under the lock: a payment or another run meanwhile changes what is due.
      const fresh = await this.proposals(tx.manager, today, [...prepared.keys()]);
      const rows: PaymentReminder[] = [];
      for (const now of fresh) {
        const ready = prepared.get(now.invoice.id)!;
        if (!sameClaim(ready.proposal.claim, now.claim)) continue;
        rows.push(await this.record(tx, actor, ready, today));
      }
      return rows;
    });
    const sentIds = new Set(sent.map((r) => r.invoiceId));
    return {
      sent: await this.responses(actor, sent),
      skipped: dto.invoiceIds.filter((id) => !sentIds.has(id)),
    };
  }

  /** The reminders sent for an invoice, first first. */
  async forInvoice(actor: Actor, invoiceId: string): Promise<ReminderResponse[]> {
    await this.reader.findVisible(actor, invoiceId);
    const rows = await this.dataSource
      .getRepository(PaymentReminder)
      .find({ where: { invoiceId }, order: { level: 'ASC' } });
    return this.responses(actor, rows);
  }

  /** The latest reminders sent, newest first. */
  async recent(actor: Actor, limit = 50): Promise<ReminderResponse[]> {
    const rows = await this.dataSource
      .getRepository(PaymentReminder)
      .find({ order: { createdAt: 'DESC', level: 'DESC' }, take: limit });
    return this.responses(actor, rows);
  }

  /** Overdue issued invoices (or those of `ids`) whose next level is due on `today`. */
  private async proposals(
    manager: EntityManager,
    today: string,
    ids: readonly string[] | null,
  ): Promise<Proposal[]> {
    if (ids?.length === 0) return [];
    const invoices = await manager.find(Invoice, {
      where: {
        status: 'issued',
        kind: Not('cancellation'),
        dueDate: LessThan(today),
        ...(ids ? { id: In([...ids]) } : {}),
      },
      order: { dueDate: 'ASC', number: 'ASC' },
    });
    if (invoices.length === 0) return [];
    const invoiceIds = invoices.map((i) => i.id);
    const [payments, reminders, settings] = await Promise.all([
      manager.find(InvoicePayment, { where: { invoiceId: In(invoiceIds) } }),
      manager.find(PaymentReminder, { where: { invoiceId: In(invoiceIds) } }),
      this.settings.dunning(manager),
    ]);
    const proposals: Proposal[] = [];
    for (const invoice of invoices) {
      const paid = payments.filter((p) => p.invoiceId === invoice.id && p.day <= today);
      const earlier = reminders.filter((r) => r.invoiceId === invoice.id);
      const paidCents = paid.reduce((n, p) => n + p.amountCents, 0);
      if (paidCents >= invoice.dueCents) continue; // settled: no more reminders
      const level = dueLevel(settings.value, invoice.dueDate!, today, earlier);
      if (level === null) continue;
      const claim = claimOf(settings.value, invoice, today, level, paid, earlier);
      proposals.push({ invoice, claim, paidCents });
    }
    return proposals;
  }

  /** Renders the PDF and the mail before the transaction (rendering is slow CPU work). */
  private async prepare(actor: Actor, proposal: Proposal, today: string) {
    const { invoice, claim } = proposal;
    const snapshot = invoice.snapshot!;
    const locale = snapshot.locale;
    const mailbox = await this.customers.invoiceMailbox(actor, invoice.customerId);
    if (!mailbox) {
      throw new DomainError(
        'unprocessable',
        'REMINDER.NO_RECIPIENT',
        `The customer of invoice ${invoice.number} has neither an invoice e-mail address nor an active signatory contact`,
        { invoiceId: invoice.id },
      );
    }
    const profile = await this.company.profile();
    const title = TITLES[locale][claim.level];
    const view: PaymentReminderView = {
      company: companyView(profile),
      customer: customerView(
        snapshot.buyer,
        mailbox.contact?.name ?? null,
        profile.countryCode,
        locale,
      ),
      salutation: salutationOf(mailbox.contact, locale),
      level: claim.level,
      reminderDate: today,
      projectNumber: snapshot.projectNumber ?? snapshot.number,
      contact: { name: actor.name, email: actor.email, phone: profile.phone },
      invoice: {
        number: snapshot.number,
        issueDate: snapshot.issueDate,
        dueDate: snapshot.dueDate,
        dueCents: invoice.dueCents,
      },
      paidCents: proposal.paidCents,
      openCents: claim.openCents,
      feeCents: claim.feeCents,
      flatFeeCents: claim.flatFeeCents,
      earlierFeesCents: claim.earlierFeesCents,
      interest: claim.interest.map((p) => ({ ...p, rateBasisPoints: p.rateBp })),
      interestCents: claim.interestCents,
      totalCents: claim.totalCents,
      payBy: addDays(today, PAY_WITHIN_DAYS),
    };
    const document = await this.documents.prepare({
      kind: 'payment-reminder',
      customerId: invoice.customerId,
      ownerType: 'invoice',
      ownerId: invoice.id,
      title: `${title} ${snapshot.number}`,
      versionLabel: today,
      locale,
      draft: false,
      view,
    });
    const mail = this.mails.render('payment-reminder', locale, {
      salutation: view.salutation,
      friendly: claim.level === 0,
      title,
      number: snapshot.number,
      issueDate: formatDate(snapshot.issueDate, locale),
      total: formatMoney(claim.totalCents, locale),
      payBy: formatDate(view.payBy, locale),
      companyName: profile.legalName,
    });
    return { proposal, document, to: mailbox.address, mail };
  }

  private async record(
    tx: Tx,
    actor: Actor,
    ready: { proposal: Proposal; document: PreparedDocument; to: string; mail: MailText },
    today: string,
  ): Promise<PaymentReminder> {
    const { invoice, claim } = ready.proposal;
    const document = await this.documents.record(tx, actor, ready.document);
    const row = tx.manager.create(PaymentReminder, {
      id: randomUUID(),
      invoiceId: invoice.id,
      level: claim.level,
      reminderDate: today,
      openCents: claim.openCents,
      feeCents: claim.feeCents,
      flatFeeCents: claim.flatFeeCents,
      interestCents: claim.interestCents,
      earlierFeesCents: claim.earlierFeesCents,
      totalCents: claim.totalCents,
      interest: claim.interest,
      documentId: document.id,
      sentTo: ready.to,
      createdBy: actor.userId,
      createdAt: this.clock.now(),
    });
    await tx.manager.insert(PaymentReminder, row);
    await this.outbox.enqueue(tx, {
      kind: 'payment_reminder',
      to: { address: ready.to, name: null },
      language: invoice.locale,
      ...ready.mail,
      attachments: [
        {
          filename: `${ready.document.input.title.replace(/[^\w.-]+/g, '-')}.pdf`,
          documentId: document.id,
        },
      ],
      related: { type: 'invoice', id: invoice.id },
    });
    await this.audit.record(tx, actor, {
      entityType: 'invoice',
      entityId: invoice.id,
      action: 'reminder_sent',
      changes: {
        level: claim.level,
        totalCents: claim.totalCents,
        documentId: document.id,
        to: ready.to,
      },
    });
    return row;
  }

  private async responses(actor: Actor, rows: PaymentReminder[]): Promise<ReminderResponse[]> {
    if (rows.length === 0) return [];
    const invoices = await this.dataSource
      .getRepository(Invoice)
      .findBy({ id: In([...new Set(rows.map((r) => r.invoiceId))]) });
    const byId = new Map(invoices.map((i) => [i.id, i]));
    return rows.map((row) => toReminderResponse(row, byId.get(row.invoiceId)!));
  }
}

function claimOf(
  settings: DunningSettings,
  invoice: Invoice,
  today: string,
  level: 0 | 1 | 2,
  payments: readonly InvoicePayment[],
  earlier: readonly PaymentReminder[],
): ReminderClaim {
  try {
    return reminderClaim(settings, {
      level,
      today,
      dueDate: invoice.dueDate!,
      dueCents: invoice.dueCents,
      payments: payments.map((p) => ({ day: p.day, amountCents: p.amountCents })),
      earlier,
      business: true,
    });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DomainError(
      'unprocessable',
      'REMINDER.NO_BASE_RATE',
      `No base rate (Basiszinssatz) in force for invoice ${invoice.number}'s period: add it in the reminder settings`,
      { invoiceId: invoice.id },
    );
  }
}

function sameClaim(a: ReminderClaim, b: ReminderClaim): boolean {
  return (
    a.level === b.level && a.totalCents === b.totalCents && a.interestCents === b.interestCents
  );
}

function toClaimResponse(
  p: Proposal,
  today: string,
  recipient: string | null,
): ReminderClaimResponse {
  const { invoice, claim } = p;
  return {
    invoiceId: invoice.id,
    invoiceNumber: invoice.number!,
    customerId: invoice.customerId,
    customerName: invoice.snapshot!.buyer.name,
    dueDate: invoice.dueDate!,
    daysOverdue: daysBetween(invoice.dueDate!, today),
    level: claim.level,
    reminderDate: today,
    openCents: claim.openCents,
    feeCents: claim.feeCents,
    flatFeeCents: claim.flatFeeCents,
    interestCents: claim.interestCents,
    earlierFeesCents: claim.earlierFeesCents,
    totalCents: claim.totalCents,
    interest: claim.interest,
    recipient,
  };
}

function toReminderResponse(row: PaymentReminder, invoice: Invoice): ReminderResponse {
  return {
    id: row.id,
    invoiceId: invoice.id,
    invoiceNumber: invoice.number!,
    customerId: invoice.customerId,
    customerName: invoice.snapshot!.buyer.name,
    dueDate: invoice.dueDate!,
    daysOverdue: daysBetween(invoice.dueDate!, row.reminderDate),
    level: row.level,
    reminderDate: row.reminderDate,
    openCents: row.openCents,
    feeCents: row.feeCents,
    flatFeeCents: row.flatFeeCents,
    interestCents: row.interestCents,
    earlierFeesCents: row.earlierFeesCents,
    totalCents: row.totalCents,
    interest: row.interest,
    recipient: row.sentTo,
    documentId: row.documentId,
    sentTo: row.sentTo,
    createdAt: row.createdAt.toISOString(),
  };
}

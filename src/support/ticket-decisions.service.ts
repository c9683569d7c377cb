import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IsNull, Not } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { CompanyService } from '../company/company.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CustomersService } from '../customers/customers.service.js';
import { DomainError, validationError } from '../common/domain-error.js';
import { percentToBasisPoints } from '../common/percent.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { customerErrorNoticeMail } from './customer-error-notice-mail.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { MailTemplates } from '../mail/mail-templates.service.js';
import { SupportTimeEntry } from './billing.entity.js';
import { decideCost, needsAdminToDecide } from './cost-decision.js';
import { noticeRecipient, type NoticeContact } from './notice-recipient.js';
import type { TicketDetailResponse } from './dto/ticket.dto.js';
import type { CostDecisionDto, CustomerNoticeDto, GoodwillDto } from './dto/work.dto.js';
import { FULL_BILLING_BP } from './support-billing.js';
import { SupportSettingsService } from './support-settings.service.js';
import { CostDecisionRecord, CustomerNotice, SupportTicket } from './ticket.entity.js';
import { TicketsService } from './tickets.service.js';

/** The cost side of a ticket: cost decision, goodwill, and telling the customer in advance. */
@Injectable()
export class TicketDecisionsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly tickets: TicketsService,
    private readonly customers: CustomersService,
    private readonly company: CompanyService,
    private readonly settings: SupportSettingsService,
    private readonly outbox: MailOutbox,
    private readonly mailTexts: MailTemplates,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async decide(
    actor: Actor,
    ticketId: string,
    dto: CostDecisionDto,
  ): Promise<TicketDetailResponse> {
    const outcome = decideCost(dto);
    if (!outcome.ok) throw validationError([{ field: outcome.field, messages: [outcome.message] }]);
    if (needsAdminToDecide(outcome) && actor.role !== 'admin') {
      throw new DomainError(
        'forbidden',
        'SUPPORT.FREE_CUSTOMER_ERROR_ADMIN_ONLY',
        "Only an admin may make the customer's own error free support; waive the charge as goodwill (PUT goodwill with a reason) instead, which stays on the time report.",
      );
    }
    await this.transactions.run(async (tx) => {
      const ticket = await this.tickets.findVisible(actor, ticketId, tx);
      // The ticket row is written first: it holds the row lock a concurrent claim of this
      // ticket's entries waits for, so the check below sees every committed invoice.
      await tx.manager.update(
        SupportTicket,
        { id: ticketId },
        { cause: outcome.cause, category: outcome.category },
      );
      if (outcome.category !== ticket.category && (await hasInvoicedTime(tx, ticketId))) {
        throw new DomainError(
          'conflict',
          'SUPPORT.CATEGORY_LOCKED',
          'Time on this ticket has been invoiced; its category can no longer change (use a credit note).',
          { currentCategory: ticket.category },
        );
      }
      const record = tx.manager.create(CostDecisionRecord, {
        id: randomUUID(),
        ticketId,
        cause: outcome.cause,
        category: outcome.category,
        defaultCategory: outcome.defaultCategory,
        overridden: outcome.overridden,
        reason: outcome.reason,
        referralPartner: outcome.referral?.partner ?? null,
        referralDocument: outcome.referral?.document ?? null,
        decidedById: actor.userId,
        decidedByLabel: actor.email,
        decidedAt: this.clock.now(),
      });
      await tx.manager.insert(CostDecisionRecord, record);
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticketId,
        action: 'cost_decided',
        changes: {
          cause: { from: ticket.cause, to: outcome.cause },
          category: { from: ticket.category, to: outcome.category },
          defaultCategory: outcome.defaultCategory,
          overridden: outcome.overridden,
        },
        reason: outcome.reason,
      });
    });
    return this.tickets.get(actor, ticketId);
  }

  /**
   * Kulanz: how much of the effort is billed, and why — of the work, or of the analysis fee.
   * Applies to entries not yet invoiced.
   */
  async setGoodwill(
    actor: Actor,
    ticketId: string,
    dto: GoodwillDto,
  ): Promise<TicketDetailResponse> {
    const billedBp = percentToBasisPoints(dto.billedPercent);
    if (billedBp > FULL_BILLING_BP) {
      throw validationError([
        { field: 'billedPercent', messages: ['billedPercent must be between 0 and 100'] },
      ]);
    }
    const analysis = dto.phase === 'analysis';
    await this.transactions.run(async (tx) => {
      const ticket = await this.tickets.findVisible(actor, ticketId, tx);
      await tx.manager.update(
        SupportTicket,
        { id: ticketId },
        analysis
          ? { analysisFeeBilledBp: billedBp, analysisFeeReason: dto.reason }
          : { goodwillBilledBp: billedBp, goodwillReason: dto.reason },
      );
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticketId,
        action: analysis ? 'analysis_fee_set' : 'goodwill_set',
        changes: analysis
          ? { analysisFeeBilledBp: { from: ticket.analysisFeeBilledBp, to: billedBp } }
          : { goodwillBilledBp: { from: ticket.goodwillBilledBp, to: billedBp } },
        reason: dto.reason,
      });
    });
    return this.tickets.get(actor, ticketId);
  }

  /**
   * Service terms: when analysis shows the customer's own error, the customer is told before
   * billable work starts. The notice (who, when, what was said), its audit entry and the
   * e-mail to the customer are written in one transaction: a recorded notice was always sent.
   */
  async notifyCustomer(
    actor: Actor,
    ticketId: string,
    dto: CustomerNoticeDto,
  ): Promise<TicketDetailResponse> {
    const [thresholdMinutes, sender] = await Promise.all([
      this.settings.approvalThresholdMinutes(),
      this.company.mailSignature(this.config.mail.from),
    ]);
    await this.transactions.run(async (tx) => {
      const ticket = await this.tickets.findVisible(actor, ticketId, tx);
      if (ticket.cause !== 'customer_error') {
        throw new DomainError(
          'conflict',
          'SUPPORT.NOT_CUSTOMER_ERROR',
          'Record the cost decision with cause customer_error before notifying the customer of it.',
          { currentCause: ticket.cause },
        );
      }
      const { recipient, language } = await this.noticeRecipientOf(tx, actor, ticket);
      const notice = tx.manager.create(CustomerNotice, {
        id: randomUUID(),
        ticketId,
        reason: 'customer_error',
        message: dto.message,
        notifiedAt: this.clock.now(),
        notifiedById: actor.userId,
        notifiedByLabel: actor.email,
        mailTo: recipient.email,
      });
      await tx.manager.insert(CustomerNotice, notice);
      if (ticket.customerNotifiedAt === null) {
        await tx.manager.update(
          SupportTicket,
          { id: ticketId },
          { customerNotifiedAt: notice.notifiedAt },
        );
      }
      const mailId = await this.enqueueNoticeMail(tx, ticket, notice.message, {
        recipient,
        language,
        thresholdMinutes,
        sender,
      });
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticketId,
        action: 'customer_notified',
        changes: {
          noticeId: notice.id,
          reason: notice.reason,
          message: notice.message,
          mailId,
          to: recipient.email,
        },
      });
    });
    return this.tickets.get(actor, ticketId);
  }

  /** The notice as an outbox mail, written in the notice's transaction. Returns the mail's id. */
  private async enqueueNoticeMail(
    tx: Tx,
    ticket: SupportTicket,
    message: string,
    to: {
      recipient: NoticeContact;
      language: 'de' | 'en';
      thresholdMinutes: number;
      sender: string;
    },
  ): Promise<string> {
    const { recipient, language, thresholdMinutes, sender } = to;
    const mail = customerErrorNoticeMail(this.mailTexts, language, {
      recipientName: recipient.name,
      ticketNumber: ticket.number,
      ticketTitle: ticket.title,
      message,
      thresholdMinutes,
      sender,
    });
    return this.outbox.enqueue(tx, {
      kind: 'support_customer_notice',
      to: { address: recipient.email, name: recipient.name },
      language,
      subject: mail.subject,
      text: mail.text,
      related: { type: 'support_ticket', id: ticket.id },
    });
  }

  /** The contact the notice goes to, in the customer's language; 422 when there is none. */
  private async noticeRecipientOf(
    tx: Tx,
    actor: Actor,
    ticket: SupportTicket,
  ): Promise<{ recipient: NoticeContact; language: 'de' | 'en' }> {
    const customer = await this.customers.findVisible(actor, ticket.customerId, tx);
    const recipient = noticeRecipient(
      ticket.contactId,
      await this.customers.contactsOf(ticket.customerId, tx.manager),
    );
    if (!recipient) {
      throw new DomainError(
        'unprocessable',
        'SUPPORT.CONTACT_EMAIL_REQUIRED',
        `The customer is told of their own error by e-mail before billable work starts: customer ${customer.number} needs an active contact with an e-mail address (the ticket's reporting contact, else the first contact).`,
        { customerId: customer.id },
      );
    }
    return { recipient, language: customer.language === 'en' ? 'en' : 'de' };
  }
}

async function hasInvoicedTime(tx: Tx, ticketId: string): Promise<boolean> {
  return tx.manager.existsBy(SupportTimeEntry, { ticketId, invoicedAt: Not(IsNull()) });
}

import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions } from '../database/transactions.js';
import { salutationOf } from '../documents/letter-views.js';
import { formatDate, formatMoney } from '../documents/locale-format.js';
import { MailOutbox, type MailDelivery } from '../mail/mail-outbox.service.js';
import { MailTemplates } from '../mail/mail-templates.service.js';
import type { InvoiceDeliveryResponse, SendInvoiceDto } from './invoice.dto.js';
import { assertInvoiceAction } from './invoice-lifecycle.js';
import { InvoiceReader } from './invoice-reader.service.js';
import type { InvoiceSnapshot } from './invoice-snapshot.js';

const TITLES = {
  de: {
    cancellation: 'Stornorechnung',
    down_payment: 'Abschlagsrechnung',
    final: 'Schlussrechnung',
    other: 'Rechnung',
  },
  en: {
    cancellation: 'Cancellation invoice',
    down_payment: 'Down-payment invoice',
    final: 'Final invoice',
    other: 'Invoice',
  },
} as const;

/**
 * Sends an issued invoice by e-mail through the outbox: the Factur-X PDF attached (and on
 * request the XML on its own), to the customer's invoice address or the signatory contact.
 * Repeatable; each sending is an outbox mail and an audit entry (when, to whom).
 */
@Injectable()
export class InvoiceSendingService {
  constructor(
    private readonly reader: InvoiceReader,
    private readonly customers: CustomersService,
    private readonly outbox: MailOutbox,
    private readonly mails: MailTemplates,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async send(actor: Actor, id: string, dto: SendInvoiceDto): Promise<InvoiceDeliveryResponse[]> {
    await this.transactions.run(async (tx) => {
      const invoice = await this.reader.findVisible(actor, id, tx.manager);
      assertInvoiceAction(invoice, 'download', actor.role);
      const snapshot = invoice.snapshot!;
      const mailbox = dto.to
        ? { address: dto.to, name: null, contact: null }
        : await this.customers.invoiceMailbox(actor, invoice.customerId, tx);
      if (!mailbox) {
        throw new DomainError(
          'unprocessable',
          'INVOICE.NO_RECIPIENT',
          'The customer has neither an invoice e-mail address nor an active signatory contact; give `to`',
          { customerId: invoice.customerId },
        );
      }
      const withXml = dto.includeXml ?? false;
      await this.outbox.enqueue(tx, {
        kind: 'invoice',
        to: { address: mailbox.address, name: mailbox.name },
        ...this.mails.render(
          'invoice',
          snapshot.locale,
          mailData(snapshot, mailbox.contact, withXml),
        ),
        attachments: [
          { filename: `${snapshot.number}.pdf`, documentId: invoice.documentId! },
          ...(withXml
            ? [
                {
                  filename: `${snapshot.number}.xml`,
                  contentType: 'application/xml',
                  content: invoice.xml!,
                },
              ]
            : []),
        ],
        related: { type: 'invoice', id },
      });
      await this.audit.record(tx, actor, {
        entityType: 'invoice',
        entityId: id,
        action: 'sent',
        changes: { to: mailbox.address, includeXml: withXml, at: this.clock.now().toISOString() },
      });
    });
    return this.deliveries(actor, id);
  }

  /** Every mail of the invoice so far: to whom, when queued and when sent. */
  async deliveries(actor: Actor, id: string): Promise<InvoiceDeliveryResponse[]> {
    await this.reader.findVisible(actor, id);
    return (await this.outbox.deliveries('invoice', id)).map(toDeliveryResponse);
  }
}

function mailData(
  snapshot: InvoiceSnapshot,
  contact: { name: string; salutation: 'ms' | 'mr' | null } | null,
  withXml: boolean,
): Record<string, unknown> {
  const locale = snapshot.locale;
  const titles = TITLES[locale];
  const kind = snapshot.kind;
  const due = snapshot.totals.dueCents > 0 && kind !== 'cancellation';
  return {
    salutation: salutationOf(contact, locale),
    title:
      kind === 'cancellation' || kind === 'down_payment' || kind === 'final'
        ? titles[kind]
        : titles.other,
    number: snapshot.number,
    issueDate: formatDate(snapshot.issueDate, locale),
    subject: snapshot.subject,
    dueAmount: due ? formatMoney(snapshot.totals.dueCents, locale) : null,
    dueDate: formatDate(snapshot.dueDate, locale),
    withXml,
    companyName: snapshot.seller.name,
  };
}

function toDeliveryResponse(d: MailDelivery): InvoiceDeliveryResponse {
  return {
    to: d.toAddress,
    status: d.status,
    queuedAt: d.queuedAt.toISOString(),
    sentAt: d.sentAt ? d.sentAt.toISOString() : null,
  };
}

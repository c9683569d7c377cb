import type { MailLanguage, MailText } from '../mail/mail-outbox.service.js';
import type { MailTemplates } from '../mail/mail-templates.service.js';

export interface CustomerErrorNoticeFacts {
  recipientName: string;
  ticketNumber: string;
  ticketTitle: string;
  /** What staff wrote to the customer, verbatim. */
  message: string;
  /** Billable work up to this needs no order (the prior-approval threshold). */
  thresholdMinutes: number;
  sender: string;
}

/**
 * Service terms: when analysis shows the cause on the customer's side, they are told before
 * billable work starts, and that work beyond the threshold waits for their approved quote.
 * The text is `templates/mail/support-customer-error.<de|en>.hbs`.
 */
export function customerErrorNoticeMail(
  templates: MailTemplates,
  language: MailLanguage,
  f: CustomerErrorNoticeFacts,
): MailText {
  return templates.render('support-customer-error', language, { ...f });
}

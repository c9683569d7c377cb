import type { MailLanguage, MailText } from '../mail/mail-outbox.service.js';
import type { MailTemplates } from '../mail/mail-templates.service.js';

/**
 * The sign-off mails — request, reminder, confirmation — in German and English, per the
 * customer's language. The texts are templates (`templates/mail/signoff-*.hbs`), editable
 * without code; this file turns the facts into the values they show. Plain text: every mail
 * client shows it, nothing to escape, no tracking pixels.
 */

export interface SignoffMailFacts {
  recipientName: string;
  documentTitle: string;
  versionLabel: string;
  /** The personal link; absent in the confirmation. */
  link?: string;
  /** When the link stops working. */
  expiresAt?: Date;
  sender: string;
  timeZone: string;
}

export interface ConfirmationFacts extends SignoffMailFacts {
  decision: 'approved' | 'declined';
  signerName: string;
  signedAt: Date;
  comment: string | null;
  /** Whether the signed PDF is attached. */
  attached: boolean;
}

function when(instant: Date, language: MailLanguage, timeZone: string): string {
  return new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone,
  }).format(instant);
}

const document = (f: SignoffMailFacts) => `${f.documentTitle} (${f.versionLabel})`;

export function requestMail(
  templates: MailTemplates,
  language: MailLanguage,
  f: SignoffMailFacts,
  reminder = false,
): MailText {
  return templates.render(reminder ? 'signoff-reminder' : 'signoff-request', language, {
    recipientName: f.recipientName,
    document: document(f),
    link: f.link ?? '',
    until: f.expiresAt ? when(f.expiresAt, language, f.timeZone) : '',
    sender: f.sender,
  });
}

export function confirmationMail(
  templates: MailTemplates,
  language: MailLanguage,
  f: ConfirmationFacts,
): MailText {
  return templates.render('signoff-confirmation', language, {
    recipientName: f.recipientName,
    document: document(f),
    approved: f.decision === 'approved',
    signerName: f.signerName,
    at: when(f.signedAt, language, f.timeZone),
    comment: f.comment,
    attached: f.attached,
    sender: f.sender,
  });
}

import type { MailLanguage, MailText } from '../mail/mail-outbox.service.js';

/**
 * The sign-off mails — request, reminder, confirmation — in German and English, per the
 * customer's language. Plain text: every mail client shows it, nothing to escape, no tracking
 * pixels.
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

const subjects = {
  request: { de: 'Bitte um Freigabe', en: 'Please sign off' },
  reminder: { de: 'Erinnerung: Bitte um Freigabe', en: 'Reminder: please sign off' },
  approved: { de: 'Freigabe bestätigt', en: 'Sign-off confirmed' },
  declined: { de: 'Ablehnung bestätigt', en: 'Decline confirmed' },
};

const document = (f: SignoffMailFacts) => `${f.documentTitle} (${f.versionLabel})`;

export function requestMail(
  language: MailLanguage,
  f: SignoffMailFacts,
  reminder = false,
): MailText {
  const subject = `${subjects[reminder ? 'reminder' : 'request'][language]}: ${document(f)}`;
  const until = f.expiresAt ? when(f.expiresAt, language, f.timeZone) : '';
  const text =
    language === 'de'
      ? [
          `Guten Tag ${f.recipientName},`,
          '',
          reminder
            ? `wir erinnern Sie freundlich an unsere Bitte, das folgende Dokument freizugeben oder abzulehnen: ${document(f)}.`
            : `bitte prüfen Sie das folgende Dokument und geben Sie es frei oder lehnen Sie es mit einem Kommentar ab: ${document(f)}.`,
          '',
          'Ihr persönlicher Link (nicht weitergeben):',
          f.link ?? '',
          '',
          `Der Link gilt bis ${until}.`,
          '',
          'Mit freundlichen Grüßen',
          f.sender,
        ]
      : [
          `Dear ${f.recipientName},`,
          '',
          reminder
            ? `this is a friendly reminder of our request to sign off or decline the following document: ${document(f)}.`
            : `please review the following document and sign it off, or decline it with a comment: ${document(f)}.`,
          '',
          'Your personal link (do not forward it):',
          f.link ?? '',
          '',
          `The link is valid until ${until}.`,
          '',
          'Kind regards',
          f.sender,
        ];
  return { subject, text: text.join('\n') };
}

export function confirmationMail(language: MailLanguage, f: ConfirmationFacts): MailText {
  const subject = `${subjects[f.decision][language]}: ${document(f)}`;
  const at = when(f.signedAt, language, f.timeZone);
  const de = language === 'de';
  const what = de
    ? f.decision === 'approved'
      ? `${f.signerName} hat ${document(f)} am ${at} freigegeben.`
      : `${f.signerName} hat ${document(f)} am ${at} abgelehnt.`
    : f.decision === 'approved'
      ? `${f.signerName} signed off ${document(f)} on ${at}.`
      : `${f.signerName} declined ${document(f)} on ${at}.`;
  const text = [
    de ? `Guten Tag ${f.recipientName},` : `Dear ${f.recipientName},`,
    '',
    what,
    ...(f.comment ? ['', de ? `Kommentar: ${f.comment}` : `Comment: ${f.comment}`] : []),
    ...(f.attached
      ? [
          '',
          de
            ? 'Im Anhang finden Sie das Dokument mit dem Freigabeprotokoll auf der letzten Seite.'
            : 'Attached is the document with the sign-off certificate on its last page.',
        ]
      : []),
    '',
    de ? 'Mit freundlichen Grüßen' : 'Kind regards',
    f.sender,
  ];
  return { subject, text: text.join('\n') };
}

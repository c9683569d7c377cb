/**
 * The texts of the mails to customers, German and English, per the customer's language. Plain
 * text: every mail client shows it, nothing to escape, no tracking pixels.
 */
export type MailLanguage = 'de' | 'en';

export interface MailText {
  subject: string;
  text: string;
}

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
 */
export function customerErrorNoticeMail(
  language: MailLanguage,
  f: CustomerErrorNoticeFacts,
): MailText {
  if (language === 'de') {
    return {
      subject: `Ticket ${f.ticketNumber}: kostenpflichtige Unterstützung (Ursache in Ihrem Bereich)`,
      text: [
        `Guten Tag ${f.recipientName},`,
        '',
        `vielen Dank für Ihre Anfrage „${f.ticketTitle}“ (Ticket ${f.ticketNumber}).`,
        '',
        'Unsere Analyse hat ergeben, dass die Ursache in Ihrem Verantwortungsbereich liegt. Unser Support-Team schreibt dazu:',
        '',
        f.message,
        '',
        'Nach unseren Servicebedingungen ist die weitere Unterstützung in diesem Fall kostenpflichtig; wir berechnen den Aufwand nach unserer Preisliste.',
        f.thresholdMinutes > 0
          ? `Kostenpflichtigen Aufwand von insgesamt mehr als ${f.thresholdMinutes} Minuten erbringen wir erst, nachdem Sie unser Angebot dafür freigegeben haben.`
          : 'Kostenpflichtigen Aufwand erbringen wir erst, nachdem Sie unser Angebot dafür freigegeben haben.',
        '',
        `Bei Fragen antworten Sie gern auf diese E-Mail und nennen Sie dabei die Ticketnummer ${f.ticketNumber}.`,
        '',
        'Mit freundlichen Grüßen',
        f.sender,
      ].join('\n'),
    };
  }
  return {
    subject: `Ticket ${f.ticketNumber}: billable support (cause on your side)`,
    text: [
      `Dear ${f.recipientName},`,
      '',
      `thank you for your request "${f.ticketTitle}" (ticket ${f.ticketNumber}).`,
      '',
      'Our analysis has shown that the cause lies within your area of responsibility. Our support team writes:',
      '',
      f.message,
      '',
      'Under our service terms, further support in this case is billable; we charge the effort according to our price list.',
      f.thresholdMinutes > 0
        ? `We will carry out billable work of more than ${f.thresholdMinutes} minutes in total only after you have approved our quote for it.`
        : 'We will carry out billable work only after you have approved our quote for it.',
      '',
      `If you have any questions, please reply to this e-mail quoting ticket number ${f.ticketNumber}.`,
      '',
      'Kind regards',
      f.sender,
    ].join('\n'),
  };
}

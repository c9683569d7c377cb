import type { MailLanguage, MailText } from '../mail/mail-outbox.service.js';

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

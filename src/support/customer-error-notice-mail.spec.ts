import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { MailTemplates } from '../mail/mail-templates.service.js';
import { customerErrorNoticeMail } from './customer-error-notice-mail.js';

// The shipped texts (templates/mail/support-customer-error.*.hbs), as the app loads them.
const templates = new MailTemplates(fileURLToPath(new URL('../../templates', import.meta.url)));

describe('customer-error notice mail', () => {
  const notice = {
    recipientName: 'Jördis Weiß',
    ticketNumber: 'T-00042',
    ticketTitle: 'Postfach leer',
    message: 'Die Mails wurden am 3. November im Webmail gelöscht.',
    thresholdMinutes: 30,
    sender: 'Beispiel IT-Service GmbH',
  };

  it.each([
    [
      'de',
      'Ticket T-00042: kostenpflichtige Unterstützung (Ursache in Ihrem Bereich)',
      ['Guten Tag Jördis Weiß,', '„Postfach leer“ (Ticket T-00042)', 'mehr als 30 Minuten'],
    ],
    [
      'en',
      'Ticket T-00042: billable support (cause on your side)',
      ['Dear Jördis Weiß,', '"Postfach leer" (ticket T-00042)', 'more than 30 minutes'],
    ],
  ] as const)('%s', (language, subject, sentences) => {
    const mail = customerErrorNoticeMail(templates, language, notice);
    expect(mail.subject).toBe(subject);
    for (const sentence of sentences) expect(mail.text).toContain(sentence);
    expect(mail.text).toContain(notice.message);
    expect(mail.text.endsWith('Beispiel IT-Service GmbH')).toBe(true);
  });

  it.each([
    ['de', 'Kostenpflichtigen Aufwand erbringen wir erst, nachdem Sie unser Angebot'],
    ['en', 'We will carry out billable work only after you have approved our quote'],
  ] as const)('%s with threshold 0: every billable minute waits for the quote', (language, s) => {
    const mail = customerErrorNoticeMail(templates, language, { ...notice, thresholdMinutes: 0 });
    expect(mail.text).toContain(s);
    expect(mail.text).not.toContain(' 0 ');
  });
});

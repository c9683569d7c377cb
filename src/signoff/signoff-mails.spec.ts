import { describe, expect, it } from '@jest/globals';
import { fileURLToPath } from 'node:url';
import { MailTemplates } from '../mail/mail-templates.service.js';
import { confirmationMail, requestMail, type ConfirmationFacts } from './signoff-mails.js';

// The shipped texts (templates/mail/signoff-*.hbs), as the app loads them.
const templates = new MailTemplates(fileURLToPath(new URL('../../templates', import.meta.url)));

const facts = {
  recipientName: 'Jördis Weiß',
  documentTitle: 'Lösungsdokument P-2026-014',
  versionLabel: 'Revision 2',
  link: 'https://freigabe.example.com/signoff/abc',
  expiresAt: new Date('2026-12-06T10:00:00Z'),
  sender: 'Beispiel IT-Service GmbH',
  timeZone: 'Europe/Berlin',
};

describe('sign-off mail texts', () => {
  it.each([
    [
      'de',
      false,
      'Bitte um Freigabe: Lösungsdokument P-2026-014 (Revision 2)',
      'Guten Tag Jördis Weiß,',
      '6. Dezember 2026 um 11:00',
    ],
    [
      'en',
      false,
      'Please sign off: Lösungsdokument P-2026-014 (Revision 2)',
      'Dear Jördis Weiß,',
      '6 December 2026 at 11:00',
    ],
    [
      'de',
      true,
      'Erinnerung: Bitte um Freigabe: Lösungsdokument P-2026-014 (Revision 2)',
      'erinnern',
      '6. Dezember 2026',
    ],
    [
      'en',
      true,
      'Reminder: please sign off: Lösungsdokument P-2026-014 (Revision 2)',
      'reminder',
      '6 December 2026',
    ],
  ] as const)('%s request (reminder %s)', (language, reminder, subject, greeting, until) => {
    const mail = requestMail(templates, language, facts, reminder);
    expect(mail.subject).toBe(subject);
    expect(mail.text).toContain(greeting);
    expect(mail.text).toContain(facts.link);
    expect(mail.text).toContain(until);
  });

  const confirmation: ConfirmationFacts = {
    ...facts,
    link: undefined,
    decision: 'approved',
    signerName: 'Jördis Weiß',
    signedAt: new Date('2026-11-22T13:05:00Z'),
    comment: null,
    attached: true,
  };
  it.each([
    ['de', 'approved', 'Freigabe bestätigt', 'am 22. November 2026 um 14:05 freigegeben'],
    [
      'en',
      'approved',
      'Sign-off confirmed',
      'signed off Lösungsdokument P-2026-014 (Revision 2) on 22 November 2026 at 14:05',
    ],
    ['de', 'declined', 'Ablehnung bestätigt', 'abgelehnt'],
    ['en', 'declined', 'Decline confirmed', 'declined'],
  ] as const)('%s confirmation of %s', (language, decision, subject, sentence) => {
    const mail = confirmationMail(templates, language, {
      ...confirmation,
      decision,
      comment: 'Bitte 12 h',
    });
    expect(mail.subject).toBe(`${subject}: Lösungsdokument P-2026-014 (Revision 2)`);
    expect(mail.text).toContain(sentence);
    expect(mail.text).toContain('Bitte 12 h');
    expect(mail.text).not.toContain('/signoff/');
  });

  it.each(['de', 'en'] as const)(
    '%s confirmation without comment or attachment has no empty paragraphs',
    (language) => {
      const mail = confirmationMail(templates, language, {
        ...confirmation,
        attached: false,
      });
      expect(mail.text).not.toMatch(/\n\n\n/);
      expect(mail.text).not.toMatch(/Kommentar|Comment|Anhang|Attached/);
      expect(mail.text.split('\n')).toHaveLength(6);
    },
  );
});

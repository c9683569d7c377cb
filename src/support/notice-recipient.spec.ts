import { describe, expect, it } from '@jest/globals';
import { noticeRecipient, type NoticeContact } from './notice-recipient.js';

const contact = (id: string, overrides: Partial<NoticeContact> = {}): NoticeContact => ({
  id,
  name: `Contact ${id}`,
  email: `${id}@kunde.example`,
  active: true,
  createdAt: new Date('2026-01-01T00:00:00Z'),
  ...overrides,
});
const day = (n: number) => new Date(Date.UTC(2026, 0, n));

describe('recipient of the customer-error notice', () => {
  it.each([
    ['the reporting contact', 'b', [contact('a', { createdAt: day(1) }), contact('b')], 'b'],
    [
      'the first contact when the ticket names none',
      null,
      [contact('late', { createdAt: day(3) }), contact('early', { createdAt: day(2) })],
      'early',
    ],
    [
      'the first contact when the reporting contact is inactive',
      'b',
      [contact('b', { active: false, createdAt: day(1) }), contact('c', { createdAt: day(2) })],
      'c',
    ],
    [
      'the first contact when the reporting contact has no e-mail',
      'b',
      [contact('b', { email: ' ', createdAt: day(1) }), contact('c', { createdAt: day(2) })],
      'c',
    ],
    [
      'the first contact when the reporting contact is not among the customer’s',
      'other',
      [contact('a')],
      'a',
    ],
    [
      'by name among contacts created together',
      null,
      [contact('x', { name: 'Zora' }), contact('y', { name: 'Anna' })],
      'y',
    ],
    ['no one when the customer has no contacts', 'b', [], null],
    [
      'no one when every contact is inactive',
      null,
      [contact('a', { active: false }), contact('b', { active: false })],
      null,
    ],
  ] as const)('%s', (_case, reporting, contacts, expected) => {
    expect(noticeRecipient(reporting, contacts)?.id ?? null).toBe(expected);
  });
});

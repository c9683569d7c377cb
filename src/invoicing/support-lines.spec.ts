import { describe, expect, it } from '@jest/globals';
import { NBSP } from '../documents/locale-format.js';
import { supportLines, supportSubject, type SupportLineInput } from './support-lines.js';

const entry = (overrides: Partial<SupportLineInput> = {}): SupportLineInput => ({
  entryId: 'e1',
  ticketNumber: 'T-00012',
  ticketTitle: 'Mails gelöscht',
  day: '2026-11-04',
  description: 'Restore',
  serviceName: 'Technischer Support',
  unit: 'hour',
  rawMinutes: 16,
  quantityMilli: 500,
  unitPriceCents: 12000,
  afterHoursMinutes: 0,
  afterHoursSurchargePercent: 50,
  afterHoursSurchargeCents: 0,
  goodwillBilledBp: 10_000,
  goodwillCents: 0,
  goodwillReason: null,
  ...overrides,
});

// Readable expectations: the no-break spaces become plain ones.
const read = (text: string | null) => text?.replaceAll(NBSP, ' ') ?? null;

describe('support invoice lines in the customer’s language', () => {
  it.each([
    [
      'de',
      'Ticket T-00012 · Restore',
      'Mails gelöscht · 04.11.2026 · Technischer Support · 16 min erfasst, berechnet 0,5 Std.',
    ],
    [
      'en',
      'Ticket T-00012 · Restore',
      'Mails gelöscht · 4 November 2026 · Technischer Support · 16 min logged, billed 0.5 h',
    ],
  ] as const)('%s: one line for the time, named by ticket', (locale, title, description) => {
    const lines = supportLines([entry()], 1900, locale);
    expect(lines).toHaveLength(1);
    expect(read(lines[0].title)).toBe(title);
    expect(read(lines[0].description)).toBe(description);
    expect(lines[0]).toMatchObject({
      quantity: 500,
      unit: 'hour',
      unitPriceCents: 12000,
      vatRateBp: 1900,
      sourceType: 'support_entry',
      sourceId: 'e1',
    });
  });

  it.each([
    ['de', '1 min erfasst, berechnet 2 AE'],
    ['en', '1 min logged, billed 2 WU'],
  ] as const)('%s: work units are named as such', (locale, time) => {
    const [line] = supportLines(
      [entry({ unit: 'work_unit', rawMinutes: 1, quantityMilli: 2000 })],
      1900,
      locale,
    );
    expect(read(line.description)).toContain(time);
  });

  it.each([
    [
      'de',
      [
        'Ticket T-00012 · Zuschlag außerhalb der Geschäftszeiten',
        '04.11.2026 · 50 % auf 15 von 20 min',
      ],
      ['Ticket T-00012 · Kulanz', 'Berechnet werden 50 % des Aufwands: Ursache spät erkannt'],
    ],
    [
      'en',
      ['Ticket T-00012 · After-hours surcharge', '4 November 2026 · 50% on 15 of 20 min'],
      ['Ticket T-00012 · Goodwill', '50% of the effort is billed: Ursache spät erkannt'],
    ],
  ] as const)('%s: surcharge and goodwill as lines of their own', (locale, surcharge, goodwill) => {
    const lines = supportLines(
      [
        entry({
          rawMinutes: 20,
          afterHoursMinutes: 15,
          afterHoursSurchargeCents: 2250,
          goodwillBilledBp: 5000,
          goodwillCents: 4125,
          goodwillReason: 'Ursache spät erkannt',
        }),
      ],
      1900,
      locale,
    );
    expect(lines.map((l) => [read(l.title), read(l.description)])).toEqual([
      [expect.any(String), expect.any(String)],
      [...surcharge],
      [...goodwill],
    ]);
    expect(lines.map((l) => [l.sourceType, l.quantity, l.unit, l.unitPriceCents])).toEqual([
      ['support_entry', 500, 'hour', 12000],
      ['support_surcharge', 1000, 'flat', 2250],
      ['support_goodwill', -1000, 'flat', 4125],
    ]);
  });

  it('makes a multi-line entry description one title line', () => {
    const [line] = supportLines([entry({ description: 'Restore\n\n  aus Backup ' })], 1900, 'de');
    expect(line.title).toBe('Ticket T-00012 · Restore aus Backup');
  });

  it('keeps a long entry description within the title column', () => {
    const [line] = supportLines([entry({ description: 'x'.repeat(300) })], 1900, 'de');
    expect(line.title).toHaveLength(200);
    expect(line.title.endsWith('…')).toBe(true);
  });

  it.each([
    ['de', '2026-11-01', '2026-11-30', 'Support-Leistungen 01.11.2026 – 30.11.2026'],
    ['en', '2026-11-01', '2026-11-30', 'Support services 1–30 November 2026'],
    ['de', '2026-11-04', '2026-11-04', 'Support-Leistungen 04.11.2026'],
  ] as const)('%s: the subject names the period (%s – %s)', (locale, from, to, subject) => {
    expect(read(supportSubject(from, to, locale))).toBe(subject);
  });
});

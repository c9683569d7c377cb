import { describe, expect, it } from '@jest/globals';
import type { Block, Inline } from '../documents/layout-markup.js';
import { certificatePage, utc, type CertificateFacts } from './certificate.js';

const facts: CertificateFacts = {
  locale: 'de',
  document: {
    title: 'Lösungsdokument P-2026-014',
    versionLabel: 'Revision 2',
    id: '6f1c0e1e-3a51-4b43-9d64-3f0f3b0f8a11',
    sha256: 'a'.repeat(64),
    issuedAt: new Date('2026-11-20T09:00:00Z'),
  },
  requestId: 'b4b0c0de-0000-4000-8000-000000000001',
  decision: {
    outcome: 'approved',
    signerName: 'Jördis Weiß',
    signerEmail: 'jw@kunde.example',
    signedAt: new Date('2026-11-22T13:05:07.123Z'),
    ipAddress: '203.0.113.7',
    userAgent: 'Mozilla/5.0',
    comment: null,
    chosenOptions: ['Schulung'],
    via: 'link',
  },
  events: [
    { type: 'opened', at: new Date('2026-11-21T08:00:00Z'), by: 'jw@kunde.example' },
    { type: 'sent', at: new Date('2026-11-20T10:00:00Z'), by: 'Klara', to: ['jw@kunde.example'] },
    {
      type: 'decided',
      at: new Date('2026-11-22T13:05:07Z'),
      by: 'Jördis Weiß',
      outcome: 'approved',
    },
  ],
};

const words = (inline: Inline) => inline.map((span) => span?.text ?? '').join('');
function allText(blocks: Block[]): string {
  return blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return words(b.content);
        case 'kv':
          return b.items.map((i) => `${i.label}: ${words(i.value)}`).join('\n');
        case 'table':
          return b.rows.map((r) => r.cells.map(words).join(' | ')).join('\n');
        default:
          return '';
      }
    })
    .join('\n');
}

describe('certificate page', () => {
  it('prints times in UTC with seconds', () => {
    expect(utc(new Date('2026-11-22T13:05:07.999Z'))).toBe('2026-11-22 13:05:07 UTC');
  });

  it.each([
    ['de', 'Freigabeprotokoll', 'Freigegeben', 'Zur Freigabe gesendet von Klara'],
    ['en', 'Sign-off certificate', 'Approved', 'Sent for sign-off by Klara'],
  ] as const)(
    '%s: names document, hash, signer and every event in order',
    (locale, title, outcome, sent) => {
      const page = certificatePage({ ...facts, locale });
      const text = allText(page.blocks);
      expect(text).toContain(title);
      expect(text).toContain('a'.repeat(64));
      expect(text).toContain('Jördis Weiß');
      expect(text).toContain('203.0.113.7');
      expect(text).toContain(outcome);
      expect(text).toContain('2026-11-22 13:05:07 UTC');
      const table = page.blocks.find((b) => b.type === 'table');
      expect(table?.type === 'table' && table.rows.map((r) => words(r.cells[1]))[0]).toContain(
        sent,
      );
      expect(table?.type === 'table' && table.rows).toHaveLength(3);
    },
  );

  it('shows a decline comment and no option list', () => {
    const text = allText(
      certificatePage({
        ...facts,
        decision: { ...facts.decision, outcome: 'declined', comment: 'Bitte 12 Stunden' },
      }).blocks,
    );
    expect(text).toContain('Abgelehnt');
    expect(text).toContain('Kommentar: Bitte 12 Stunden');
    expect(text).not.toContain('Gewählte Optionen');
  });
});

import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { pdfText } from '../../test/support/pdf-text.js';
import { DOCUMENT_KINDS } from '../document-kinds.js';
import { DocumentEngine } from '../documents/document-engine.js';
import { composeInvoice } from './invoice-compose.js';
import { toInvoiceView } from './invoice-document.js';
import { sampleComposeInput } from './invoice-samples.js';
import type { VatCase } from './vat-cases.js';

const TEMPLATES = join(import.meta.dirname, '../../templates');
let engine: DocumentEngine;

beforeAll(() => {
  engine = DocumentEngine.load(TEMPLATES, DOCUMENT_KINDS);
});

/** The printed text of the sample invoice of a VAT case, no-break spaces as plain spaces. */
async function invoiceText(vatCase: VatCase, locale: 'de' | 'en'): Promise<string> {
  const snapshot = composeInvoice({ ...sampleComposeInput(vatCase), locale });
  const view = toInvoiceView(snapshot, { name: 'Anna Beispiel', email: null, phone: null }, null);
  const { bytes } = await engine.render({
    kind: 'invoice',
    locale,
    view,
    draft: false,
    timeZone: 'Europe/Berlin',
    issuedAt: '2026-11-22T09:30:00.000Z',
  });
  return (await pdfText(bytes)).text.replace(/\u00a0/g, ' ');
}

/** Words that only an invoice charging VAT may print (the VAT ID labels are not among them). */
const VAT_WORDING = {
  de: [/\d %/, /USt\. /, /\bUSt\.\n/, /brutto/, /netto/],
  en: [/\d ?%/, /VAT \d/, /\bgross\b/i, /\bnet\b/i],
};

describe('the printed invoice of each VAT case', () => {
  it.each([
    ['de', ['zzgl. USt. 19 % auf', 'zzgl. USt. 7 % auf', 'Rechnungsbetrag brutto', 'Summe netto']],
    ['en', ['VAT 19% on', 'VAT 7% on', 'Total net']],
  ] as const)('%s standard: rate per line, VAT lines, net and gross', async (locale, shown) => {
    const text = await invoiceText('standard', locale);
    for (const words of shown) expect(text).toContain(words);
  });

  it.each([
    ['de', 'small_business', 'Gemäß § 19 UStG wird keine Umsatzsteuer berechnet.'],
    ['en', 'small_business', 'No VAT is charged under § 19 UStG'],
    ['de', 'third_country', 'Nicht im Inland steuerbare Leistung'],
    ['en', 'third_country', 'Not subject to German VAT'],
  ] as const)(
    '%s %s: only the note, no rate, no VAT line, no net/gross',
    async (locale, vatCase, note) => {
      const text = await invoiceText(vatCase, locale);
      expect(text).toContain(note);
      // No customer VAT ID either: it plays no part without German VAT.
      expect(text).not.toMatch(/DE811907980|CHE123456789/);
      for (const pattern of VAT_WORDING[locale]) expect(text).not.toMatch(pattern);
      // The one amount is the invoice total (no VAT to add to the sum of the lines).
      expect(text).toContain(locale === 'de' ? 'Rechnungsbetrag' : 'Invoice total');
    },
  );

  it.each([
    ['de', 'Steuerschuldnerschaft des Leistungsempfängers'],
    ['en', 'Reverse charge: VAT to be accounted for by the recipient'],
  ] as const)('%s reverse charge: the note, 0 % and no German rate', async (locale, note) => {
    const text = await invoiceText('reverse_charge', locale);
    expect(text).toContain(note);
    expect(text).not.toMatch(/\b(19|7) ?%/);
  });
});

describe('the running header names the kind of invoice', () => {
  const manyLines = Array.from({ length: 40 }, (_, i) => ({
    title: `Leistung ${i + 1}`,
    description: null,
    quantity: 1000,
    unit: 'flat' as const,
    unitPriceCents: 1000,
    vatRateBp: 1900,
  }));

  it.each([
    ['cancellation', 'de', 'Stornorechnung'],
    ['down_payment', 'de', 'Abschlagsrechnung'],
    ['final', 'de', 'Schlussrechnung'],
    ['standard', 'de', 'Rechnung'],
    ['cancellation', 'en', 'Cancellation invoice'],
    ['final', 'en', 'Final invoice'],
  ] as const)('%s (%s): "%s" on page 2', async (kind, locale, title) => {
    const snapshot = composeInvoice({
      ...sampleComposeInput('standard'),
      kind,
      locale,
      lines: manyLines,
      preceding:
        kind === 'cancellation' ? { number: 'RE-2026-00001', issueDate: '2026-11-01' } : null,
    });
    const view = toInvoiceView(snapshot, { name: 'Anna Beispiel', email: null, phone: null }, null);
    const { bytes } = await engine.render({
      kind: 'invoice',
      locale,
      view,
      draft: false,
      timeZone: 'Europe/Berlin',
      issuedAt: '2026-11-22T09:30:00.000Z',
    });
    const { pages } = await pdfText(bytes);
    expect(pages.length).toBeGreaterThan(1);
    const header = pages[1].split('\n')[0];
    expect(header).toContain(`· ${title} RE-2026-00001 ·`);
  });
});

describe('goodwill on a support invoice', () => {
  it('prints under the lines as Kulanz with its negative amount', async () => {
    const snapshot = composeInvoice(sampleComposeInput('support'));
    const view = toInvoiceView(snapshot, { name: 'Anna Beispiel', email: null, phone: null }, null);
    const { bytes } = await engine.render({
      kind: 'invoice',
      locale: 'de',
      view,
      draft: false,
      timeZone: 'Europe/Berlin',
      issuedAt: '2026-11-22T09:30:00.000Z',
    });
    const text = (await pdfText(bytes)).text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');
    expect(text).toContain('Ticket T-00012 · Kulanz: Berechnet werden 50 % des Aufwands');
    expect(text).toContain('19 % -45,00 €');
    expect(text).not.toContain('-1 pauschal');
    expect(text).toContain('Summe netto 45,00 €');
  });
});

describe('the payment block', () => {
  it.each([
    ['de', 'IBAN DE02 1203 0000 0000 2020 51', 'Bank Deutsche Kreditbank', 'bei der'],
    ['en', 'IBAN DE02 1203 0000 0000 2020 51', 'Bank Deutsche Kreditbank', ' at Deutsche'],
  ] as const)(
    '%s: IBAN in groups of four, the bank labelled',
    async (locale, iban, bank, sentence) => {
      const snapshot = composeInvoice({ ...sampleComposeInput('standard'), locale });
      const view = toInvoiceView(
        snapshot,
        { name: 'Anna Beispiel', email: null, phone: null },
        'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
      );
      const { bytes } = await engine.render({
        kind: 'invoice',
        locale,
        view,
        draft: false,
        timeZone: 'Europe/Berlin',
        issuedAt: '2026-11-22T09:30:00.000Z',
      });
      const text = (await pdfText(bytes)).text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');
      expect(text).toContain(iban);
      expect(text).toContain(bank);
      expect(text).not.toContain(sentence);
      expect(text).not.toContain('DE02120300000000202051');
    },
  );
});

import type { ComposeInput } from './invoice-compose.js';
import type { SellerSnapshot } from './invoice-snapshot.js';

/**
 * Realistic sample invoices, one per kind the product issues: the unit specs use them, and
 * the document engine renders them as sample views when templates load.
 */
export type SampleKind =
  | 'standard'
  | 'down_payment'
  | 'final'
  | 'reverse_charge'
  | 'third_country'
  | 'small_business'
  | 'support';

export const SAMPLE_SELLER: SellerSnapshot = {
  name: 'Beispiel IT-Service GmbH',
  street: 'Am Markt 3',
  postalCode: '04109',
  city: 'Leipzig',
  countryCode: 'DE',
  vatId: 'DE123456789',
  taxNumber: '231/123/45678',
  email: 'rechnung@beispiel-it.example',
  phone: '+49 341 123456',
  website: 'www.beispiel-it.example',
  commercialRegister: 'Amtsgericht Leipzig, HRB 12345',
  managingDirectors: 'Anna Beispiel',
  iban: 'DE02120300000000202051',
  bic: 'BYLADEM1001',
  bankName: 'Deutsche Kreditbank',
};

export function sampleComposeInput(kind: SampleKind): ComposeInput {
  const base: ComposeInput = {
    number: 'RE-2026-00001',
    kind: 'standard',
    issueDate: '2026-11-22',
    locale: 'de',
    subject: 'Migration des Mailservers',
    seller: { ...SAMPLE_SELLER },
    buyer: {
      number: 'K-00001',
      name: 'Müller & Söhne Logistik GmbH',
      attention: 'Eva Müller',
      street: 'Hafenstraße 5',
      postalCode: '20457',
      city: 'Hamburg',
      countryCode: 'DE',
      vatId: 'DE811907980',
      taxNumber: null,
    },
    buyerReference: null,
    projectNumber: 'P-00001',
    serviceFrom: '2026-11-20',
    serviceTo: '2026-11-20',
    vatCase: 'standard',
    lines: [
      {
        title: 'Migration',
        description: 'Postfächer <alle>',
        quantity: 12000,
        unit: 'hour',
        unitPriceCents: 12000,
        vatRateBp: 1900,
      },
      {
        title: 'Lizenz-Einrichtung',
        description: null,
        quantity: 1000,
        unit: 'flat',
        unitPriceCents: 49999,
        vatRateBp: 1900,
      },
      {
        title: 'Handbuch (Druck)',
        description: null,
        quantity: 3000,
        unit: 'piece',
        unitPriceCents: 1995,
        vatRateBp: 700,
      },
    ],
    paymentTermsDays: 14,
  };
  switch (kind) {
    case 'standard':
      return base;
    case 'down_payment':
      return {
        ...base,
        kind: 'down_payment',
        serviceFrom: null,
        serviceTo: null,
        lines: [
          {
            title: 'Abschlag 30 % auf den vereinbarten Festpreis',
            description: null,
            quantity: 1000,
            unit: 'flat',
            unitPriceCents: 65362,
            vatRateBp: 1900,
          },
        ],
      };
    case 'final':
      return {
        ...base,
        kind: 'final',
        buyerReference: '04011000-12345-67',
        deductions: [
          {
            number: 'RE-2026-00001',
            issueDate: '2026-10-01',
            netCents: 65362,
            vatCents: 12419,
            grossCents: 77781,
            vat: [{ category: 'S', rateBp: 1900, baseCents: 65362, amountCents: 12419 }],
          },
        ],
      };
    case 'reverse_charge':
      return {
        ...base,
        vatCase: 'reverse_charge',
        buyer: {
          ...base.buyer,
          name: 'Alpen Software GmbH',
          street: 'Mariahilfer Straße 1',
          postalCode: '1060',
          city: 'Wien',
          countryCode: 'AT',
          vatId: 'ATU12345678',
        },
      };
    case 'third_country':
      return {
        ...base,
        vatCase: 'third_country',
        buyer: {
          ...base.buyer,
          name: 'Gletscher Informatik AG',
          street: 'Bahnhofstrasse 10',
          postalCode: '8001',
          city: 'Zürich',
          countryCode: 'CH',
          vatId: 'CHE123456789',
        },
      };
    case 'small_business':
      return { ...base, vatCase: 'small_business', seller: { ...base.seller, vatId: null } };
    case 'support':
      return {
        ...base,
        kind: 'support',
        projectNumber: null,
        subject: 'Support November 2026',
        serviceFrom: '2026-11-01',
        serviceTo: '2026-11-30',
        lines: [
          {
            title: 'Ticket T-00012 · Restore',
            description:
              'Mails gelöscht · 04.11.2026 · Technischer Support · 16 min erfasst, berechnet 0,5 Std.',
            quantity: 500,
            unit: 'hour',
            unitPriceCents: 12000,
            vatRateBp: 1900,
          },
          {
            title: 'Ticket T-00012 · Zuschlag außerhalb der Geschäftszeiten',
            description: '04.11.2026 · 50 % auf 16 von 16 min',
            quantity: 1000,
            unit: 'flat',
            unitPriceCents: 3000,
            vatRateBp: 1900,
          },
        ],
        allowances: [
          {
            reason:
              'Ticket T-00012 · Kulanz: Berechnet werden 50 % des Aufwands: Ursache erst am Ende erkennbar',
            amountCents: 4500,
            vatRateBp: 1900,
          },
        ],
      };
  }
}

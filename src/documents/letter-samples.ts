import { lineNet, sum, vatAmount } from '../common/money.js';
import type {
  CompanyView,
  CustomerView,
  DocumentLocale,
  LetterView,
  LineItemView,
  LineUnit,
  TotalsView,
} from './document-views.js';

/**
 * What every kind's sample views share — sender, recipients, letter fields, line items and
 * totals — for the samples the owning modules write (`projects/stage-document-kinds.ts`, …): a
 * mail server migration for a Berlin manufacturer (de) and for a Dublin analytics firm (en).
 * Totals are computed with the domain's money functions, never typed in.
 */
export const SAMPLE_COMPANY: CompanyView = {
  legalName: 'Nordwerk IT-Service GmbH',
  street: 'Große Elbstraße 145',
  postalCode: '22767',
  city: 'Hamburg',
  countryCode: 'DE',
  email: 'projekte@nordwerk-it.example',
  phone: '+49 40 3861 2270',
  website: 'www.nordwerk-it.example',
  vatId: 'DE298765432',
  taxNumber: '27/123/45678',
  commercialRegister: 'Amtsgericht Hamburg, HRB 154321',
  managingDirectors: 'Lüder Nordmann, Dr. Ines Köhler',
  bankName: 'Hamburger Sparkasse',
  iban: 'DE12 2005 0550 1234 5678 90',
  bic: 'HASPDEHHXXX',
};

export const SAMPLE_CUSTOMERS: Record<DocumentLocale, CustomerView> = {
  de: {
    number: 'K-00042',
    name: 'Müller & Söhne Maschinenbau GmbH',
    attention: 'Frau Jördis Weiß',
    street: 'Lindenstraße 12',
    postalCode: '10969',
    city: 'Berlin',
    countryName: null,
    vatId: 'DE123456789',
  },
  en: {
    number: 'K-00057',
    name: 'Greenhill Analytics Ltd',
    attention: 'Mr Oliver Brennan',
    street: '14 Harcourt Street',
    postalCode: 'D02 XY45',
    city: 'Dublin 2',
    countryName: 'Ireland',
    vatId: 'IE6388047V',
  },
};

export const SAMPLE_VAT_RATE = 1900;

export interface SampleItem {
  title: string;
  description: string | null;
  quantity: number;
  unit: LineUnit;
  unitPriceCents: number;
  optional?: boolean;
}

export function lineItems(specs: SampleItem[], prefix = ''): LineItemView[] {
  return specs.map((spec, index) => ({
    position: `${prefix}${index + 1}`,
    title: spec.title,
    description: spec.description,
    quantity: spec.quantity,
    unit: spec.unit,
    unitPriceCents: spec.unitPriceCents,
    netCents: lineNet(spec.quantity, spec.unitPriceCents),
    optional: spec.optional ?? false,
  }));
}

/** VAT on the sum of the lines per rate (EN 16931), here one rate. */
export function totalsOf(netAmounts: number[]): TotalsView {
  const net = sum(netAmounts);
  const vat = vatAmount(net, SAMPLE_VAT_RATE);
  return {
    netCents: net,
    vat: [{ rateBasisPoints: SAMPLE_VAT_RATE, baseCents: net, amountCents: vat }],
    grossCents: net + vat,
  };
}

export function sampleLetter(locale: DocumentLocale, documentDate: string): LetterView {
  return {
    company: SAMPLE_COMPANY,
    customer: SAMPLE_CUSTOMERS[locale],
    documentDate,
    projectNumber: locale === 'de' ? 'P-2026-014' : 'P-2026-021',
    projectTitle:
      locale === 'de'
        ? 'Migration des Mailservers nach Microsoft 365'
        : 'Migration of the on-premises mail server to Microsoft 365',
    contact: {
      name: 'Jörg Krämer',
      email: 'j.kraemer@nordwerk-it.example',
      phone: '+49 40 3861 2274',
    },
  };
}

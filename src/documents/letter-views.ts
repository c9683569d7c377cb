import type { CompanyView, CustomerView, DocumentLocale } from './document-views.js';

/** The company as the letterhead and footer print it. */
export function companyView(profile: {
  legalName: string;
  street: string;
  postalCode: string;
  city: string;
  countryCode: string;
  email: string | null;
  phone: string | null;
  website: string | null;
  vatId: string | null;
  taxNumber: string | null;
  commercialRegister: string | null;
  managingDirectors: string | null;
  bankName: string | null;
  iban: string | null;
  bic: string | null;
}): CompanyView {
  return {
    legalName: profile.legalName,
    street: profile.street,
    postalCode: profile.postalCode,
    city: profile.city,
    countryCode: profile.countryCode,
    email: profile.email,
    phone: profile.phone,
    website: profile.website,
    vatId: profile.vatId,
    taxNumber: profile.taxNumber,
    commercialRegister: profile.commercialRegister,
    managingDirectors: profile.managingDirectors,
    bankName: profile.bankName,
    // IBANs are printed in groups of four (DIN 5008).
    iban: profile.iban?.replace(/(.{4})(?=.)/g, '$1 ') ?? null,
    bic: profile.bic,
  };
}

/** The recipient in the address window; the country is printed only for recipients abroad. */
export function customerView(
  customer: {
    number: string;
    name: string;
    street: string;
    postalCode: string;
    city: string;
    countryCode: string;
    vatId: string | null;
  },
  attention: string | null,
  companyCountryCode: string,
  locale: DocumentLocale,
): CustomerView {
  return {
    number: customer.number,
    name: customer.name,
    attention,
    street: customer.street,
    postalCode: customer.postalCode,
    city: customer.city,
    countryName:
      customer.countryCode === companyCountryCode
        ? null
        : (new Intl.DisplayNames([locale], { type: 'region' }).of(customer.countryCode) ??
          customer.countryCode),
    vatId: customer.vatId,
  };
}

/** A person a letter is addressed to, with how they want to be greeted (if they said). */
export interface Addressee {
  name: string;
  salutation: 'ms' | 'mr' | null;
}

const SALUTATIONS = {
  de: {
    ms: (last: string) => `Sehr geehrte Frau ${last},`,
    mr: (last: string) => `Sehr geehrter Herr ${last},`,
    named: (name: string) => `Guten Tag ${name},`,
    nobody: 'Sehr geehrte Damen und Herren,',
  },
  en: {
    ms: (last: string) => `Dear Ms ${last},`,
    mr: (last: string) => `Dear Mr ${last},`,
    named: (name: string) => `Dear ${name},`,
    nobody: 'Dear Sir or Madam,',
  },
} as const;

/**
 * The greeting of a letter (DIN 5008): a named contact by salutation and surname, without a
 * salutation by full name (never guessing a gender), nobody named: "Damen und Herren".
 */
export function salutationOf(addressee: Addressee | null, locale: DocumentLocale): string {
  const texts = SALUTATIONS[locale];
  if (!addressee) return texts.nobody;
  const name = addressee.name.trim();
  if (!addressee.salutation) return texts.named(name);
  return texts[addressee.salutation](name.split(/\s+/).at(-1) ?? name);
}

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

import { Injectable } from '@nestjs/common';
import { centsToDecimal } from '../../common/money.js';
import type { PageQuery } from '../../common/pagination.js';
import { DocumentPreviewsService } from '../../documents/document-previews.service.js';
import type { CompanyView } from '../../documents/document-views.js';
import type { CompanyResponse } from '../company.dto.js';
import { CompanyService } from '../company.service.js';
import { LEGAL_FORMS } from '../legal-form.js';
import { SERVICE_UNITS } from '../units.js';
import type { PageLetterheadDto } from './admin-company-pages.dto.js';

/** The profile's text fields in the form's order, with their limits (the DTO's). */
const TEXT_FIELDS = [
  ['legalName', 200],
  ['street', 200],
  ['postalCode', 20],
  ['city', 100],
  ['countryCode', 2],
  ['vatId', 15],
  ['taxNumber', 30],
  ['commercialRegister', 200],
  ['managingDirectors', 300],
  ['email', 254],
  ['phone', 50],
  ['website', 200],
  ['iban', 34],
  ['bic', 11],
  ['bankName', 100],
] as const;
const NUMBER_FIELDS = [
  'paymentTermsDays',
  'billingIncrementMinutes',
  'workUnitMinutes',
  'projectLeadTimeDays',
] as const;
const LETTERHEAD_FIELDS = [
  'legalName',
  'street',
  'postalCode',
  'city',
  'countryCode',
  'email',
  'phone',
  'website',
  'vatId',
  'taxNumber',
  'commercialRegister',
  'managingDirectors',
  'bankName',
  'iban',
  'bic',
] as const satisfies readonly (keyof CompanyView)[];

/** The company profile form, its letterhead preview and the price list. */
@Injectable()
export class AdminCompanyPagesService {
  constructor(
    private readonly company: CompanyService,
    private readonly previews: DocumentPreviewsService,
  ) {}

  async profile() {
    const profile = await this.company.get();
    return {
      profile,
      textFields: TEXT_FIELDS.map(([name, max]) => ({ name, max, value: profile[name] ?? '' })),
      numberFields: NUMBER_FIELDS.map((name) => ({ name, value: profile[name] })),
      legalForms: LEGAL_FORMS,
      letterheadUrl: letterheadUrl(profile),
    };
  }

  /** The fragment htmx swaps in after a change: the preview of the values as typed. */
  letterheadFragment(dto: PageLetterheadDto) {
    return { letterheadUrl: letterheadUrl(dto) };
  }

  /**
   * A draft of the first document kind with the form's letterhead, nothing saved: a field the
   * form leaves out keeps its saved value, an emptied one prints empty.
   */
  async letterhead(dto: PageLetterheadDto): Promise<Buffer> {
    const saved = await this.company.get();
    const company = Object.fromEntries(
      LETTERHEAD_FIELDS.map((field) => [
        field,
        dto[field] === undefined ? saved[field] : dto[field],
      ]),
    ) as unknown as CompanyView;
    return this.previews.render(this.previews.letterheadKind(), saved.defaultLocale, company);
  }

  async priceList(query: PageQuery) {
    const services = await this.company.listServices({ ...query, skip: query.skip });
    // The rate as the form field shows it: "120.00" (the form takes a point or a comma).
    const items = services.items.map((s) => ({ ...s, rateText: centsToDecimal(s.rateCents) }));
    return { services: items, total: services.total, units: SERVICE_UNITS };
  }
}

/** The preview's address: the letterhead fields only (no CSRF token, no version in a URL). */
function letterheadUrl(values: Partial<Record<keyof CompanyResponse, unknown>>): string {
  const query = new URLSearchParams();
  for (const field of LETTERHEAD_FIELDS) {
    const value = values[field];
    if (typeof value === 'string') query.set(field, value);
    else if (value === null) query.set(field, '');
  }
  return `/console/admin/company/letterhead.pdf?${query.toString()}`;
}

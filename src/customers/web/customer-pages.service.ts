import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { PageQuery } from '../../common/pagination.js';
import { DocumentsService } from '../../documents/documents.service.js';
import { CONTRACT_KINDS, mayEditContracts } from '../contract-rules.js';
import { CreateCustomerDto, type ContractResponse } from '../customer.dto.js';
import { CONTACT_SALUTATIONS } from '../customer.entity.js';
import { CustomersService } from '../customers.service.js';
import type { CustomerPickerQuery } from './customer-pages.dto.js';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const LANGUAGES = ['de', 'en'] as const;

/** What every customer form offers to choose from. */
const CHOICES = {
  languages: LANGUAGES,
  salutations: CONTACT_SALUTATIONS,
  contractKinds: CONTRACT_KINDS,
  weekdays: WEEKDAYS,
};

/**
 * A contract's covered hours as the form's rows: its slots, then empty rows (a week's worth,
 * at least one) to add more; an empty row's weekday runs on from Monday.
 */
function hoursRows(slots: ContractResponse['coveredHours']) {
  const rows: Array<{ weekday: number; open: string; close: string }> = [...(slots ?? [])];
  const blanks = Math.max(WEEKDAYS.length - rows.length, 1);
  for (let i = 0; i < blanks; i++) rows.push({ weekday: (i % 7) + 1, open: '', close: '' });
  return rows.map((row, index) => ({ ...row, index }));
}

/** The customer pages' views, from the customers and documents services. */
@Injectable()
export class CustomerPagesService {
  constructor(
    private readonly customers: CustomersService,
    private readonly documents: DocumentsService,
  ) {}

  async search(actor: Actor, q?: string) {
    const query = Object.assign(new PageQuery(), {
      page: 1,
      pageSize: 50,
      q: q?.trim() || undefined,
    });
    const page = await this.customers.list(actor, query);
    return { customers: page.items, total: page.total, q: q ?? '' };
  }

  /** The picker's choices for a search as you type (the select and its count). */
  async picker(actor: Actor, query: CustomerPickerQuery) {
    const choices = await this.customers.choices(actor, query.customerQuery, undefined);
    return {
      id: query.picker,
      field: query.field,
      required: query.required === '1',
      empty: query.empty,
      choices,
    };
  }

  async show(actor: Actor, id: string) {
    const [customer, documents] = await Promise.all([
      this.customers.get(actor, id),
      this.documents.listForCustomer(actor, id),
    ]);
    const contracts = customer.contracts.map((c) => ({ ...c, hours: hoursRows(c.coveredHours) }));
    return {
      customer: { ...customer, contracts },
      documents,
      title: customer.name,
      can: { editContracts: mayEditContracts(actor) },
      newHours: hoursRows(null),
      ...CHOICES,
    };
  }

  /** The new-customer form, filled with what the API assumes when a field is left out. */
  newForm() {
    const { countryCode, language } = new CreateCustomerDto();
    return { customer: { countryCode, language }, ...CHOICES };
  }

  /** The edit form: the customer as stored now, with the version the form posts back. */
  async editForm(actor: Actor, id: string) {
    const customer = await this.customers.summary(actor, id);
    return { customer, title: customer.name, ...CHOICES };
  }
}

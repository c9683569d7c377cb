import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { PageQuery } from '../../common/pagination.js';
import { DocumentsService } from '../../documents/documents.service.js';
import { CustomersService } from '../customers.service.js';
import type { CustomerPickerQuery } from './customer-pages.dto.js';

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
    return { customer, documents, title: customer.name };
  }
}

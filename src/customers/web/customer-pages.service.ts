import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { PageQuery } from '../../common/pagination.js';
import { DocumentsService } from '../../documents/documents.service.js';
import { CustomersService } from '../customers.service.js';

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

  async show(actor: Actor, id: string) {
    const [customer, documents] = await Promise.all([
      this.customers.get(actor, id),
      this.documents.listForCustomer(actor, id),
    ]);
    return { customer, documents, title: customer.name };
  }
}

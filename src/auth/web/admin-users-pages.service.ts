import { Injectable } from '@nestjs/common';
import { ROLES, type Actor } from '../../common/access.js';
import type { PageQuery } from '../../common/pagination.js';
import { CustomersService } from '../../customers/customers.service.js';
import { UsersService } from '../users.service.js';

/** The admin's user list: the users service's page, with the customers a new user may belong to. */
@Injectable()
export class AdminUsersPagesService {
  constructor(
    private readonly users: UsersService,
    private readonly customers: CustomersService,
  ) {}

  async list(actor: Actor, query: PageQuery) {
    const [users, customers] = await Promise.all([
      this.users.list(query),
      // A select of the first 100 customers: customer users are few and made for known customers.
      this.customers.list(actor, { page: 1, pageSize: 100, skip: 0 }),
    ]);
    const names = new Map(customers.items.map((c) => [c.id, c.name]));
    const pages = Math.max(1, Math.ceil(users.total / users.pageSize));
    return {
      users: users.items.map((user) => ({
        ...user,
        self: user.id === actor.userId,
        customerName: user.customerId ? (names.get(user.customerId) ?? null) : null,
      })),
      customers: customers.items.map((c) => ({ id: c.id, label: `${c.number} · ${c.name}` })),
      roles: ROLES,
      pager: {
        page: users.page,
        pages,
        previous: users.page > 1 ? users.page - 1 : null,
        next: users.page < pages ? users.page + 1 : null,
      },
    };
  }
}

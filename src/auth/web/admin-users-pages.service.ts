import { Injectable } from '@nestjs/common';
import { ROLES, type Actor } from '../../common/access.js';
import { CustomersService } from '../../customers/customers.service.js';
import { UsersService } from '../users.service.js';
import type { UserListQuery } from './admin-pages.dto.js';

/** The admin's user list: the users service's page, and the new-user form's customer picker. */
@Injectable()
export class AdminUsersPagesService {
  constructor(
    private readonly users: UsersService,
    private readonly customers: CustomersService,
  ) {}

  /** `customerQuery`: the new-user form's customer search; `customerId`: a refused form's choice. */
  async list(actor: Actor, query: UserListQuery, customerId?: string) {
    const [users, customers] = await Promise.all([
      this.users.list(query),
      this.customers.choices(actor, query.customerQuery, customerId),
    ]);
    const names = await this.customers.names(
      actor,
      users.items.flatMap((user) => (user.customerId ? [user.customerId] : [])),
    );
    const pages = Math.max(1, Math.ceil(users.total / users.pageSize));
    return {
      users: users.items.map((user) => ({
        ...user,
        self: user.id === actor.userId,
        customerName: user.customerId ? (names.get(user.customerId) ?? null) : null,
      })),
      customers,
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

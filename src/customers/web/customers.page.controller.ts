import { Get, Query, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { CustomerPagesService } from './customer-pages.service.js';
import { CustomerPickerQuery, CustomerSearchQuery } from './customer-pages.dto.js';

const STAFF = ['admin', 'consultant', 'finance'] as const;

/** Customers: search and list, and one customer with contacts, contracts and documents. */
@PageController('console/customers')
export class CustomersPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: CustomerPagesService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/console/customers',
      label: 'customers.nav.customers',
      roles: [...STAFF],
      order: 30,
    });
  }

  /** The full page, or (htmx search as you type) only the result table. */
  @Get()
  @PageRoles(...STAFF)
  async list(
    @CurrentPage() page: SignedInPage,
    @Query() query: CustomerSearchQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.search(page.actor, query.q);
    if (page.htmx) this.renderer.fragment(res, 'customers/results', view, page);
    else this.renderer.page(res, 'customers/list', view, page);
  }

  /** A form's customer picker, searched as you type: the select with the matches (htmx). */
  @Get('picker')
  @PageRoles(...STAFF)
  async picker(
    @CurrentPage() page: SignedInPage,
    @Query() query: CustomerPickerQuery,
    @Res() res: Response,
  ) {
    this.renderer.fragment(
      res,
      'customers/picker',
      await this.pages.picker(page.actor, query),
      page,
    );
  }

  @Get(':id')
  @PageRoles(...STAFF)
  async show(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    const view = await this.pages.show(page.actor, id);
    this.renderer.page(res, 'customers/show', view, page);
  }
}

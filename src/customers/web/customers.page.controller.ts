import { Body, Get, Post, Query, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { CustomersService } from '../customers.service.js';
import { CustomerPagesService } from './customer-pages.service.js';
import {
  CustomerPickerQuery,
  CustomerSearchQuery,
  PageCustomerDto,
  PageCustomerUpdateDto,
} from './customer-pages.dto.js';

const STAFF = ['admin', 'consultant', 'finance'] as const;
const show = (id: string) => `/console/customers/${id}`;

/**
 * Customers: search and list, one customer with contacts, contracts and documents, and the
 * forms that create and edit a customer (contacts and contracts: customer-parts controller).
 */
@PageController('console/customers')
export class CustomersPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: CustomerPagesService,
    private readonly customers: CustomersService,
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

  @Get('new')
  @PageRoles(...STAFF)
  newForm(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    this.renderer.page(res, 'customers/new', this.pages.newForm(), page);
  }

  @Post('new')
  @PageRoles(...STAFF)
  async create(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageCustomerDto,
    @Res() res: Response,
  ) {
    const customer = await this.customers.create(page.actor, dto);
    await this.renderer.redirect(res, page, show(customer.id), 'customers.notice.created');
  }

  @Get(':id/edit')
  @PageRoles(...STAFF)
  async editForm(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    this.renderer.page(res, 'customers/edit', await this.pages.editForm(page.actor, id), page);
  }

  /** The version the form was rendered from: a stale one is "changed by someone else". */
  @Post(':id/edit')
  @PageRoles(...STAFF)
  async update(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageCustomerUpdateDto,
    @Res() res: Response,
  ) {
    await this.customers.update(page.actor, id, dto);
    await this.renderer.redirect(res, page, show(id), 'customers.notice.saved');
  }

  @Get(':id')
  @PageRoles(...STAFF)
  async show(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    const view = await this.pages.show(page.actor, id);
    this.renderer.page(res, 'customers/show', view, page);
  }
}

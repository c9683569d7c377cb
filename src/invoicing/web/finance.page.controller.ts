import { Get, Query, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { KeysetPageQuery } from '../../common/pagination.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { InvoiceListQuery } from './finance-pages.dto.js';
import { FinancePagesService } from './finance-pages.service.js';

export const FINANCE = ['finance', 'admin'] as const;

/** The finance workspace: what waits, receivables by age, revenue; the invoice lists. */
@PageController('console/finance')
export class FinancePageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: FinancePagesService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/console/finance',
      label: 'finance.nav.finance',
      roles: [...FINANCE],
      order: 40,
    });
  }

  @Get()
  @PageRoles(...FINANCE)
  async home(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    this.renderer.page(res, 'finance/home', await this.pages.home(page.actor, page.locale), page);
  }

  /** Filtered and keyset-paged; the totals are of everything the filter matches. */
  @Get('invoices')
  @PageRoles(...FINANCE)
  async invoices(
    @CurrentPage() page: SignedInPage,
    @Query() query: InvoiceListQuery,
    @Res() res: Response,
  ) {
    this.renderer.page(res, 'finance/invoices', await this.pages.invoices(page.actor, query), page);
  }

  @Get('open')
  @PageRoles(...FINANCE)
  async open(
    @CurrentPage() page: SignedInPage,
    @Query() query: KeysetPageQuery,
    @Res() res: Response,
  ) {
    this.renderer.page(res, 'finance/open', await this.pages.open(page.actor, false, query), page);
  }

  @Get('overdue')
  @PageRoles(...FINANCE)
  async overdue(
    @CurrentPage() page: SignedInPage,
    @Query() query: KeysetPageQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.open(page.actor, true, query);
    const title = this.renderer.label(page.locale, 'finance.open.overdueTitle');
    this.renderer.page(res, 'finance/open', { ...view, title }, page);
  }
}

import { Body, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import { PageQuery } from '../../common/pagination.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { CompanyService } from '../company.service.js';
import { PageServiceRateDto, PageUpdateServiceRateDto } from './admin-company-pages.dto.js';
import { AdminCompanyPagesService } from './admin-company-pages.service.js';

const LIST = '/console/admin/price-list';

/** The price list (Verrechnungssätze): add a service, change it, retire it. */
@PageController('console/admin/price-list')
export class AdminPriceListPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly company: CompanyService,
    private readonly pages: AdminCompanyPagesService,
  ) {}

  @Get()
  @PageRoles('admin')
  async list(@CurrentPage() page: SignedInPage, @Query() query: PageQuery, @Res() res: Response) {
    this.renderer.page(res, 'admin/price-list', await this.pages.priceList(query), page);
  }

  @Post()
  @PageRoles('admin')
  async create(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageServiceRateDto,
    @Res() res: Response,
  ) {
    await this.company.createService(page.actor, dto);
    await this.renderer.redirect(res, page, LIST, 'admin.priceList.created');
  }

  @Post(':id')
  @PageRoles('admin')
  async update(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageUpdateServiceRateDto,
    @Res() res: Response,
  ) {
    await this.company.updateService(page.actor, id, dto);
    await this.renderer.redirect(res, page, LIST, 'admin.priceList.saved');
  }
}

import { Body, Get, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SignedInPage } from '../../web/page-context.js';
import { FormNumber } from '../../web/form-fields.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { InvoiceAdminService } from '../invoice-admin.service.js';
import { UpdateInvoiceSeriesDto } from '../invoice.dto.js';

/** The series form: the API's DTO, the version arriving as text. */
export class PageSeriesDto extends UpdateInvoiceSeriesDto {}
FormNumber()(PageSeriesDto.prototype, 'version');

const LIST = '/console/admin/number-series';

/** Invoice number series: the pattern of each, and the number the next invoice would get. */
@PageController('console/admin/number-series')
export class AdminSeriesPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly admin: InvoiceAdminService,
  ) {}

  @Get()
  @PageRoles('admin')
  async list(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    this.renderer.page(res, 'admin/number-series', { series: await this.admin.series() }, page);
  }

  @Post(':key')
  @PageRoles('admin')
  async update(
    @CurrentPage() page: SignedInPage,
    @Param('key') key: string,
    @Body() dto: PageSeriesDto,
    @Res() res: Response,
  ) {
    await this.admin.updateSeries(page.actor, key, dto);
    await this.renderer.redirect(res, page, LIST, 'admin.series.saved');
  }
}

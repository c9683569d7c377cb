import { Body, Get, HttpCode, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { CompanyService } from '../company.service.js';
import { PageCompanyDto, PageLetterheadDto } from './admin-company-pages.dto.js';
import { AdminCompanyPagesService } from './admin-company-pages.service.js';

const pdf = (bytes: Buffer) =>
  new StreamableFile(bytes, { type: 'application/pdf', disposition: 'inline' });

/**
 * The company profile with a live letterhead preview. The finance pages link here when the
 * §14 UStG check refuses an invoice, so the address stays /console/admin/company.
 */
@PageController('console/admin/company')
export class AdminCompanyPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly company: CompanyService,
    private readonly pages: AdminCompanyPagesService,
  ) {}

  @Get()
  @PageRoles('admin')
  async show(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    this.renderer.page(res, 'admin/company', await this.pages.profile(), page);
  }

  @Post()
  @PageRoles('admin')
  async save(@CurrentPage() page: SignedInPage, @Body() dto: PageCompanyDto, @Res() res: Response) {
    await this.company.update(page.actor, dto);
    await this.renderer.redirect(res, page, '/console/admin/company', 'admin.company.saved');
  }

  /** htmx, after a change in the form: the preview of the values as typed. */
  @Get('letterhead')
  @PageRoles('admin')
  letterheadFragment(
    @CurrentPage() page: SignedInPage,
    @Query() dto: PageLetterheadDto,
    @Res() res: Response,
  ) {
    this.renderer.fragment(res, 'admin/letterhead', this.pages.letterheadFragment(dto), page);
  }

  /** The draft PDF the preview shows (nothing is saved). */
  @Get('letterhead.pdf')
  @PageRoles('admin')
  async letterhead(@Query() dto: PageLetterheadDto): Promise<StreamableFile> {
    return pdf(await this.pages.letterhead(dto));
  }

  /** Without JavaScript: the form's "preview" button posts the values here. */
  @Post('letterhead.pdf')
  @HttpCode(200)
  @PageRoles('admin')
  async letterheadFromForm(@Body() dto: PageLetterheadDto): Promise<StreamableFile> {
    return pdf(await this.pages.letterhead(dto));
  }
}

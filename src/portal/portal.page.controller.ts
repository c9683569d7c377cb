import { Get, Query, Res, StreamableFile, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../common/id-param.js';
import type { SignedInPage } from '../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../web/page-decorators.js';
import { WebRenderer } from '../web/web-renderer.service.js';
import { PortalFilesQuery, PortalHomeQuery } from './portal.dto.js';
import { PortalReadsService } from './portal-reads.service.js';

/** The customer portal's pages: my projects, a project to read and decide, documents and invoices. */
@PageController('portal')
export class PortalPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly reads: PortalReadsService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/portal',
      label: 'portal.nav.projects',
      roles: ['customer'],
      order: 10,
    });
    this.renderer.registerNav({
      href: '/portal/documents',
      label: 'portal.nav.documents',
      roles: ['customer'],
      order: 20,
    });
  }

  @Get()
  @PageRoles('customer')
  async home(
    @CurrentPage() page: SignedInPage,
    @Query() query: PortalHomeQuery,
    @Res() res: Response,
  ): Promise<void> {
    this.renderer.page(res, 'portal/home', await this.reads.home(page.actor, query.after), page);
  }

  @Get('projects/:id')
  @PageRoles('customer')
  async project(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Res() res: Response,
  ): Promise<void> {
    this.renderer.page(res, 'portal/project', await this.reads.project(page.actor, id), page);
  }

  @Get('documents')
  @PageRoles('customer')
  async files(
    @CurrentPage() page: SignedInPage,
    @Query() query: PortalFilesQuery,
    @Res() res: Response,
  ): Promise<void> {
    this.renderer.page(res, 'portal/documents', await this.reads.files(page.actor, query), page);
  }

  /** A document to read on any screen: its pages drawn by pdf.js, and the download. */
  @Get('documents/:id')
  @PageRoles('customer')
  async document(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Res() res: Response,
  ): Promise<void> {
    const document = await this.reads.document(page.actor, id);
    this.renderer.page(res, 'portal/document', { document, title: document.title }, page);
  }

  @Get('documents/:id/pdf')
  @PageRoles('customer')
  documentPdf(@CurrentPage() page: SignedInPage, @IdParam() id: string): Promise<StreamableFile> {
    return this.reads.documentPdf(page.actor, id);
  }

  @Get('invoices/:id/pdf')
  @PageRoles('customer')
  invoicePdf(@CurrentPage() page: SignedInPage, @IdParam() id: string): Promise<StreamableFile> {
    return this.reads.invoicePdf(page.actor, id);
  }

  /** The e-invoice (ZUGFeRD/XRechnung CII) for the customer's accounting. */
  @Get('invoices/:id/xml')
  @PageRoles('customer')
  invoiceXml(@CurrentPage() page: SignedInPage, @IdParam() id: string): Promise<StreamableFile> {
    return this.reads.invoiceXml(page.actor, id);
  }
}

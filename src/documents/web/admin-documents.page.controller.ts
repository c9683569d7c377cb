import { Get, Header, Param, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { IsIn, Matches } from 'class-validator';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { DocumentPreviewsService } from '../document-previews.service.js';
import { DOCUMENT_LOCALES, type DocumentLocale } from '../document-views.js';

class PreviewParams {
  @Matches(/^[a-z][a-z-]{1,40}$/) kind!: string;
  @IsIn(DOCUMENT_LOCALES) locale!: DocumentLocale;
}

/** Every document kind in both languages, as watermarked drafts from sample data. */
@PageController('console/admin/documents')
export class AdminDocumentsPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly previews: DocumentPreviewsService,
  ) {}

  @Get()
  @PageRoles('admin')
  list(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    this.renderer.page(res, 'admin/documents', { kinds: this.previews.list() }, page);
  }

  @Get(':kind/:locale.pdf')
  @PageRoles('admin')
  @Header('Content-Type', 'application/pdf')
  async preview(@Param() params: PreviewParams): Promise<StreamableFile> {
    const bytes = await this.previews.render(params.kind, params.locale);
    return new StreamableFile(bytes, { type: 'application/pdf', disposition: 'inline' });
  }
}

import { Body, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { articleBlocks } from '../article-text.js';
import { ArticlesService } from '../articles.service.js';
import { ARTICLE_VISIBILITIES } from '../support-settings.entity.js';
import { ArticleListQuery, PageArticleForm } from './support-pages.dto.js';
import { SupportPagesService } from './support-pages.service.js';
import { SUPPORT_STAFF } from './support-queue.page.controller.js';

/**
 * The knowledge base for staff: the articles with their visibility and feedback, and an editor
 * whose preview (action=preview) shows the text in the blocks the portal shows, without saving.
 */
@PageController('console/support/articles')
export class SupportKbPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: SupportPagesService,
    private readonly articles: ArticlesService,
  ) {}

  @Get()
  @PageRoles(...SUPPORT_STAFF)
  async list(
    @CurrentPage() page: SignedInPage,
    @Query() query: ArticleListQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.articleList(page.actor, query.page);
    this.renderer.page(res, 'support/articles', view, page);
  }

  @Get('new')
  @PageRoles(...SUPPORT_STAFF)
  create(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    this.renderer.page(res, 'support/article-edit', editView(null), page);
  }

  @Post()
  @PageRoles(...SUPPORT_STAFF)
  async save(
    @CurrentPage() page: SignedInPage,
    @Body() form: PageArticleForm,
    @Res() res: Response,
  ) {
    if (form.action === 'preview') {
      this.renderer.page(res, 'support/article-edit', editView(null, form), page);
      return;
    }
    const { action: _action, version: _version, ...dto } = form;
    const article = await this.articles.create(page.actor, dto);
    await this.renderer.redirect(
      res,
      page,
      `/console/support/articles/${article.id}`,
      'support.notice.articleSaved',
    );
  }

  @Get(':id')
  @PageRoles(...SUPPORT_STAFF)
  async edit(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    const article = await this.articles.get(page.actor, id);
    this.renderer.page(res, 'support/article-edit', editView(id, article), page);
  }

  @Post(':id')
  @PageRoles(...SUPPORT_STAFF)
  async update(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PageArticleForm,
    @Res() res: Response,
  ) {
    if (form.action === 'preview') {
      this.renderer.page(res, 'support/article-edit', editView(id, form), page);
      return;
    }
    const { action: _action, version, ...dto } = form;
    await this.articles.update(page.actor, id, { ...dto, version: version ?? 0 });
    await this.renderer.redirect(
      res,
      page,
      `/console/support/articles/${id}`,
      'support.notice.articleSaved',
    );
  }
}

/** The editor with the text as typed (never saved by a preview) and its preview blocks. */
function editView(
  id: string | null,
  article?: { title: string; body: string; visibility: string; version?: number },
) {
  return {
    id,
    article: article ?? { title: '', body: '', visibility: 'public' },
    preview: article ? articleBlocks(article.body) : null,
    visibilities: ARTICLE_VISIBILITIES,
  };
}

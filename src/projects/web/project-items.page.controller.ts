import { Body, Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { ProjectDraftsService } from '../project-drafts.service.js';
import { ProjectsService } from '../projects.service.js';
import { euroTextToCents, PageItemUpdateDto, PreviewQuery } from './project-pages.dto.js';
import { ProjectPagesService } from './project-pages.service.js';

const STAFF = ['admin', 'consultant'] as const;

/**
 * Estimate lines edited in place. Without JavaScript: an edit page, post → redirect → get.
 * With htmx: the row turns into its form, and saving answers the estimate table (lines and
 * the estimate code's totals) as a fragment, with the project's new version in `HX-Trigger` so
 * the page's other forms stay current.
 */
@PageController('console/projects/:id')
export class ProjectItemsPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly projects: ProjectsService,
    private readonly drafts: ProjectDraftsService,
    private readonly pages: ProjectPagesService,
  ) {}

  @Get('estimate')
  @PageRoles(...STAFF)
  async estimate(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    const project = await this.projects.get(page.actor, id);
    if (!page.htmx) return res.redirect(303, `/console/projects/${id}#estimate`);
    this.renderer.fragment(res, 'projects/estimate-table', this.pages.estimateTable(project), page);
  }

  /**
   * Live totals while a line's quantity or price is typed (htmx): the totals fragment with the
   * line as typed, nothing saved; 204 (the totals stay) while the line is not valid yet.
   */
  @Post('estimate/preview')
  @PageRoles(...STAFF)
  async previewTotals(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Query() query: PreviewQuery,
    @Body() form: Record<string, unknown>,
    @Res() res: Response,
  ) {
    const view = await this.pages.estimatePreview(page.actor, id, query.item, form);
    if (!view) return res.status(204).end();
    this.renderer.fragment(res, 'projects/estimate-totals', view, page);
  }

  @Get('items/:itemId/edit')
  @PageRoles(...STAFF)
  async editItem(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Res() res: Response,
  ) {
    const view = await this.pages.itemEdit(page.actor, id, itemId, page.locale);
    if (page.htmx) this.renderer.fragment(res, 'projects/item-row', view, page);
    else this.renderer.page(res, 'projects/item-edit', view, page);
  }

  @Post('items/:itemId')
  @PageRoles(...STAFF)
  async updateItem(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: PageItemUpdateDto,
    @Res() res: Response,
  ) {
    const { unitPrice, ...item } = dto;
    const price = unitPrice === undefined ? {} : { unitPriceCents: euroTextToCents(unitPrice) };
    const project = await this.drafts.updateItem(page.actor, id, itemId, { ...item, ...price });
    if (!page.htmx) {
      return this.renderer.redirect(
        res,
        page,
        `/console/projects/${id}#estimate`,
        'projects.notice.saved',
      );
    }
    res.setHeader('HX-Trigger', JSON.stringify({ projectVersion: { version: project.version } }));
    this.renderer.fragment(res, 'projects/estimate-table', this.pages.estimateTable(project), page);
  }
}

import { Body, Get, Post, Query, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { ProjectsService } from '../projects.service.js';
import {
  NewProjectQuery,
  PageCreateProjectDto,
  ProjectListPageQuery,
  ProjectPickerQuery,
} from './project-pages.dto.js';
import { ProjectPagesService } from './project-pages.service.js';

const STAFF = ['admin', 'consultant'] as const;
/** Finance reads projects (what is to be invoiced); only consultants and admins change them. */
const READERS = ['admin', 'consultant', 'finance'] as const;

/** The consultant's project list, the new-project form and the project page. */
@PageController('console/projects')
export class ProjectsPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: ProjectPagesService,
    private readonly projects: ProjectsService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/console/projects',
      label: 'projects.nav.projects',
      roles: [...READERS],
      order: 20,
    });
  }

  @Get()
  @PageRoles(...READERS)
  async list(
    @CurrentPage() page: SignedInPage,
    @Query() query: ProjectListPageQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.list(page.actor, query.customerId, query.after);
    // The customer page loads the table alone with htmx.
    if (page.htmx) this.renderer.fragment(res, 'projects/table', view, page);
    else this.renderer.page(res, 'projects/list', view, page);
  }

  @Get('new')
  @PageRoles(...STAFF)
  async newForm(
    @CurrentPage() page: SignedInPage,
    @Query() query: NewProjectQuery,
    @Res() res: Response,
  ) {
    const chosen = page.flash?.values?.customerId ?? query.customerId;
    const view = await this.pages.newProject(page.actor, chosen, query.customerQuery);
    this.renderer.page(res, 'projects/new', view, page);
  }

  /** A form's project picker, searched as you type: the select with the matches (htmx). */
  @Get('picker')
  @PageRoles(...READERS)
  async picker(
    @CurrentPage() page: SignedInPage,
    @Query() query: ProjectPickerQuery,
    @Res() res: Response,
  ) {
    this.renderer.fragment(
      res,
      'projects/picker',
      await this.pages.picker(page.actor, query),
      page,
    );
  }

  @Post('new')
  @PageRoles(...STAFF)
  async create(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageCreateProjectDto,
    @Res() res: Response,
  ) {
    const project = await this.projects.create(page.actor, dto);
    await this.renderer.redirect(
      res,
      page,
      `/console/projects/${project.id}`,
      'projects.notice.created',
    );
  }

  @Get(':id')
  @PageRoles(...READERS)
  async show(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Query('documentsAfter') documentsAfter: string | undefined,
    @Res() res: Response,
  ) {
    const view = await this.pages.show(page.actor, id, documentsAfter);
    this.renderer.page(res, 'projects/show', view, page);
  }
}

import { Body, Param, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { ProjectDraftsService } from '../project-drafts.service.js';
import { ProjectWorkflowService } from '../project-workflow.service.js';
import { ProjectsService } from '../projects.service.js';
import {
  euroTextToCents,
  PageConceptDto,
  PageItemDto,
  PageMoveDto,
  PageRequirementDto,
  PageRequirementUpdateDto,
  PageReasonDto,
  PageScheduleDto,
  PageVersionDto,
} from './project-pages.dto.js';
import { ProjectPagesService } from './project-pages.service.js';
import { PagePaperDecisionDto } from './project-work-pages.dto.js';

const STAFF = ['admin', 'consultant'] as const;
const back = (id: string, anchor = '') => `/console/projects/${id}${anchor}`;

/**
 * The project page's forms: concept paper, requirements, estimate lines, stage buttons. Each
 * posts the project version it was rendered from; a stale one is the service's 409, shown as
 * "changed by someone else — reload".
 */
@PageController('console/projects/:id')
export class ProjectEditPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly projects: ProjectsService,
    private readonly drafts: ProjectDraftsService,
    private readonly workflow: ProjectWorkflowService,
    private readonly pages: ProjectPagesService,
  ) {}

  @Post('concept')
  @PageRoles(...STAFF)
  async concept(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageConceptDto,
    @Res() res: Response,
  ) {
    await this.projects.update(page.actor, id, dto);
    await this.renderer.redirect(res, page, back(id, '#concept'), 'projects.notice.saved');
  }

  @Post('requirements')
  @PageRoles(...STAFF)
  async addRequirement(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageRequirementDto,
    @Res() res: Response,
  ) {
    await this.drafts.addRequirement(page.actor, id, dto);
    await this.renderer.redirect(res, page, back(id, '#requirements'), 'projects.notice.saved');
  }

  @Post('requirements/:requirementId')
  @PageRoles(...STAFF)
  async updateRequirement(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('requirementId') requirementId: string,
    @Body() dto: PageRequirementUpdateDto,
    @Res() res: Response,
  ) {
    await this.drafts.updateRequirement(page.actor, id, requirementId, dto);
    await this.renderer.redirect(res, page, back(id, '#requirements'), 'projects.notice.saved');
  }

  /** Up/down on the concept paper: the API's position update, same lock and audit. */
  @Post('requirements/:requirementId/move')
  @PageRoles(...STAFF)
  async moveRequirement(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('requirementId') requirementId: string,
    @Body() dto: PageMoveDto,
    @Res() res: Response,
  ) {
    await this.drafts.updateRequirement(page.actor, id, requirementId, dto);
    await this.renderer.redirect(res, page, back(id, '#requirements'), 'projects.notice.saved');
  }

  @Post('requirements/:requirementId/delete')
  @PageRoles(...STAFF)
  async removeRequirement(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('requirementId') requirementId: string,
    @Body() dto: PageVersionDto,
    @Res() res: Response,
  ) {
    await this.drafts.removeRequirement(page.actor, id, requirementId, dto.version);
    await this.renderer.redirect(res, page, back(id, '#requirements'), 'projects.notice.saved');
  }

  @Post('items')
  @PageRoles(...STAFF)
  async addItem(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageItemDto,
    @Res() res: Response,
  ) {
    const { unitPrice, ...item } = dto;
    const price = unitPrice === undefined ? {} : { unitPriceCents: euroTextToCents(unitPrice) };
    await this.drafts.addItem(page.actor, id, { ...item, ...price });
    await this.renderer.redirect(res, page, back(id, '#estimate'), 'projects.notice.saved');
  }

  @Post('items/:itemId/delete')
  @PageRoles(...STAFF)
  async removeItem(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: PageVersionDto,
    @Res() res: Response,
  ) {
    await this.drafts.removeItem(page.actor, id, itemId, dto.version);
    await this.renderer.redirect(res, page, back(id, '#estimate'), 'projects.notice.saved');
  }

  @Post('schedule')
  @PageRoles(...STAFF)
  async schedule(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageScheduleDto,
    @Res() res: Response,
  ) {
    await this.workflow.schedule(page.actor, id, dto);
    await this.renderer.redirect(res, page, back(id), 'projects.notice.done');
  }

  @Post('withdraw')
  @PageRoles(...STAFF)
  async withdraw(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageReasonDto,
    @Res() res: Response,
  ) {
    await this.workflow.withdraw(page.actor, id, dto);
    await this.renderer.redirect(res, page, back(id), 'projects.notice.done');
  }

  @Post('cancel')
  @PageRoles(...STAFF)
  async cancel(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageReasonDto,
    @Res() res: Response,
  ) {
    await this.workflow.cancel(page.actor, id, dto);
    await this.renderer.redirect(res, page, back(id), 'projects.notice.done');
  }

  /** The customer's decision given on paper (or by e-mail, phone, in person). */
  @Post('paper-decision')
  @PageRoles(...STAFF)
  async paperDecision(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PagePaperDecisionDto,
    @Res() res: Response,
  ) {
    await this.pages.recordPaperDecision(page.actor, id, dto);
    await this.renderer.redirect(res, page, back(id), 'projects.notice.done');
  }

  @Post('actions/:action')
  @PageRoles(...STAFF)
  async act(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Param('action') action: string,
    @Body() dto: PageVersionDto,
    @Res() res: Response,
  ) {
    await this.pages.act(page.actor, id, action, dto.version);
    await this.renderer.redirect(res, page, back(id), 'projects.notice.done');
  }
}

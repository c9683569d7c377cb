import { Body, Get, Header, Post, Query, Res, StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import { DocumentsService } from '../../documents/documents.service.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { ChangeRequestsService } from '../change-requests.service.js';
import { ProjectDocumentsService } from '../project-documents.service.js';
import { ProjectTimeService } from '../project-time.service.js';
import { ProjectWorkflowService } from '../project-workflow.service.js';
import { QaService } from '../qa.service.js';
import {
  DraftQuery,
  FileQuery,
  PageChangeRequestDto,
  PageQaCheckDto,
  PageRescheduleDto,
  PageTimeDto,
  RevisionsQuery,
  toChangeRequest,
  toLogTime,
} from './project-work-pages.dto.js';
import { ProjectPagesService } from './project-pages.service.js';

const STAFF = ['admin', 'consultant'] as const;
const READERS = ['admin', 'consultant', 'finance'] as const;
const back = (id: string, anchor: string) => `/console/projects/${id}${anchor}`;

/** The project page's work sections: revisions, documents, schedule, time, QA, change requests. */
@PageController('console/projects/:id')
export class ProjectWorkPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: ProjectPagesService,
    private readonly documents: DocumentsService,
    private readonly projectDocuments: ProjectDocumentsService,
    private readonly workflow: ProjectWorkflowService,
    private readonly time: ProjectTimeService,
    private readonly qa: QaService,
    private readonly changeRequests: ChangeRequestsService,
  ) {}

  /** The revisions, and the changes between any two of them side by side. */
  @Get('revisions')
  @PageRoles(...READERS)
  async revisions(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Query() query: RevisionsQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.revisions(page.actor, id, query.from, query.to);
    this.renderer.page(res, 'projects/revisions', view, page);
  }

  /** The audit trail: the project page's section loads it when opened (htmx); without JS a page. */
  @Get('trail')
  @PageRoles(...READERS)
  async trail(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    const view = await this.pages.trail(page.actor, id);
    if (page.htmx) this.renderer.fragment(res, 'projects/trail-entries', view, page);
    else this.renderer.page(res, 'projects/trail', view, page);
  }

  /** A stored document: shown inline (preview) or, with ?download=1, saved as a file. */
  @Get('documents/:documentId/pdf')
  @PageRoles(...READERS)
  document(
    @CurrentPage() page: SignedInPage,
    @IdParam('documentId') documentId: string,
    @Query() query: FileQuery,
  ): Promise<StreamableFile> {
    return this.documents.download(page.actor, documentId, query.download === '1');
  }

  /** The current content as a watermarked draft ("Entwurf"), not stored. */
  @Get('draft.pdf')
  @PageRoles(...STAFF)
  @Header('Content-Type', 'application/pdf')
  async draft(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Query() query: DraftQuery,
  ): Promise<StreamableFile> {
    const bytes = await this.projectDocuments.draft(page.actor, id, query.kind);
    return new StreamableFile(bytes, { type: 'application/pdf', disposition: 'inline' });
  }

  @Post('reschedule')
  @PageRoles(...STAFF)
  async reschedule(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageRescheduleDto,
    @Res() res: Response,
  ) {
    await this.workflow.reschedule(page.actor, id, dto);
    await this.renderer.redirect(res, page, back(id, '#schedule'), 'projects.notice.saved');
  }

  @Post('time')
  @PageRoles(...STAFF)
  async logTime(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageTimeDto,
    @Res() res: Response,
  ) {
    await this.time.logTime(page.actor, id, toLogTime(dto));
    await this.renderer.redirect(res, page, back(id, '#time'), 'projects.notice.saved');
  }

  @Post('qa-checks/:checkId')
  @PageRoles(...STAFF)
  async recordQaCheck(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('checkId') checkId: string,
    @Body() dto: PageQaCheckDto,
    @Res() res: Response,
  ) {
    await this.qa.recordCheck(page.actor, id, checkId, dto);
    await this.renderer.redirect(res, page, back(id, '#qa'), 'projects.notice.saved');
  }

  @Post('change-requests')
  @PageRoles(...STAFF)
  async draftChangeRequest(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageChangeRequestDto,
    @Res() res: Response,
  ) {
    await this.changeRequests.create(page.actor, id, toChangeRequest(dto));
    await this.renderer.redirect(res, page, back(id, '#change-requests'), 'projects.notice.saved');
  }

  @Post('change-requests/:crId/send')
  @PageRoles(...STAFF)
  async sendChangeRequest(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('crId') crId: string,
    @Res() res: Response,
  ) {
    await this.changeRequests.send(page.actor, id, crId);
    await this.renderer.redirect(res, page, back(id, '#change-requests'), 'projects.notice.done');
  }
}

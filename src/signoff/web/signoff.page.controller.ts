import { Body, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { SignoffRequestsService } from '../signoff-requests.service.js';
import { PageRevokeSignoffDto, PageSendSignoffDto } from './signoff-pages.dto.js';
import { SignoffPagesService } from './signoff-pages.service.js';

const STAFF = ['admin', 'consultant'] as const;
const here = (id: string) => `/console/projects/${id}/signoffs`;

/** A project's sign-offs: send for sign-off, who opened and decided, resend and revoke. */
@PageController('console/projects/:id/signoffs')
export class SignoffPageConsoleController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: SignoffPagesService,
    private readonly requests: SignoffRequestsService,
  ) {}

  @Get()
  @PageRoles(...STAFF)
  async show(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    const view = await this.pages.view(page.actor, id);
    this.renderer.page(res, 'signoff/project', view, page);
  }

  @Post()
  @PageRoles(...STAFF)
  async send(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageSendSignoffDto,
    @Res() res: Response,
  ) {
    await this.pages.send(page.actor, id, dto);
    await this.renderer.redirect(res, page, here(id), 'signoff.notice.sent');
  }

  @Post(':requestId/resend')
  @PageRoles(...STAFF)
  async resend(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('requestId') requestId: string,
    @Res() res: Response,
  ) {
    await this.pages.resend(page.actor, id, requestId);
    await this.renderer.redirect(res, page, here(id), 'signoff.notice.sent');
  }

  @Post(':requestId/revoke')
  @PageRoles(...STAFF)
  async revoke(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('requestId') requestId: string,
    @Body() dto: PageRevokeSignoffDto,
    @Res() res: Response,
  ) {
    await this.requests.revoke(page.actor, requestId, dto);
    await this.renderer.redirect(res, page, here(id), 'signoff.notice.revoked');
  }
}

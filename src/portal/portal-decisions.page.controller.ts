import { Body, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { IdParam } from '../common/id-param.js';
import type { SignedInPage } from '../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../web/page-decorators.js';
import { WebRenderer } from '../web/web-renderer.service.js';
import { PortalDecisionsService } from './portal-decisions.service.js';
import {
  PortalAcceptForm,
  PortalApproveForm,
  PortalChangeRequestApproveForm,
  PortalChangeRequestRejectForm,
  PortalRejectForm,
  PortalRequestChangesForm,
} from './portal.dto.js';

/**
 * The customer's decisions as forms (post → redirect → get). A refused decision — wrong stage,
 * someone else's change, a missing consent — goes back to the project page with the message.
 */
@PageController('portal/projects/:id')
export class PortalDecisionsPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly decisions: PortalDecisionsService,
  ) {}

  @Post('approve')
  @PageRoles('customer')
  async approve(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PortalApproveForm,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.decisions.approve(page.actor, id, form, clientOf(req));
    await this.renderer.redirect(res, page, projectPath(id), 'portal.notice.approved');
  }

  @Post('request-changes')
  @PageRoles('customer')
  async requestChanges(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PortalRequestChangesForm,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.decisions.requestChanges(page.actor, id, form, clientOf(req));
    await this.renderer.redirect(res, page, projectPath(id), 'portal.notice.changesRequested');
  }

  @Post('accept')
  @PageRoles('customer')
  async accept(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PortalAcceptForm,
    @Res() res: Response,
  ): Promise<void> {
    await this.decisions.accept(page.actor, id, form);
    await this.renderer.redirect(res, page, projectPath(id), 'portal.notice.accepted');
  }

  @Post('reject')
  @PageRoles('customer')
  async reject(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PortalRejectForm,
    @Res() res: Response,
  ): Promise<void> {
    await this.decisions.reject(page.actor, id, form);
    await this.renderer.redirect(res, page, projectPath(id), 'portal.notice.rejected');
  }

  @Post('change-requests/:crId/approve')
  @PageRoles('customer')
  async approveChangeRequest(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('crId') crId: string,
    @Body() form: PortalChangeRequestApproveForm,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.decisions.approveChangeRequest(page.actor, id, crId, form, clientOf(req));
    await this.renderer.redirect(res, page, projectPath(id), 'portal.notice.changeApproved');
  }

  @Post('change-requests/:crId/reject')
  @PageRoles('customer')
  async rejectChangeRequest(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @IdParam('crId') crId: string,
    @Body() form: PortalChangeRequestRejectForm,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    await this.decisions.rejectChangeRequest(page.actor, id, crId, form, clientOf(req));
    await this.renderer.redirect(res, page, projectPath(id), 'portal.notice.changeRejected');
  }
}

const projectPath = (id: string) => `/portal/projects/${id}`;

/** The signer's address (per TRUST_PROXY) and browser: evidence of a sign-off decision. */
const clientOf = (req: Request) => ({
  ip: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  userAgent: req.get('user-agent') ?? '',
});

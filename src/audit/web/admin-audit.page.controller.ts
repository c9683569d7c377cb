import { Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { AuditQuery } from '../audit.dto.js';
import { Transform } from 'class-transformer';
import { AuditService } from '../audit.service.js';
import { toAuditPageView } from './audit-page-view.js';

/** The filter form sends every field; an empty one is no filter. */
export class PageAuditQuery extends AuditQuery {}
for (const field of ['actor', 'entityType', 'entityId', 'action', 'from', 'to']) {
  Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))(
    PageAuditQuery.prototype,
    field,
  );
}

/**
 * The audit log: filters (actor, subject, action, period), keyset pages (page N costs what
 * page 1 costs), and the chain verification, loaded on its own because it reads every entry.
 */
@PageController('console/admin/audit')
export class AdminAuditPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @PageRoles('admin')
  async list(
    @CurrentPage() page: SignedInPage,
    @Query() query: PageAuditQuery,
    @Res() res: Response,
  ) {
    const view = toAuditPageView(await this.audit.list(query), query);
    this.renderer.page(res, 'admin/audit', view, page);
  }

  /** htmx loads it into the log page; without JavaScript it is a page of its own. */
  @Get('verify')
  @PageRoles('admin')
  async verify(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    const view = { verification: await this.audit.verify() };
    if (page.htmx) this.renderer.fragment(res, 'admin/audit-verify', view, page);
    else this.renderer.page(res, 'admin/verify', view, page);
  }
}

import { Get, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { MailAdminService } from '../mail-admin.service.js';
import { OutboxQuery } from '../mail.dto.js';
import { Transform } from 'class-transformer';
import { MAIL_STATUSES } from '../mail-outbox.entity.js';

/** The filter form sends "" for all statuses. */
export class PageOutboxQuery extends OutboxQuery {}
Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))(
  PageOutboxQuery.prototype,
  'status',
);

/** The mail outbox: queued, sent, failed with the error; a failed mail can be retried. */
@PageController('console/admin/outbox')
export class AdminOutboxPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly mails: MailAdminService,
  ) {}

  @Get()
  @PageRoles('admin')
  async list(
    @CurrentPage() page: SignedInPage,
    @Query() query: PageOutboxQuery,
    @Res() res: Response,
  ) {
    const result = await this.mails.list(query);
    const next = new URLSearchParams(query.status ? { status: query.status } : {});
    if (result.nextCursor) next.set('after', result.nextCursor);
    const view = {
      ...result,
      status: query.status ?? '',
      statuses: MAIL_STATUSES,
      nextUrl: result.nextCursor ? `/console/admin/outbox?${next.toString()}` : null,
    };
    this.renderer.page(res, 'admin/outbox', view, page);
  }

  @Post(':id/retry')
  @PageRoles('admin')
  async retry(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    await this.mails.retry(page.actor, id);
    await this.renderer.redirect(res, page, '/console/admin/outbox', 'admin.outbox.retried');
  }
}

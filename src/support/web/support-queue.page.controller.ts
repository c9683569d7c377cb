import { Get, Query, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { QueueFilterQuery, TicketPageQuery } from './support-pages.dto.js';
import { SupportPagesService } from './support-pages.service.js';

/** The roles the support API lets work on tickets (StaffOnly): the same here. */
export const SUPPORT_STAFF = ['admin', 'consultant', 'finance'] as const;

/** The support team's home: the queue, and one ticket. */
@PageController('console/support')
export class SupportQueuePageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: SupportPagesService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/console/support',
      label: 'support.nav.support',
      roles: [...SUPPORT_STAFF],
      order: 40,
    });
  }

  @Get()
  @PageRoles(...SUPPORT_STAFF)
  async queue(
    @CurrentPage() page: SignedInPage,
    @Query() filter: QueueFilterQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.queue(page.actor, filter);
    this.renderer.page(res, 'support/queue', view, page);
  }

  @Get('tickets/:id')
  @PageRoles(...SUPPORT_STAFF)
  async ticket(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Query() query: TicketPageQuery,
    @Res() res: Response,
  ) {
    const view = await this.pages.ticket(page.actor, id, query.timeAfter);
    this.renderer.page(res, 'support/ticket', view, page);
  }
}

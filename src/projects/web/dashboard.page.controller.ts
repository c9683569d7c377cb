import { Get, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { ProjectDashboardService } from '../project-dashboard.service.js';

/** The consultant's start page: projects by stage and the latest changes. */
@PageController()
export class DashboardPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly dashboards: ProjectDashboardService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: '/console',
      label: 'projects.nav.dashboard',
      roles: ['admin', 'consultant', 'finance'],
      order: 10,
    });
  }

  @Get('console')
  @PageRoles('admin', 'consultant', 'finance')
  async dashboard(@CurrentPage() page: SignedInPage, @Res() res: Response): Promise<void> {
    const view = await this.dashboards.dashboard(page.actor);
    this.renderer.page(res, 'projects/dashboard', view, page);
  }
}

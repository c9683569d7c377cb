import { Body, Get, Post, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { SubProcessorsService } from '../sub-processors.service.js';
import { PageSubProcessorForm, PageSubProcessorUpdateForm } from './support-pages.dto.js';

const PATH = '/console/admin/sub-processors';

/** The admin's page for the sub-processor directory that customers with an AV agreement read. */
@PageController('console/admin/sub-processors')
export class SubProcessorsPageController implements OnModuleInit {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly subProcessors: SubProcessorsService,
  ) {}

  onModuleInit(): void {
    this.renderer.registerNav({
      href: PATH,
      label: 'support.nav.subProcessors',
      roles: ['admin'],
      order: 90,
    });
  }

  @Get()
  @PageRoles('admin')
  async list(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    const items = await this.subProcessors.list(page.actor);
    this.renderer.page(res, 'support/sub-processors', { items }, page);
  }

  @Post()
  @PageRoles('admin')
  async create(
    @CurrentPage() page: SignedInPage,
    @Body() form: PageSubProcessorForm,
    @Res() res: Response,
  ) {
    await this.subProcessors.create(page.actor, form);
    await this.renderer.redirect(res, page, PATH, 'support.notice.saved');
  }

  @Post(':id')
  @PageRoles('admin')
  async update(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() form: PageSubProcessorUpdateForm,
    @Res() res: Response,
  ) {
    await this.subProcessors.update(page.actor, id, form);
    await this.renderer.redirect(res, page, PATH, 'support.notice.saved');
  }

  @Post(':id/remove')
  @PageRoles('admin')
  async remove(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    await this.subProcessors.remove(page.actor, id);
    await this.renderer.redirect(res, page, PATH, 'support.notice.removed');
  }
}

import { Body, Get, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { SupportSettingsService } from '../support-settings.service.js';
import { PageSupportSettingsForm } from './support-pages.dto.js';
import { SupportPagesService } from './support-pages.service.js';

const PATH = '/console/admin/support-settings';

/**
 * The settings behind `GET/PATCH /support/settings`: approval threshold, business hours,
 * closed days, federal state and the analysis fee's default share (admin, version lock).
 */
@PageController('console/admin/support-settings')
export class SupportSettingsPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: SupportPagesService,
    private readonly settings: SupportSettingsService,
  ) {}

  @Get()
  @PageRoles('admin')
  async show(@CurrentPage() page: SignedInPage, @Res() res: Response) {
    this.renderer.page(res, 'support/settings', await this.pages.settingsPage(page.locale), page);
  }

  @Post()
  @PageRoles('admin')
  async save(
    @CurrentPage() page: SignedInPage,
    @Body() form: PageSupportSettingsForm,
    @Res() res: Response,
  ) {
    await this.settings.update(page.actor, this.pages.settingsUpdate(form));
    await this.renderer.redirect(res, page, PATH, 'support.notice.saved');
  }
}

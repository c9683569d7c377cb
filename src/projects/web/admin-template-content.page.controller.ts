import { Body, Param, ParseEnumPipe, ParseIntPipe, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import type { SignedInPage } from '../../web/page-context.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import {
  PageItemUpdateDto,
  PageMoveDto,
  PageRequirementDto,
  PageVersionDto,
} from './project-pages.dto.js';
import { TemplatePagesService } from './template-pages.service.js';

const LIST = '/console/admin/project-templates';
/** The entry's place in its list, 1 = first. */
const Place = () => Param('n', ParseIntPipe);
/** Which list: the requirements or the estimate lines. */
const PARTS = { requirements: 'requirements', items: 'items' } as const;
const Part = () => Param('part', new ParseEnumPipe(PARTS));

/**
 * A template's requirements and estimate lines: add, edit, move up/down, remove — plain forms
 * (post → redirect → get), each saved through the templates service with the version lock.
 */
@PageController('console/admin/project-templates/:id')
export class AdminTemplateContentPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly pages: TemplatePagesService,
  ) {}

  @Post('requirements')
  @PageRoles('admin')
  async addRequirement(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageRequirementDto,
    @Res() res: Response,
  ) {
    await this.pages.addRequirement(page.actor, id, dto);
    await this.back(res, page, id, 'requirements');
  }

  @Post('requirements/:n')
  @PageRoles('admin')
  async updateRequirement(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Place() n: number,
    @Body() dto: PageRequirementDto,
    @Res() res: Response,
  ) {
    await this.pages.updateRequirement(page.actor, id, n, dto);
    await this.back(res, page, id, 'requirements');
  }

  @Post('items')
  @PageRoles('admin')
  async addItem(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageItemUpdateDto,
    @Res() res: Response,
  ) {
    await this.pages.addItem(page.actor, id, dto);
    await this.back(res, page, id, 'items');
  }

  @Post('items/:n')
  @PageRoles('admin')
  async updateItem(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Place() n: number,
    @Body() dto: PageItemUpdateDto,
    @Res() res: Response,
  ) {
    await this.pages.updateItem(page.actor, id, n, dto);
    await this.back(res, page, id, 'items');
  }

  @Post(':part/:n/move')
  @PageRoles('admin')
  async move(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Part() part: keyof typeof PARTS,
    @Place() n: number,
    @Body() dto: PageMoveDto,
    @Res() res: Response,
  ) {
    await this.pages.move(page.actor, id, part, n, dto.version, dto.position);
    await this.back(res, page, id, part);
  }

  @Post(':part/:n/delete')
  @PageRoles('admin')
  async remove(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Part() part: keyof typeof PARTS,
    @Place() n: number,
    @Body() dto: PageVersionDto,
    @Res() res: Response,
  ) {
    await this.pages.remove(page.actor, id, part, n, dto.version);
    await this.back(res, page, id, part);
  }

  private back(res: Response, page: SignedInPage, id: string, part: string) {
    return this.renderer.redirect(res, page, `${LIST}/${id}#${part}`, 'admin.templates.saved');
  }
}

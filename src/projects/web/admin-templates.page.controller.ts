import { Body, Get, Post, Query, Res } from '@nestjs/common';
import { OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Min } from 'class-validator';
import type { Response } from 'express';
import { IdParam } from '../../common/id-param.js';
import { PageQuery } from '../../common/pagination.js';
import type { SignedInPage } from '../../web/page-context.js';
import { FormNumber } from '../../web/form-fields.js';
import { CurrentPage, PageController, PageRoles } from '../../web/page-decorators.js';
import { WebRenderer } from '../../web/web-renderer.service.js';
import { CreateTemplateDto } from '../dto/template.dto.js';
import { ProjectTemplatesService } from '../project-templates.service.js';
import { TemplatePagesService } from './template-pages.service.js';

const emptyIsAbsent = Transform(({ value }: { value: unknown }) =>
  value === '' ? undefined : value,
);

/**
 * A template's text as the form edits it: the API's rules for name, description, billing mode,
 * background and goals. Requirements and lines have forms of their own
 * (`AdminTemplateContentPageController`).
 */
export class PageTemplateDto extends OmitType(CreateTemplateDto, ['requirements', 'items']) {}
emptyIsAbsent(PageTemplateDto.prototype, 'description');

export class PageUpdateTemplateDto extends PageTemplateDto {
  @Transform(({ value }: { value: unknown }) => value === 'true')
  @IsOptional()
  @IsBoolean()
  active?: boolean;
  @FormNumber() @IsInt() @Min(1) version!: number;
}

const LIST = '/console/admin/project-templates';

/** Project templates: list, create, edit (the API's service, the admin's actor). */
@PageController('console/admin/project-templates')
export class AdminTemplatesPageController {
  constructor(
    private readonly renderer: WebRenderer,
    private readonly templates: ProjectTemplatesService,
    private readonly pages: TemplatePagesService,
  ) {}

  @Get()
  @PageRoles('admin')
  async list(@CurrentPage() page: SignedInPage, @Query() query: PageQuery, @Res() res: Response) {
    const templates = await this.templates.list(query);
    this.renderer.page(res, 'admin/templates', { templates: templates.items }, page);
  }

  @Post()
  @PageRoles('admin')
  async create(
    @CurrentPage() page: SignedInPage,
    @Body() dto: PageTemplateDto,
    @Res() res: Response,
  ) {
    const created = await this.templates.create(page.actor, {
      ...dto,
      requirements: [],
      items: [],
    });
    await this.renderer.redirect(res, page, `${LIST}/${created.id}`, 'admin.templates.created');
  }

  @Get(':id')
  @PageRoles('admin')
  async edit(@CurrentPage() page: SignedInPage, @IdParam() id: string, @Res() res: Response) {
    const view = await this.pages.templatePage(id, page.locale);
    this.renderer.page(res, 'admin/template', view, page);
  }

  @Post(':id')
  @PageRoles('admin')
  async update(
    @CurrentPage() page: SignedInPage,
    @IdParam() id: string,
    @Body() dto: PageUpdateTemplateDto,
    @Res() res: Response,
  ) {
    await this.templates.update(page.actor, id, dto);
    await this.renderer.redirect(res, page, `${LIST}/${id}`, 'admin.templates.saved');
  }
}

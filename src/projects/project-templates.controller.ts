import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { PageQuery } from '../common/pagination.js';
import {
  CreateTemplateDto,
  TemplatePage,
  TemplateResponse,
  UpdateTemplateDto,
} from './dto/template.dto.js';
import { ProjectTemplatesService } from './project-templates.service.js';

@ApiTags('project templates')
@ApiBearerAuth()
@Controller('project-templates')
export class ProjectTemplatesController {
  constructor(private readonly templates: ProjectTemplatesService) {}

  @Get()
  @Roles('admin', 'consultant')
  list(@Query() query: PageQuery): Promise<TemplatePage> {
    return this.templates.list(query);
  }

  @Get(':id')
  @Roles('admin', 'consultant')
  get(@IdParam() id: string): Promise<TemplateResponse> {
    return this.templates.get(id);
  }

  @Post()
  @Roles('admin')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateTemplateDto): Promise<TemplateResponse> {
    return this.templates.create(actor, dto);
  }

  @Patch(':id')
  @Roles('admin')
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateTemplateDto,
  ): Promise<TemplateResponse> {
    return this.templates.update(actor, id, dto);
  }
}

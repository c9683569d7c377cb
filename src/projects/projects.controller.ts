import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam, IntParam } from '../common/id-param.js';
import {
  CreateEstimateItemDto,
  CreateProjectDto,
  CreateRequirementDto,
  ProjectPage,
  ProjectQuery,
  ProjectResponse,
  UpdateEstimateItemDto,
  UpdateProjectDto,
  UpdateRequirementDto,
  VersionDto,
} from './dto/project.dto.js';
import type {
  AcceptanceResponse,
  RevisionSummaryResponse,
  ScheduleChangeResponse,
} from './dto/work.dto.js';
import { ProjectDraftsService } from './project-drafts.service.js';
import { ProjectRecordsService } from './project-records.service.js';
import { ProjectsService } from './projects.service.js';

/** Projects and their draft content. Stage transitions: ProjectActionsController. */
@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(
    private readonly projects: ProjectsService,
    private readonly records: ProjectRecordsService,
    private readonly drafts: ProjectDraftsService,
  ) {}

  @Post()
  @Roles('admin', 'consultant')
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProjectDto): Promise<ProjectResponse> {
    return this.projects.create(actor, dto);
  }

  @Get()
  @AnyRole()
  list(@CurrentActor() actor: Actor, @Query() query: ProjectQuery): Promise<ProjectPage> {
    return this.projects.list(actor, query);
  }

  /** With `allowedActions` for the caller, the estimate and its totals. */
  @Get(':id')
  @AnyRole()
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ProjectResponse> {
    return this.projects.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin', 'consultant')
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateProjectDto,
  ): Promise<ProjectResponse> {
    return this.projects.update(actor, id, dto);
  }

  @Post(':id/requirements')
  @Roles('admin', 'consultant')
  addRequirement(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateRequirementDto,
  ): Promise<ProjectResponse> {
    return this.drafts.addRequirement(actor, id, dto);
  }

  @Patch(':id/requirements/:requirementId')
  @Roles('admin', 'consultant')
  updateRequirement(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('requirementId') requirementId: string,
    @Body() dto: UpdateRequirementDto,
  ): Promise<ProjectResponse> {
    return this.drafts.updateRequirement(actor, id, requirementId, dto);
  }

  /** Removes a draft requirement; sent revisions keep theirs. */
  @Delete(':id/requirements/:requirementId')
  @Roles('admin', 'consultant')
  removeRequirement(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('requirementId') requirementId: string,
    @Body() dto: VersionDto,
  ): Promise<ProjectResponse> {
    return this.drafts.removeRequirement(actor, id, requirementId, dto.version);
  }

  @Post(':id/items')
  @Roles('admin', 'consultant')
  addItem(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateEstimateItemDto,
  ): Promise<ProjectResponse> {
    return this.drafts.addItem(actor, id, dto);
  }

  @Patch(':id/items/:itemId')
  @Roles('admin', 'consultant')
  updateItem(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: UpdateEstimateItemDto,
  ): Promise<ProjectResponse> {
    return this.drafts.updateItem(actor, id, itemId, dto);
  }

  @Delete(':id/items/:itemId')
  @Roles('admin', 'consultant')
  removeItem(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('itemId') itemId: string,
    @Body() dto: VersionDto,
  ): Promise<ProjectResponse> {
    return this.drafts.removeItem(actor, id, itemId, dto.version);
  }

  @Get(':id/revisions')
  @AnyRole()
  revisions(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
  ): Promise<RevisionSummaryResponse[]> {
    return this.records.revisions(actor, id);
  }

  /** Revision N exactly as it was sent. */
  @Get(':id/revisions/:n')
  @AnyRole()
  revision(@CurrentActor() actor: Actor, @IdParam() id: string, @IntParam('n') n: number) {
    return this.records.revision(actor, id, n);
  }

  /** What revision N changed against N-1: requirements, lines, totals before → after. */
  @Get(':id/revisions/:n/diff')
  @AnyRole()
  diff(@CurrentActor() actor: Actor, @IdParam() id: string, @IntParam('n') n: number) {
    return this.records.diff(actor, id, n);
  }

  /** Every move of the completion date, with its reason. */
  @Get(':id/schedule')
  @AnyRole()
  schedule(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<ScheduleChangeResponse[]> {
    return this.records.schedule(actor, id);
  }

  @Get(':id/acceptances')
  @AnyRole()
  acceptances(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<AcceptanceResponse[]> {
    return this.records.acceptances(actor, id);
  }
}

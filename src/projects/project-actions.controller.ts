import { Body, Controller, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import {
  AcceptDto,
  ActionDto,
  ApproveDto,
  ProjectResponse,
  ReasonDto,
  RejectAcceptanceDto,
  RequestChangesDto,
  RescheduleDto,
  ScheduleDto,
} from './dto/project.dto.js';
import { ProjectDecisionsService } from './project-decisions.service.js';
import { ProjectWorkflowService } from './project-workflow.service.js';
import { QaService } from './qa.service.js';

/**
 * The stage transitions. A wrong stage answers 409 with `currentStage` and `allowedActions`;
 * customer decisions taken by staff carry the recorded `signature`.
 */
@ApiTags('project stages')
@ApiBearerAuth()
@Controller('projects/:id')
export class ProjectActionsController {
  constructor(
    private readonly workflow: ProjectWorkflowService,
    private readonly decisions: ProjectDecisionsService,
    private readonly qa: QaService,
  ) {}

  @Post('start-solution')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  startSolution(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ActionDto,
  ): Promise<ProjectResponse> {
    return this.workflow.startSolution(actor, id, dto);
  }

  /** Freezes concept, solution and estimate as the next revision and puts it in review. */
  @Post('send')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  send(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ActionDto,
  ): Promise<ProjectResponse> {
    return this.workflow.send(actor, id, dto);
  }

  @Post('approve')
  @HttpCode(200)
  @Roles('admin', 'consultant', 'customer')
  approve(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ApproveDto,
  ): Promise<ProjectResponse> {
    return this.decisions.decideAs(actor, id, dto, {
      kind: 'approve',
      optionalItemIds: dto.optionalItemIds ?? [],
    });
  }

  @Post('request-changes')
  @HttpCode(200)
  @Roles('admin', 'consultant', 'customer')
  requestChanges(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: RequestChangesDto,
  ): Promise<ProjectResponse> {
    return this.decisions.decideAs(actor, id, dto, {
      kind: 'request_changes',
      comment: dto.comment,
    });
  }

  @Post('withdraw')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  withdraw(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ReasonDto,
  ): Promise<ProjectResponse> {
    return this.workflow.withdraw(actor, id, dto);
  }

  @Post('schedule')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  schedule(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ScheduleDto,
  ): Promise<ProjectResponse> {
    return this.workflow.schedule(actor, id, dto);
  }

  /** Moves the completion date; later needs a reason. */
  @Put('completion-date')
  @Roles('admin', 'consultant')
  reschedule(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: RescheduleDto,
  ): Promise<ProjectResponse> {
    return this.workflow.reschedule(actor, id, dto);
  }

  @Post('start-work')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  startWork(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ActionDto,
  ): Promise<ProjectResponse> {
    return this.workflow.startWork(actor, id, dto);
  }

  @Post('submit-qa')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  submitQa(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ActionDto,
  ): Promise<ProjectResponse> {
    return this.qa.submit(actor, id, dto);
  }

  @Post('complete-qa')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  completeQa(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ActionDto,
  ): Promise<ProjectResponse> {
    return this.qa.complete(actor, id, dto);
  }

  @Post('accept')
  @HttpCode(200)
  @Roles('admin', 'consultant', 'customer')
  accept(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: AcceptDto,
  ): Promise<ProjectResponse> {
    return this.decisions.decideAs(actor, id, dto, {
      kind: 'accept',
      comment: dto.comment ?? null,
    });
  }

  @Post('reject')
  @HttpCode(200)
  @Roles('admin', 'consultant', 'customer')
  reject(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: RejectAcceptanceDto,
  ): Promise<ProjectResponse> {
    return this.decisions.decideAs(actor, id, dto, {
      kind: 'reject',
      defects: dto.defects.map((d) => ({ title: d.title, description: d.description ?? null })),
      comment: dto.comment ?? null,
    });
  }

  @Post('cancel')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  cancel(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ReasonDto,
  ): Promise<ProjectResponse> {
    return this.workflow.cancel(actor, id, dto);
  }
}

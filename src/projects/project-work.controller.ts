import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, Roles, StaffOnly, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { KeysetPageQuery } from '../common/pagination.js';
import { CustomerDecisionDto } from './dto/project.dto.js';
import {
  ChangeRequestResponse,
  CreateChangeRequestDto,
  LogTimeDto,
  QaRoundResponse,
  RecordQaCheckDto,
  RejectChangeRequestDto,
  TimeEntryPage,
  TimeEntryResponse,
} from './dto/work.dto.js';
import { ChangeRequestsService } from './change-requests.service.js';
import { ProjectTimeService } from './project-time.service.js';
import { QaService } from './qa.service.js';

@ApiTags('project work')
@ApiBearerAuth()
@Controller('projects/:id')
export class ProjectWorkController {
  constructor(
    private readonly time: ProjectTimeService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly qa: QaService,
  ) {}

  @Post('time-entries')
  @Roles('admin', 'consultant')
  logTime(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: LogTimeDto,
  ): Promise<TimeEntryResponse> {
    return this.time.logTime(actor, id, dto);
  }

  @Get('time-entries')
  @StaffOnly()
  listTime(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: KeysetPageQuery,
  ): Promise<TimeEntryPage> {
    return this.time.listTime(actor, id, query);
  }

  /** Drafts a change request (Nachtrag) for costs beyond the agreement. */
  @Post('change-requests')
  @Roles('admin', 'consultant')
  createChangeRequest(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateChangeRequestDto,
  ): Promise<ChangeRequestResponse> {
    return this.changeRequests.create(actor, id, dto);
  }

  @Get('change-requests')
  @AnyRole()
  listChangeRequests(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
  ): Promise<ChangeRequestResponse[]> {
    return this.changeRequests.list(actor, id);
  }

  @Post('change-requests/:crId/send')
  @HttpCode(200)
  @Roles('admin', 'consultant')
  sendChangeRequest(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('crId') crId: string,
  ): Promise<ChangeRequestResponse> {
    return this.changeRequests.send(actor, id, crId);
  }

  @Post('change-requests/:crId/approve')
  @HttpCode(200)
  @Roles('admin', 'consultant', 'customer')
  approveChangeRequest(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('crId') crId: string,
    @Body() dto: CustomerDecisionDto,
  ): Promise<ChangeRequestResponse> {
    return this.changeRequests.decideAs(actor, id, dto, {
      kind: 'approve_change_request',
      changeRequestId: crId,
    });
  }

  @Post('change-requests/:crId/reject')
  @HttpCode(200)
  @Roles('admin', 'consultant', 'customer')
  rejectChangeRequest(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('crId') crId: string,
    @Body() dto: RejectChangeRequestDto,
  ): Promise<ChangeRequestResponse> {
    return this.changeRequests.decideAs(actor, id, dto, {
      kind: 'reject_change_request',
      changeRequestId: crId,
      comment: dto.comment,
    });
  }

  @Get('qa-rounds')
  @StaffOnly()
  qaRounds(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<QaRoundResponse[]> {
    return this.qa.rounds(actor, id);
  }

  /** Records one check of the open QA round: passed, failed (note), waived (admin, reason). */
  @Put('qa-checks/:checkId')
  @Roles('admin', 'consultant')
  recordQaCheck(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('checkId') checkId: string,
    @Body() dto: RecordQaCheckDto,
  ): Promise<QaRoundResponse> {
    return this.qa.recordCheck(actor, id, checkId, dto);
  }
}

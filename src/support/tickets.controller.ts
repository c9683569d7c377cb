import { Body, Controller, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, StaffOnly, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { PageQuery } from '../common/pagination.js';
import {
  ChangeStatusDto,
  CreateNoteDto,
  CreateTicketDto,
  NotePage,
  NoteResponse,
  QueueQuery,
  QueueResponse,
  TicketDetailResponse,
  TicketPage,
  TicketQuery,
  UpdateTicketDto,
} from './dto/ticket.dto.js';
import { SupportQueueService } from './support-queue.service.js';
import { TicketsService } from './tickets.service.js';

@ApiTags('support')
@ApiBearerAuth()
@Controller('support')
export class TicketsController {
  constructor(
    private readonly tickets: TicketsService,
    private readonly queue: SupportQueueService,
  ) {}

  /** Open tickets in the order the service terms promise, each with why it stands there, by page (200 by default). */
  @Get('queue')
  @StaffOnly()
  getQueue(@CurrentActor() actor: Actor, @Query() query: QueueQuery): Promise<QueueResponse> {
    return this.queue.queue(actor, query);
  }

  /** Customers open tickets for themselves (portal); staff for any customer, by channel. */
  @Post('tickets')
  @AnyRole()
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateTicketDto,
  ): Promise<TicketDetailResponse> {
    return this.tickets.create(actor, dto);
  }

  /** Staff see all tickets; customers their own. */
  @Get('tickets')
  @AnyRole()
  list(@CurrentActor() actor: Actor, @Query() query: TicketQuery): Promise<TicketPage> {
    return this.tickets.list(actor, query);
  }

  @Get('tickets/:id')
  @AnyRole()
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<TicketDetailResponse> {
    return this.tickets.get(actor, id);
  }

  @Patch('tickets/:id')
  @StaffOnly()
  update(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UpdateTicketDto,
  ): Promise<TicketDetailResponse> {
    return this.tickets.update(actor, id, dto);
  }

  /** A move the lifecycle does not allow is 409 naming the allowed next statuses. */
  @Post('tickets/:id/status')
  @HttpCode(200)
  @AnyRole()
  changeStatus(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: ChangeStatusDto,
  ): Promise<TicketDetailResponse> {
    return this.tickets.changeStatus(actor, id, dto);
  }

  @Post('tickets/:id/notes')
  @AnyRole()
  addNote(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: CreateNoteDto,
  ): Promise<NoteResponse> {
    return this.tickets.addNote(actor, id, dto);
  }

  /** Customers see only the notes meant for them. */
  @Get('tickets/:id/notes')
  @AnyRole()
  listNotes(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: PageQuery,
  ): Promise<NotePage> {
    return this.tickets.listNotes(actor, id, query);
  }
}

import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { MailAdminService } from './mail-admin.service.js';
import { OutboxMailResponse, OutboxPage, OutboxQuery } from './mail.dto.js';

@ApiTags('mail')
@ApiBearerAuth()
@Controller('mail/outbox')
@Roles('admin')
export class MailController {
  constructor(private readonly mails: MailAdminService) {}

  /** The outbox, newest first: queued, sending, sent and failed mails (with the error). */
  @Get()
  @ApiOkResponse({ type: OutboxPage })
  list(@Query() query: OutboxQuery) {
    return this.mails.list(query);
  }

  /** Puts a failed mail back into the queue with a fresh set of attempts. */
  @Post(':id/retry')
  @HttpCode(200)
  retry(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<OutboxMailResponse> {
    return this.mails.retry(actor, id);
  }
}

import { Body, Controller, Get, Post, StreamableFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { AnyRole, CurrentActor, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import type { Upload } from './attachment-rules.js';
import { AttachmentUploadInterceptor, Uploaded } from './attachment-upload.js';
import { AttachmentResponse, UploadAttachmentsDto } from './dto/attachment.dto.js';
import { TicketAttachmentsService } from './ticket-attachments.service.js';

/**
 * Files on a ticket. Customers reach their own tickets' files, except those on internal notes
 * (404); refusals name the rule: ATTACHMENT.TOO_LARGE, TOO_MANY, TYPE_NOT_ALLOWED,
 * CONTENT_MISMATCH.
 */
@ApiTags('support')
@ApiBearerAuth()
@Controller('support/tickets/:id/attachments')
export class TicketAttachmentsController {
  constructor(private readonly attachments: TicketAttachmentsService) {}

  /** Up to 5 files of at most 10 MiB: PDF, PNG, JPEG, plain text (.txt, .log), zip. */
  @Post()
  @AnyRole()
  @ApiConsumes('multipart/form-data')
  @ApiCreatedResponse({ type: [AttachmentResponse] })
  @UseInterceptors(AttachmentUploadInterceptor)
  upload(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Body() dto: UploadAttachmentsDto,
    @Uploaded() upload: Upload,
  ): Promise<AttachmentResponse[]> {
    return this.attachments.upload(actor, id, dto, upload);
  }

  /** The ticket's files the caller may see (customers: none on internal notes). */
  @Get()
  @AnyRole()
  @ApiOkResponse({ type: [AttachmentResponse] })
  list(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<AttachmentResponse[]> {
    return this.attachments.list(actor, id);
  }

  /** The file as sent, always as a download (`Content-Disposition: attachment`). */
  @Get(':attachmentId')
  @AnyRole()
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  download(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @IdParam('attachmentId') attachmentId: string,
  ): Promise<StreamableFile> {
    return this.attachments.download(actor, id, attachmentId);
  }
}

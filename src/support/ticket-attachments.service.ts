import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { isStaff, type Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { Transactions, type Tx } from '../database/transactions.js';
import {
  attachmentDisposition,
  checkUpload,
  type CheckedFile,
  type Upload,
} from './attachment-rules.js';
import type { AttachmentResponse, UploadAttachmentsDto } from './dto/attachment.dto.js';
import type { CreateNoteDto, CreateTicketDto, NoteResponse } from './dto/ticket.dto.js';
import type { TicketDetailResponse } from './dto/ticket.dto.js';
import { acceptsAttachments } from './ticket-status.js';
import { AttachmentContent, SupportTicket, TicketAttachment, TicketNote } from './ticket.entity.js';
import { TicketsService } from './tickets.service.js';

/**
 * Files on tickets. Every way in checks the whole upload before anything is written and stores
 * the rows, the bytes and the audit entry in the transaction of the message they belong to.
 * Customers see the files of their own tickets except those on internal notes; anything else is
 * a 404, exactly as if it did not exist.
 */
@Injectable()
export class TicketAttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly tickets: TicketsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** A new ticket with the files of its opening message. */
  openTicket(actor: Actor, dto: CreateTicketDto, upload: Upload): Promise<TicketDetailResponse> {
    const files = checkUpload(upload);
    return this.tickets.create(actor, dto, async (tx, ticketId) => {
      await this.store(tx, actor, ticketId, null, files);
    });
  }

  /** A reply or internal note with its files. */
  addNote(
    actor: Actor,
    ticketId: string,
    dto: CreateNoteDto,
    upload: Upload,
  ): Promise<NoteResponse> {
    const files = checkUpload(upload);
    return this.tickets.addNote(actor, ticketId, dto, async (tx, note) => {
      await this.store(tx, actor, ticketId, note.id, files);
    });
  }

  /** Files added later: to the ticket, or to a note (customers: only to their own). */
  async upload(
    actor: Actor,
    ticketId: string,
    dto: UploadAttachmentsDto,
    upload: Upload,
  ): Promise<AttachmentResponse[]> {
    const files = checkUpload(upload);
    if (files.length === 0) {
      throw validationError([{ field: 'attachments', messages: ['choose at least one file'] }]);
    }
    return this.transactions.run(async (tx) => {
      await this.tickets.findVisible(actor, ticketId, tx);
      if (dto.noteId) {
        const note = await tx.manager.findOneBy(TicketNote, { id: dto.noteId, ticketId });
        if (!note || (!isStaff(actor) && note.authorId !== actor.userId)) {
          throw validationError([
            { field: 'noteId', messages: ['noteId is not a note of this ticket you may add to'] },
          ]);
        }
      }
      return this.store(tx, actor, ticketId, dto.noteId ?? null, files);
    });
  }

  async list(actor: Actor, ticketId: string): Promise<AttachmentResponse[]> {
    await this.tickets.findVisible(actor, ticketId);
    const query = this.dataSource
      .getRepository(TicketAttachment)
      .createQueryBuilder('a')
      .leftJoin(TicketNote, 'n', 'n.id = a.noteId')
      .where('a.ticketId = :ticketId', { ticketId })
      .orderBy('a.uploadedAt', 'ASC')
      .addOrderBy('a.id', 'ASC');
    if (!isStaff(actor)) query.andWhere("(a.noteId IS NULL OR n.visibility = 'customer')");
    return (await query.getMany()).map(toAttachmentResponse);
  }

  /** The file as a download (never shown inline: it is whatever the uploader sent). */
  async download(actor: Actor, ticketId: string, attachmentId: string): Promise<StreamableFile> {
    await this.tickets.findVisible(actor, ticketId);
    const attachment = await this.dataSource
      .getRepository(TicketAttachment)
      .findOneBy({ id: attachmentId, ticketId });
    if (!attachment || !(await this.visible(actor, attachment))) {
      throw notFound('ATTACHMENT.NOT_FOUND', attachmentId);
    }
    const content = await this.dataSource
      .getRepository(AttachmentContent)
      .findOneBy({ sha256: attachment.sha256 });
    const bytes = content ? Buffer.from(content.bytes) : null;
    if (!bytes || sha256Of(bytes) !== attachment.sha256) {
      throw new DomainError(
        'integrity',
        'ATTACHMENT.NOT_FOUND',
        'The stored file does not match its recorded SHA-256.',
      );
    }
    return new StreamableFile(bytes, {
      type: attachment.mediaType,
      length: bytes.byteLength,
      disposition: attachmentDisposition(attachment.fileName),
    });
  }

  private async visible(actor: Actor, attachment: TicketAttachment): Promise<boolean> {
    if (isStaff(actor) || attachment.noteId === null) return true;
    const note = await this.dataSource
      .getRepository(TicketNote)
      .findOneBy({ id: attachment.noteId });
    return note?.visibility === 'customer';
  }

  private async store(
    tx: Tx,
    actor: Actor,
    ticketId: string,
    noteId: string | null,
    files: CheckedFile[],
  ): Promise<AttachmentResponse[]> {
    if (files.length === 0) return [];
    // In the message's transaction: files for a closed ticket refuse the whole message.
    const ticket = await tx.manager.findOne(SupportTicket, {
      where: { id: ticketId },
      select: { id: true, status: true },
    });
    if (ticket && !acceptsAttachments(ticket.status)) {
      throw new DomainError(
        'conflict',
        'SUPPORT.TICKET_CLOSED',
        'The ticket is closed: files can no longer be attached.',
        { currentStatus: ticket.status, field: 'attachments' },
      );
    }
    const stored: TicketAttachment[] = [];
    // Strictly increasing within one message: the list is ordered by this time, and two files
    // stored in the same millisecond would otherwise come back in any order, not as attached.
    let previous = Number.NEGATIVE_INFINITY;
    for (const file of files) {
      const uploadedAt = new Date(Math.max(this.clock.now().getTime(), previous + 1));
      previous = uploadedAt.getTime();
      const sha256 = sha256Of(file.bytes);
      // The same bytes twice (a log sent again) are stored once.
      await tx.manager
        .createQueryBuilder()
        .insert()
        .into(AttachmentContent)
        .values({ sha256, bytes: file.bytes })
        .orIgnore()
        .execute();
      const attachment = tx.manager.create(TicketAttachment, {
        id: randomUUID(),
        ticketId,
        noteId,
        fileName: file.fileName,
        mediaType: file.mediaType,
        sizeBytes: file.bytes.byteLength,
        sha256,
        uploadedById: actor.userId,
        uploadedByLabel: actor.email,
        uploadedAt,
      });
      await tx.manager.insert(TicketAttachment, attachment);
      await this.audit.record(tx, actor, {
        entityType: 'support_ticket',
        entityId: ticketId,
        action: 'attachment_added',
        changes: {
          attachmentId: attachment.id,
          noteId,
          fileName: attachment.fileName,
          mediaType: attachment.mediaType,
          sizeBytes: attachment.sizeBytes,
          sha256,
        },
      });
      stored.push(attachment);
    }
    return stored.map(toAttachmentResponse);
  }
}

const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function toAttachmentResponse(attachment: TicketAttachment): AttachmentResponse {
  return {
    id: attachment.id,
    ticketId: attachment.ticketId,
    noteId: attachment.noteId,
    fileName: attachment.fileName,
    mediaType: attachment.mediaType,
    sizeBytes: attachment.sizeBytes,
    sha256: attachment.sha256,
    uploadedBy: attachment.uploadedByLabel,
    uploadedAt: attachment.uploadedAt.toISOString(),
  };
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';

/** The multipart form of an upload: up to five `files`, optionally for one note of the ticket. */
export class UploadAttachmentsDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'string', format: 'binary' },
    description:
      'Up to 5 files of at most 10 MiB each: PDF, PNG, JPEG, plain text (.txt, .log) or zip.',
  })
  // The files arrive beside the body (multer), never in it; declared for OpenAPI only.
  @IsOptional()
  files?: unknown;

  /** The note (reply or internal note) the files belong to; none: the ticket itself. */
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  noteId?: string;
}

export class AttachmentResponse {
  id!: string;
  ticketId!: string;
  /** The note the file belongs to; null: attached to the ticket. */
  noteId!: string | null;
  fileName!: string;
  /** Decided from the file name and checked against the bytes. */
  mediaType!: string;
  sizeBytes!: number;
  sha256!: string;
  uploadedBy!: string;
  uploadedAt!: string;
}

import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AnyRole, CurrentActor, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { DocumentResponse } from './document.dto.js';
import { DocumentsService } from './documents.service.js';

@ApiTags('documents')
@ApiBearerAuth()
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  /** Metadata of an issued document. Customer users see only their own customer's. */
  @Get(':id')
  @AnyRole()
  @ApiOkResponse({ type: DocumentResponse })
  get(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<DocumentResponse> {
    return this.documents.get(actor, id);
  }

  /** The stored PDF, verified against its SHA-256 on every read. */
  @Get(':id/pdf')
  @AnyRole()
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  pdf(@CurrentActor() actor: Actor, @IdParam() id: string): Promise<StreamableFile> {
    return this.documents.download(actor, id);
  }
}

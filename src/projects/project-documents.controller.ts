import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { AnyRole, CurrentActor, Roles, type Actor } from '../common/access.js';
import { IdParam } from '../common/id-param.js';
import { KeysetPageQuery } from '../common/pagination.js';
import { ProjectDocumentPage } from './dto/project-document.dto.js';
import { ProjectDocumentsService } from './project-documents.service.js';

export class DraftQuery {
  @IsIn(['concept-paper', 'solution-document']) kind!: 'concept-paper' | 'solution-document';
}

@ApiTags('project documents')
@ApiBearerAuth()
@Controller('projects/:id/documents')
export class ProjectDocumentsController {
  constructor(private readonly documents: ProjectDocumentsService) {}

  /**
   * The issued stage documents, newest first, a page at a time, each with the mails that
   * carried it to the customer; download each with GET /documents/:id/pdf.
   */
  @Get()
  @AnyRole()
  list(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: KeysetPageQuery,
  ): Promise<ProjectDocumentPage> {
    return this.documents.list(actor, id, query);
  }

  /** A watermarked draft ("Entwurf"/"Draft") of the current content, not stored. */
  @Get('draft')
  @Roles('admin', 'consultant')
  @ApiProduces('application/pdf')
  async draft(
    @CurrentActor() actor: Actor,
    @IdParam() id: string,
    @Query() query: DraftQuery,
  ): Promise<StreamableFile> {
    return new StreamableFile(await this.documents.draft(actor, id, query.kind), {
      type: 'application/pdf',
    });
  }
}

import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { DomainError } from '../../common/domain-error.js';
import { CustomersService } from '../../customers/customers.service.js';
import { DocumentsService } from '../../documents/documents.service.js';
import { ProjectsService } from '../../projects/projects.service.js';
import type { CreateSignoffDto, SignoffSubjectDto } from '../signoff.dto.js';
import { SignoffRequestsService } from '../signoff-requests.service.js';
import type { PageSendSignoffDto } from './signoff-pages.dto.js';

/** The documents a project sends for sign-off, and what the customer's decision drives. */
const SUBJECT_BY_KIND: Record<string, SignoffSubjectDto['subject']> = {
  'solution-document': 'project_revision',
  'acceptance-protocol': 'acceptance',
};

/**
 * The project's sign-off page: send an issued document to signatory contacts, see who opened
 * and decided, resend or revoke. Sending is the API's `SignoffRequestsService.send`.
 */
@Injectable()
export class SignoffPagesService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly documents: DocumentsService,
    private readonly customers: CustomersService,
    private readonly requests: SignoffRequestsService,
  ) {}

  async view(actor: Actor, projectId: string) {
    const project = await this.projects.get(actor, projectId);
    const [documents, contacts, requests] = await Promise.all([
      this.documents.listForOwner(actor, 'project', projectId),
      this.customers.listContacts(actor, project.customerId),
      this.requests.listForProject(actor, projectId),
    ]);
    return {
      project,
      documents: documents.filter((d) => !d.draft && SUBJECT_BY_KIND[d.kind] !== undefined),
      contacts: contacts.filter((c) => c.active && c.isSignatory),
      requests: requests.map((r) => ({ ...r, open: r.status === 'open' })),
      title: `${project.number} · ${project.title}`,
    };
  }

  async send(actor: Actor, projectId: string, dto: PageSendSignoffDto) {
    const project = await this.projects.get(actor, projectId);
    const documents = await this.documents.listForOwner(actor, 'project', projectId);
    const document = documents.find((d) => d.id === dto.documentId && !d.draft);
    const subject = document && SUBJECT_BY_KIND[document.kind];
    if (!document || !subject) {
      throw new DomainError(
        'validation',
        'VALIDATION.FAILED',
        'documentId: not a document to sign',
        {
          errors: [
            { field: 'documentId', messages: ['choose an issued document of this project'] },
          ],
        },
      );
    }
    const request: CreateSignoffDto = {
      documentId: document.id,
      subject: {
        subject,
        projectId,
        ...(subject === 'project_revision' ? { revision: project.currentRevision } : {}),
      },
      contactIds: dto.contactIds,
    };
    return this.requests.send(actor, request);
  }

  /** The same document to the same contacts again: new links, the open request superseded. */
  async resend(actor: Actor, projectId: string, requestId: string) {
    const request = await this.requests.get(actor, requestId);
    if (request.projectId !== projectId || !request.documentId) {
      throw new DomainError('not_found', 'SIGNOFF.NOT_FOUND', `sign-off ${requestId} not found`);
    }
    const contactIds = request.links.flatMap((link) => (link.contactId ? [link.contactId] : []));
    return this.send(actor, projectId, { documentId: request.documentId, contactIds });
  }
}

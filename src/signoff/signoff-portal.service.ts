import { Injectable, StreamableFile } from '@nestjs/common';
import type { Actor } from '../common/access.js';
import { SignoffDecisionsService, type ClientContext } from './signoff-decisions.service.js';
import { toSignoffEvidenceResponse } from './signoff-mappers.js';
import { subjectOfRequest, type SignoffSubject } from './signoff-subjects.service.js';
import type {
  DeclineSignoffDto,
  PortalApproveSignoffDto,
  PortalSignoffResponse,
  SignoffEvidenceResponse,
} from './signoff.dto.js';

export interface PortalOpenSignoff {
  id: string;
  subject: SignoffSubject;
  title: string;
  versionLabel: string;
  documentId: string | null;
  sentAt: string;
}

/** The same sign-offs for logged-in customer users (`GET /portal/signoffs`). */
@Injectable()
export class SignoffPortalService {
  constructor(private readonly decisions: SignoffDecisionsService) {}

  async pending(actor: Actor): Promise<PortalSignoffResponse[]> {
    const open = await this.decisions.pendingFor(actor);
    return open.map(({ request, details }) => ({
      id: request.id,
      subjectType: request.subjectType,
      title: request.title,
      versionLabel: request.versionLabel,
      documentId: request.documentId,
      documentSha256: request.documentSha256,
      sentAt: request.createdAt.toISOString(),
      optionalItems: details.optionalItems,
      quote: details.quote && {
        ticketNumber: details.quote.ticketNumber,
        ticketTitle: details.quote.ticketTitle,
        description: details.quote.description,
        estimatedMinutes: details.quote.estimatedMinutes,
        estimatedNetCents: details.quote.estimatedNetCents,
      },
    }));
  }

  /**
   * The open requests with the decision each drives, for the portal's pages: a customer who
   * decides in the portal decides through the request sent to them, with its evidence.
   */
  async open(actor: Actor): Promise<PortalOpenSignoff[]> {
    const open = await this.decisions.pendingFor(actor);
    return open.map(({ request }) => ({
      id: request.id,
      subject: subjectOfRequest(request),
      title: request.title,
      versionLabel: request.versionLabel,
      documentId: request.documentId,
      sentAt: request.createdAt.toISOString(),
    }));
  }

  document(actor: Actor, id: string): Promise<StreamableFile> {
    return this.decisions.portalDocument(actor, id);
  }

  async approve(
    actor: Actor,
    id: string,
    client: ClientContext,
    dto: PortalApproveSignoffDto,
  ): Promise<SignoffEvidenceResponse> {
    const decided = await this.decisions.decideInPortal(actor, id, client, {
      outcome: 'approved',
      comment: null,
      optionalItemIds: dto.optionalItemIds ?? [],
    });
    return toSignoffEvidenceResponse(decided.decision);
  }

  async decline(
    actor: Actor,
    id: string,
    client: ClientContext,
    dto: DeclineSignoffDto,
  ): Promise<SignoffEvidenceResponse> {
    const decided = await this.decisions.decideInPortal(actor, id, client, {
      outcome: 'declined',
      comment: dto.comment,
      optionalItemIds: [],
    });
    return toSignoffEvidenceResponse(decided.decision);
  }
}

import { linkProblem } from './signoff-token.js';
import type {
  SignoffEvidenceResponse,
  SignoffLinkResponse,
  SignoffRequestResponse,
} from './signoff.dto.js';
import type { SignoffDecision, SignoffLink, SignoffRequest } from './signoff.entity.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toSignoffLinkResponse(
  link: SignoffLink,
  request: SignoffRequest,
  now: Date,
): SignoffLinkResponse {
  return {
    id: link.id,
    contactId: link.contactId,
    contactName: link.contactName,
    contactEmail: link.contactEmail,
    language: link.language,
    expiresAt: link.expiresAt.toISOString(),
    state: linkProblem({ ...link, requestStatus: request.status }, now) ?? 'open',
    firstOpenedAt: iso(link.firstOpenedAt),
    remindedAt: iso(link.remindedAt),
  };
}

export function toSignoffEvidenceResponse(decision: SignoffDecision): SignoffEvidenceResponse {
  return {
    decision: decision.decision,
    signerName: decision.signerName,
    signerEmail: decision.signerEmail,
    signedAt: decision.signedAt.toISOString(),
    ipAddress: decision.ipAddress,
    userAgent: decision.userAgent,
    comment: decision.comment,
    chosenOptionalItemIds: decision.chosenOptionalItemIds,
    documentSha256: decision.documentSha256,
    signedDocumentId: decision.signedDocumentId,
    signedSha256: decision.signedSha256,
    via: decision.linkId ? 'link' : 'portal',
  };
}

export function toSignoffRequestResponse(
  request: SignoffRequest,
  links: SignoffLink[],
  decision: SignoffDecision | null,
  now: Date,
): SignoffRequestResponse {
  return {
    id: request.id,
    customerId: request.customerId,
    subjectType: request.subjectType,
    projectId: request.projectId,
    revision: request.revision,
    changeRequestId: request.changeRequestId,
    ticketId: request.ticketId,
    quoteId: request.quoteId,
    documentId: request.documentId,
    documentSha256: request.documentSha256,
    title: request.title,
    versionLabel: request.versionLabel,
    status: request.status,
    decision: request.decision,
    createdAt: request.createdAt.toISOString(),
    closedAt: iso(request.closedAt),
    links: links.map((link) => toSignoffLinkResponse(link, request, now)),
    evidence: decision ? toSignoffEvidenceResponse(decision) : null,
  };
}

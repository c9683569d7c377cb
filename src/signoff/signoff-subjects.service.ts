import { Injectable } from '@nestjs/common';
import { validationError } from '../common/domain-error.js';
import type { Tx } from '../database/transactions.js';
import type { DocumentKind } from '../documents/document-views.js';
import { ChangeRequestsService } from '../projects/change-requests.service.js';
import { ProjectDecisionsService } from '../projects/project-decisions.service.js';
import type { CustomerDecision, Signer } from '../projects/signer.js';
// support/ still spells these SignOff; renamed here so this module says Signoff throughout.
import {
  QuotesService,
  type QuoteSignOffSummary as QuoteSignoffSummary,
} from '../support/quotes.service.js';
import type { SignoffSubjectDto } from './signoff.dto.js';
import type { SignoffOutcome, SignoffRequest, SignoffSubjectType } from './signoff.entity.js';

/** The decision a request drives, with the ids it needs. */
export type SignoffSubject =
  | { subject: 'project_revision'; projectId: string; revision: number }
  | { subject: 'change_request'; projectId: string; changeRequestId: string }
  | { subject: 'acceptance'; projectId: string }
  | { subject: 'support_quote'; ticketId: string; quoteId: string };

export interface AwaitingDetails {
  optionalItems: Array<{ id: string; title: string; netCents: number }>;
  quote: QuoteSignoffSummary | null;
}

export const DOCUMENT_KIND_OF: Record<SignoffSubjectType, DocumentKind | null> = {
  project_revision: 'solution-document',
  change_request: 'change-request',
  acceptance: 'acceptance-protocol',
  support_quote: null,
};

/** `subjectKey`: the decision across versions; a newer version supersedes the older request. */
export function subjectKey(s: SignoffSubject): string {
  switch (s.subject) {
    case 'project_revision':
      return `project:${s.projectId}:revision`;
    case 'change_request':
      return `change_request:${s.changeRequestId}`;
    case 'acceptance':
      return `project:${s.projectId}:acceptance`;
    case 'support_quote':
      return `quote:${s.quoteId}`;
  }
}

/** A subject from the API, with the fields its kind needs (400 naming the missing ones). */
export function subjectOf(dto: SignoffSubjectDto): SignoffSubject {
  const need = (fields: Array<keyof SignoffSubjectDto>) => {
    const missing = fields.filter((f) => dto[f] === undefined);
    if (missing.length > 0) {
      throw validationError(
        missing.map((f) => ({
          field: `subject.${f}`,
          messages: [`${f} is required for subject ${dto.subject}`],
        })),
      );
    }
  };
  switch (dto.subject) {
    case 'project_revision':
      need(['projectId', 'revision']);
      return { subject: dto.subject, projectId: dto.projectId!, revision: dto.revision! };
    case 'change_request':
      need(['projectId', 'changeRequestId']);
      return {
        subject: dto.subject,
        projectId: dto.projectId!,
        changeRequestId: dto.changeRequestId!,
      };
    case 'acceptance':
      need(['projectId']);
      return { subject: dto.subject, projectId: dto.projectId! };
    case 'support_quote':
      need(['ticketId', 'quoteId']);
      return { subject: dto.subject, ticketId: dto.ticketId!, quoteId: dto.quoteId! };
  }
}

export function subjectOfRequest(r: SignoffRequest): SignoffSubject {
  switch (r.subjectType) {
    case 'project_revision':
      return { subject: r.subjectType, projectId: r.projectId!, revision: r.revision! };
    case 'change_request':
      return {
        subject: r.subjectType,
        projectId: r.projectId!,
        changeRequestId: r.changeRequestId!,
      };
    case 'acceptance':
      return { subject: r.subjectType, projectId: r.projectId! };
    case 'support_quote':
      return { subject: r.subjectType, ticketId: r.ticketId!, quoteId: r.quoteId! };
  }
}

/**
 * The bridge to the modules whose state a sign-off decides: whether the subject waits for
 * this decision (checked when sending, when showing and again when deciding), and taking
 * the decision through their tx-taking variants, so the stage machine stays in one place.
 */
@Injectable()
export class SignoffSubjects {
  constructor(
    private readonly decisions: ProjectDecisionsService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly quotes: QuotesService,
  ) {}

  async assertAwaiting(customerId: string, s: SignoffSubject): Promise<AwaitingDetails> {
    switch (s.subject) {
      case 'project_revision': {
        const { optionalItems } = await this.decisions.assertAwaitingSignoff(
          customerId,
          s.projectId,
          { kind: 'revision', revision: s.revision },
        );
        return { optionalItems, quote: null };
      }
      case 'acceptance':
        await this.decisions.assertAwaitingSignoff(customerId, s.projectId, { kind: 'acceptance' });
        return { optionalItems: [], quote: null };
      case 'change_request':
        await this.changeRequests.assertAwaitingSignoff(customerId, s.projectId, s.changeRequestId);
        return { optionalItems: [], quote: null };
      case 'support_quote':
        return {
          optionalItems: [],
          quote: await this.quotes.quoteAwaitingSignOff(s.ticketId, s.quoteId, customerId),
        };
    }
  }

  /** The quote's customer: a quote has no document to take it from. */
  async quoteCustomer(ticketId: string, quoteId: string): Promise<QuoteSignoffSummary> {
    return this.quotes.quoteAwaitingSignOff(ticketId, quoteId);
  }

  /** The decision on the subject, in the caller's transaction, through its module's one path. */
  async decide(
    tx: Tx,
    s: SignoffSubject,
    outcome: SignoffOutcome,
    signer: SignoffSigner,
    input: { comment: string | null; optionalItemIds: string[] },
  ): Promise<void> {
    if (s.subject !== 'support_quote') {
      return this.decisions.decide(tx, s.projectId, signer, decisionOf(s, outcome, input));
    }
    const quoteOutcome = outcome === 'approved' ? 'approved' : 'declined';
    await this.quotes.decideSignedQuote(tx, signer, s.ticketId, s.quoteId, quoteOutcome);
  }
}

/** A sign-off is signed by a portal user or a link holder, never recorded by staff. */
export type SignoffSigner = Extract<Signer, { kind: 'portal' | 'link' }>;

/**
 * What the customer decided on a project subject. Declining a revision asks for changes;
 * declining an acceptance rejects it with the signer's comment as its one defect.
 */
export function decisionOf(
  s: Exclude<SignoffSubject, { subject: 'support_quote' }>,
  outcome: SignoffOutcome,
  input: { comment: string | null; optionalItemIds: string[] },
): CustomerDecision {
  const approved = outcome === 'approved';
  const comment = input.comment ?? '';
  switch (s.subject) {
    case 'project_revision':
      return approved
        ? { kind: 'approve', optionalItemIds: input.optionalItemIds, revision: s.revision }
        : { kind: 'request_changes', comment, revision: s.revision };
    case 'change_request':
      return approved
        ? { kind: 'approve_change_request', changeRequestId: s.changeRequestId }
        : { kind: 'reject_change_request', changeRequestId: s.changeRequestId, comment };
    case 'acceptance':
      return approved
        ? { kind: 'accept', comment: input.comment }
        : { kind: 'reject', defects: [{ title: comment, description: null }], comment };
  }
}

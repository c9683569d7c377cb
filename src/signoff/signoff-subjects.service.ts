import { Injectable } from '@nestjs/common';
import { validationError } from '../common/domain-error.js';
import type { Tx } from '../database/transactions.js';
import type { DocumentKind } from '../documents/document-views.js';
import { ProjectWorkService } from '../projects/project-work.service.js';
import { ProjectWorkflowService } from '../projects/project-workflow.service.js';
import type { SignOffSignature } from '../projects/signatures.js';
import { QuotesService, type QuoteSignOffSummary } from '../support/quotes.service.js';
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
  quote: QuoteSignOffSummary | null;
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
    private readonly workflow: ProjectWorkflowService,
    private readonly work: ProjectWorkService,
    private readonly quotes: QuotesService,
  ) {}

  async assertAwaiting(customerId: string, s: SignoffSubject): Promise<AwaitingDetails> {
    switch (s.subject) {
      case 'project_revision': {
        const { optionalItems } = await this.workflow.assertAwaitingSignOff(
          customerId,
          s.projectId,
          { kind: 'revision', revision: s.revision },
        );
        return { optionalItems, quote: null };
      }
      case 'acceptance':
        await this.workflow.assertAwaitingSignOff(customerId, s.projectId, { kind: 'acceptance' });
        return { optionalItems: [], quote: null };
      case 'change_request':
        await this.work.assertChangeRequestAwaitingSignOff(
          customerId,
          s.projectId,
          s.changeRequestId,
        );
        return { optionalItems: [], quote: null };
      case 'support_quote':
        return {
          optionalItems: [],
          quote: await this.quotes.quoteAwaitingSignOff(s.ticketId, s.quoteId, customerId),
        };
    }
  }

  /** The quote's customer: a quote has no document to take it from. */
  async quoteCustomer(ticketId: string, quoteId: string): Promise<QuoteSignOffSummary> {
    return this.quotes.quoteAwaitingSignOff(ticketId, quoteId);
  }

  async decide(
    tx: Tx,
    s: SignoffSubject,
    outcome: SignoffOutcome,
    signature: SignOffSignature,
    input: { comment: string | null; optionalItemIds: string[]; portalUserId: string | null },
  ): Promise<void> {
    const approved = outcome === 'approved';
    const comment = input.comment ?? '';
    switch (s.subject) {
      case 'project_revision':
        return approved
          ? this.workflow.approveSignedOff(
              tx,
              s.projectId,
              s.revision,
              signature,
              input.optionalItemIds,
            )
          : this.workflow.requestChangesSignedOff(tx, s.projectId, s.revision, signature, comment);
      case 'change_request':
        return approved
          ? this.work.approveChangeRequestSignedOff(tx, s.projectId, s.changeRequestId, signature)
          : this.work.rejectChangeRequestSignedOff(
              tx,
              s.projectId,
              s.changeRequestId,
              signature,
              comment,
            );
      case 'acceptance':
        return approved
          ? this.workflow.acceptSignedOff(tx, s.projectId, signature, input.comment)
          : this.workflow.rejectSignedOff(tx, s.projectId, signature, comment);
      case 'support_quote': {
        const actor = {
          userId: signature.actorId,
          email: signature.signerEmail,
          name: signature.signerName,
          role: 'customer' as const,
          customerId: signature.customerId,
        };
        await this.quotes.decideQuote(tx, actor, s.ticketId, s.quoteId, {
          outcome: approved ? 'approved' : 'declined',
          via: 'sign_off',
          decidedByName: signature.signerName,
          decidedAt: signature.signedAt,
          decidedByUserId: input.portalUserId,
          recordedById: null,
        });
        return;
      }
    }
  }
}

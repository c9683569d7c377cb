import { Inject, Injectable, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { Transactions, type Tx } from '../database/transactions.js';
import {
  DocumentsService,
  type PreparedDocument,
  type StoredDocument,
} from '../documents/documents.service.js';
import type { SignoffErrorCode } from './signoff-errors.js';
import { named, SignoffEvidence } from './signoff-evidence.service.js';
import { decideSignoff, SIGNOFF_MOVES } from './signoff-lifecycle.js';
import { SignoffLimiter } from './signoff-limiter.service.js';
import {
  SignoffSubjects,
  subjectOfRequest,
  type AwaitingDetails,
  type SignoffSigner,
} from './signoff-subjects.service.js';
import {
  hashToken,
  isWellFormedToken,
  linkProblem,
  tokenMatches,
  type LinkProblem,
} from './signoff-token.js';
import {
  SignoffDecision,
  SignoffLink,
  SignoffRequest,
  type SignoffOutcome,
} from './signoff.entity.js';

/** Who is at the other end of an HTTP request. */
export interface ClientContext {
  ip: string;
  userAgent: string;
}

export interface DecisionInput {
  outcome: SignoffOutcome;
  comment: string | null;
  optionalItemIds: string[];
}

export interface OpenSignoff {
  request: SignoffRequest;
  link: SignoffLink | null;
  document: StoredDocument | null;
  details: AwaitingDetails;
}

export interface DecidedSignoff {
  request: SignoffRequest;
  decision: SignoffDecision;
}

const PROBLEMS: Record<LinkProblem, [DomainError['kind'], SignoffErrorCode, string]> = {
  used: [
    'gone',
    'SIGNOFF.TOKEN_USED',
    'This link has already been used; the document was decided.',
  ],
  decided: ['conflict', 'SIGNOFF.ALREADY_DECIDED', 'This document has already been decided.'],
  revoked: ['gone', 'SIGNOFF.TOKEN_REVOKED', 'This link was revoked.'],
  superseded: [
    'gone',
    'SIGNOFF.TOKEN_REVOKED',
    'A newer version was sent; this link no longer works.',
  ],
  expired: ['gone', 'SIGNOFF.TOKEN_EXPIRED', 'This link has expired.'],
};

const isDecided = (problem: LinkProblem) => problem === 'used' || problem === 'decided';

export function alreadyDecided(): DomainError {
  const [kind, code, message] = PROBLEMS.decided;
  return new DomainError(kind, code, message);
}

function tokenInvalid(message = 'This sign-off link is not valid.'): DomainError {
  return new DomainError('unauthenticated', 'SIGNOFF.TOKEN_INVALID', message);
}

/**
 * The customer side: resolving a link (rate-limited, constant-time), showing what is to be
 * signed, and taking the decision exactly once with its evidence and signed copy.
 */
@Injectable()
export class SignoffDecisionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly evidence: SignoffEvidence,
    private readonly subjects: SignoffSubjects,
    private readonly limiter: SignoffLimiter,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  // ---- links --------------------------------------------------------------------------------

  /** The link behind a token, if it may still be used: 401 unknown, 410 spent, 409 decided. */
  async resolve(
    token: string,
    client: ClientContext,
    decidedToo = false,
  ): Promise<{ link: SignoffLink; request: SignoffRequest }> {
    const attempt = await this.limiter.begin(client.ip);
    let link: SignoffLink | null;
    try {
      link = isWellFormedToken(token)
        ? await this.dataSource
            .getRepository(SignoffLink)
            .findOneBy({ tokenHash: hashToken(token) })
        : null;
    } catch (error) {
      // Not checked (the database failed): no evidence of a wrong token.
      await this.limiter.forgive(attempt).catch(() => undefined);
      throw error;
    }
    // A wrong token stays counted; a valid one is taken back.
    if (!link || !tokenMatches(token, link.tokenHash)) throw tokenInvalid();
    await this.limiter.forgive(attempt);
    const request = await this.dataSource
      .getRepository(SignoffRequest)
      .findOneByOrFail({ id: link.requestId });
    const problem = linkProblem({ ...link, requestStatus: request.status }, this.clock.now());
    if (problem && !(decidedToo && isDecided(problem))) {
      const [kind, code, message] = PROBLEMS[problem];
      throw new DomainError(kind, code, message, { requestStatus: request.status });
    }
    return { link, request };
  }

  /** What the sign-off page shows; the first opening of a link is recorded. */
  async openLink(token: string, client: ClientContext): Promise<OpenSignoff> {
    const { link, request } = await this.resolve(token, client);
    const shown = await this.show(request, link);
    if (!link.firstOpenedAt) {
      await this.transactions.run(async (tx) => {
        const now = this.clock.now();
        const first = await tx.manager.update(
          SignoffLink,
          { id: link.id, firstOpenedAt: IsNull() },
          { firstOpenedAt: now },
        );
        if (first.affected !== 1) return;
        await this.audit.record(tx, 'system', {
          entityType: 'signoff_request',
          entityId: request.id,
          action: 'opened',
          changes: { linkId: link.id, contact: link.contactEmail, ip: client.ip },
        });
      });
    }
    return shown;
  }

  /** The document to sign, or once decided the signed copy (the link's holder may keep it). */
  async linkDocument(
    token: string,
    client: ClientContext,
    download: boolean,
  ): Promise<StreamableFile> {
    const { request } = await this.resolve(token, client, true);
    const decision =
      request.status === 'decided'
        ? await this.dataSource.getRepository(SignoffDecision).findOneBy({ requestId: request.id })
        : null;
    if (decision?.signedDocumentId) {
      return this.evidence.signedPdf(decision.signedDocumentId, download);
    }
    return this.evidence.pdf(request, download);
  }

  /**
   * A spent link (used, or the document decided through another link or the portal) still
   * tells its holder what was decided, by whom and when, instead of a dead end.
   */
  async decidedByLink(token: string, client: ClientContext): Promise<DecidedSignoff | null> {
    const { request } = await this.resolve(token, client, true);
    if (request.status !== 'decided') return null;
    const decision = await this.dataSource
      .getRepository(SignoffDecision)
      .findOneBy({ requestId: request.id });
    return decision ? { request, decision } : null;
  }

  async decideByLink(
    token: string,
    client: ClientContext,
    input: DecisionInput & { signerName?: string; documentId?: string },
  ): Promise<DecidedSignoff> {
    const { link, request } = await this.resolve(token, client);
    if (input.documentId !== undefined && input.documentId !== request.documentId) {
      // The token is valid, but not for that document.
      throw tokenInvalid('This sign-off link is not for that document.');
    }
    return this.decide(request, client, input, {
      kind: 'link',
      customerId: request.customerId,
      linkId: link.id,
      contactId: link.contactId,
      name: input.signerName ?? link.contactName,
      email: link.contactEmail,
      signedAt: this.clock.now(),
      signoffRequestId: request.id,
    });
  }

  // ---- portal -------------------------------------------------------------------------------

  async pendingFor(actor: Actor): Promise<OpenSignoff[]> {
    const requests = await this.dataSource.getRepository(SignoffRequest).find({
      where: { customerId: actor.customerId!, status: 'open' },
      order: { createdAt: 'ASC' },
    });
    const pending: OpenSignoff[] = [];
    for (const request of requests) {
      try {
        pending.push(await this.show(request, null));
      } catch (error) {
        // A request whose subject moved on (e.g. staff recorded a paper signature) is not pending.
        if (!(error instanceof DomainError) || error.kind !== 'conflict') throw error;
      }
    }
    return pending;
  }

  async portalDocument(actor: Actor, id: string): Promise<StreamableFile> {
    return this.evidence.pdf(await this.portalRequest(actor, id), false);
  }

  async decideInPortal(
    actor: Actor,
    id: string,
    client: ClientContext,
    input: DecisionInput,
  ): Promise<DecidedSignoff> {
    const request = await this.portalRequest(actor, id);
    return this.decide(request, client, input, {
      kind: 'portal',
      user: actor,
      signedAt: this.clock.now(),
      signoffRequestId: request.id,
    });
  }

  private async portalRequest(actor: Actor, id: string): Promise<SignoffRequest> {
    const request = await this.dataSource
      .getRepository(SignoffRequest)
      .findOneBy({ id, customerId: actor.customerId! });
    if (!request) throw notFound('SIGNOFF.NOT_FOUND', id);
    if (request.status === 'decided') throw alreadyDecided();
    if (!decideSignoff(request.status, 'decide', actor.role).allowed) {
      throw new DomainError(
        'gone',
        'SIGNOFF.REVOKED',
        `Sign-off request ${id} is ${request.status}`,
      );
    }
    return request;
  }

  // ---- shared -------------------------------------------------------------------------------

  private async show(request: SignoffRequest, link: SignoffLink | null): Promise<OpenSignoff> {
    const details = await this.subjects.assertAwaiting(
      request.customerId,
      subjectOfRequest(request),
    );
    const document = await this.evidence.checkedDocument(request);
    return { request, link, document, details };
  }

  /**
   * One decision. Everything slow (hashing, rendering the signed copy) happens before the
   * transaction; inside it, a conditional update on the request (`status = 'open'`) lets
   * exactly one of any number of concurrent decisions through — on PostgreSQL the losers
   * wait on the row lock and then match no row — and the unique request_id on the evidence
   * table is the last line. The subject's own versioned save protects the transition too.
   */
  private async decide(
    request: SignoffRequest,
    client: ClientContext,
    input: DecisionInput,
    signer: SignoffSigner,
  ): Promise<DecidedSignoff> {
    const subject = subjectOfRequest(request);
    const chosen = input.outcome === 'approved' ? [...new Set(input.optionalItemIds)] : [];
    const { decision, signedCopy } = await this.prepare(request, client, input, signer, chosen);
    const { signedAt } = signer;
    await this.transactions.run(async (tx) => {
      await this.claim(tx, request, signer, input.outcome);
      if (signedCopy) {
        decision.signedDocumentId = (await this.documents.record(tx, 'system', signedCopy)).id;
      }
      await tx.manager.insert(SignoffDecision, decision);
      await this.subjects.decide(tx, subject, input.outcome, signer, {
        comment: input.comment,
        optionalItemIds: chosen,
      });
      await this.audit.record(tx, 'system', {
        entityType: 'signoff_request',
        entityId: request.id,
        action: input.outcome,
        changes: {
          status: { from: request.status, to: SIGNOFF_MOVES.decide.to },
          signer: decision.signerName,
          signerEmail: decision.signerEmail,
          via: signer.kind,
          linkId: decision.linkId,
          documentSha256: decision.documentSha256,
          signedSha256: decision.signedSha256,
          ip: decision.ipAddress,
        },
        reason: input.comment,
      });
      await this.evidence.confirm(tx, request, decision);
    });
    return {
      request: { ...request, status: 'decided', decision: input.outcome, closedAt: signedAt },
      decision,
    };
  }

  /** The evidence row and the signed copy, before the transaction: checked, hashed, rendered. */
  private async prepare(
    request: SignoffRequest,
    client: ClientContext,
    input: DecisionInput,
    signer: SignoffSigner,
    chosen: string[],
  ): Promise<{ decision: SignoffDecision; signedCopy: PreparedDocument | null }> {
    const details = await this.subjects.assertAwaiting(
      request.customerId,
      subjectOfRequest(request),
    );
    const document = await this.evidence.checkedDocument(request);
    const evidence = {
      ipAddress: client.ip.slice(0, 64),
      userAgent: client.userAgent.slice(0, 500),
    };
    const signedCopy = document
      ? await this.evidence.signedCopy(request, document, signer, input, evidence, details, chosen)
      : null;
    const { name, email } = named(signer);
    const link = signer.kind === 'link' ? signer : null;
    const decision: SignoffDecision = {
      id: randomUUID(),
      requestId: request.id,
      linkId: link?.linkId ?? null,
      portalUserId: signer.kind === 'portal' ? signer.user.userId : null,
      contactId: link?.contactId ?? null,
      signerName: name,
      signerEmail: email,
      decision: input.outcome,
      comment: input.comment,
      chosenOptionalItemIds: chosen,
      signedAt: signer.signedAt,
      ...evidence,
      documentSha256: document?.sha256 ?? null,
      signedDocumentId: null,
      signedSha256: signedCopy?.sha256 ?? null,
      createdAt: signer.signedAt,
    };
    return { decision, signedCopy };
  }

  /** Exactly one decision per request, and a link is used once (409 for everyone else). */
  private async claim(
    tx: Tx,
    request: SignoffRequest,
    signer: SignoffSigner,
    outcome: SignoffOutcome,
  ): Promise<void> {
    const { from, to } = SIGNOFF_MOVES.decide;
    const claimed = await tx.manager.update(
      SignoffRequest,
      { id: request.id, status: In(from) },
      { status: to, decision: outcome, closedAt: signer.signedAt },
    );
    if (claimed.affected !== 1) throw alreadyDecided();
    if (signer.kind === 'link') {
      const used = await tx.manager.update(
        SignoffLink,
        { id: signer.linkId, usedAt: IsNull(), revokedAt: IsNull() },
        { usedAt: signer.signedAt },
      );
      if (used.affected !== 1) throw alreadyDecided();
    }
  }
}

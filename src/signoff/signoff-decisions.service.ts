import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AuditQuery } from '../audit/audit.dto.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import type { DocumentRecord } from '../documents/document.entity.js';
import { DocumentsService, type PreparedDocument } from '../documents/documents.service.js';
import { confirmationMail } from '../mail/mail-texts.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { certificatePage, type CertificateEvent } from './certificate.js';
import { SignoffLimiter } from './signoff-limiter.service.js';
import {
  SignoffSubjects,
  subjectOfRequest,
  type AwaitingDetails,
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
import { CompanyService } from '../company/company.service.js';

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

interface Signer {
  name: string;
  email: string;
  /** The link's id, or the portal user's. */
  actorId: string;
  link: SignoffLink | null;
  portalUserId: string | null;
}

export interface OpenSignoff {
  request: SignoffRequest;
  link: SignoffLink | null;
  document: DocumentRecord | null;
  details: AwaitingDetails;
}

export interface DecidedSignoff {
  request: SignoffRequest;
  decision: SignoffDecision;
}

const PROBLEMS: Record<LinkProblem, [DomainError['kind'], string, string]> = {
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
  private readonly logger = new Logger(SignoffDecisionsService.name);

  constructor(
    private readonly company: CompanyService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly subjects: SignoffSubjects,
    private readonly limiter: SignoffLimiter,
    private readonly outbox: MailOutbox,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  // ---- links --------------------------------------------------------------------------------

  /** The link behind a token, if it may still be used: 401 unknown, 410 spent, 409 decided. */
  async resolve(
    token: string,
    client: ClientContext,
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
    if (problem) {
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

  async linkDocument(
    token: string,
    client: ClientContext,
    download: boolean,
  ): Promise<StreamableFile> {
    const { request } = await this.resolve(token, client);
    return this.pdf(request, download);
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
      name: input.signerName ?? link.contactName,
      email: link.contactEmail,
      actorId: link.id,
      link,
      portalUserId: null,
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
    return this.pdf(await this.portalRequest(actor, id), false);
  }

  async decideInPortal(
    actor: Actor,
    id: string,
    client: ClientContext,
    input: DecisionInput,
  ): Promise<DecidedSignoff> {
    const request = await this.portalRequest(actor, id);
    return this.decide(request, client, input, {
      name: actor.name,
      email: actor.email,
      actorId: actor.userId,
      link: null,
      portalUserId: actor.userId,
    });
  }

  private async portalRequest(actor: Actor, id: string): Promise<SignoffRequest> {
    const request = await this.dataSource
      .getRepository(SignoffRequest)
      .findOneBy({ id, customerId: actor.customerId! });
    if (!request) throw notFound('signoff', id);
    if (request.status === 'decided') throw alreadyDecided();
    if (request.status !== 'open') {
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
    const document = await this.checkedDocument(request);
    return { request, link, document, details };
  }

  private async pdf(request: SignoffRequest, download: boolean): Promise<StreamableFile> {
    const document = await this.checkedDocument(request);
    if (!document) throw notFound('document', request.id);
    const bytes = await this.documents.verifiedBytes(document);
    const name = `${document.title} ${document.versionLabel}.pdf`;
    const ascii = name
      .normalize('NFKD')
      .replace(/[^\x20-\x7e]/g, '')
      .replace(/["\\]/g, '');
    return new StreamableFile(bytes, {
      type: 'application/pdf',
      length: bytes.byteLength,
      disposition: `${download ? 'attachment' : 'inline'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  }

  /**
   * The document re-hashed from storage, and the same one the request was sent with. A
   * mismatch is an integrity error (logged by the documents module), and nothing is signed.
   */
  private async checkedDocument(request: SignoffRequest): Promise<DocumentRecord | null> {
    if (!request.documentId) return null;
    const document = await this.documents.findById(request.documentId);
    if (!document) throw notFound('document', request.documentId);
    await this.documents.verifiedBytes(document);
    if (document.sha256 !== request.documentSha256) {
      this.logger.error(
        {
          requestId: request.id,
          documentId: document.id,
          expected: request.documentSha256,
          actual: document.sha256,
        },
        'sign-off document hash differs from the one sent',
      );
      throw new DomainError(
        'integrity',
        'SIGNOFF.DOCUMENT_MISMATCH',
        'The document differs from the one sent for sign-off.',
      );
    }
    return document;
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
    signer: Signer,
  ): Promise<DecidedSignoff> {
    const subject = subjectOfRequest(request);
    const details = await this.subjects.assertAwaiting(request.customerId, subject);
    const chosen = input.outcome === 'approved' ? [...new Set(input.optionalItemIds)] : [];
    const document = await this.checkedDocument(request);
    const signedAt = this.clock.now();
    const evidence = {
      ipAddress: client.ip.slice(0, 64),
      userAgent: client.userAgent.slice(0, 500),
    };
    const signedCopy = document
      ? await this.signedCopy(request, document, signer, input, evidence, signedAt, details, chosen)
      : null;
    const decision: SignoffDecision = {
      id: randomUUID(),
      requestId: request.id,
      linkId: signer.link?.id ?? null,
      portalUserId: signer.portalUserId,
      contactId: signer.link?.contactId ?? null,
      signerName: signer.name,
      signerEmail: signer.email,
      decision: input.outcome,
      comment: input.comment,
      chosenOptionalItemIds: chosen,
      signedAt,
      ...evidence,
      documentSha256: document?.sha256 ?? null,
      signedDocumentId: null,
      signedSha256: signedCopy?.sha256 ?? null,
      createdAt: signedAt,
    };
    await this.transactions.run(async (tx) => {
      const claimed = await tx.manager.update(
        SignoffRequest,
        { id: request.id, status: 'open' },
        { status: 'decided', decision: input.outcome, closedAt: signedAt },
      );
      if (claimed.affected !== 1) throw alreadyDecided();
      if (signer.link) {
        const used = await tx.manager.update(
          SignoffLink,
          { id: signer.link.id, usedAt: IsNull(), revokedAt: IsNull() },
          { usedAt: signedAt },
        );
        if (used.affected !== 1) throw alreadyDecided();
      }
      if (signedCopy) {
        decision.signedDocumentId = (await this.documents.record(tx, 'system', signedCopy)).id;
      }
      await tx.manager.insert(SignoffDecision, decision);
      await this.subjects.decide(
        tx,
        subject,
        input.outcome,
        {
          customerId: request.customerId,
          actorId: signer.actorId,
          signerName: signer.name,
          signerEmail: signer.email,
          signedAt,
        },
        { comment: input.comment, optionalItemIds: chosen, portalUserId: signer.portalUserId },
      );
      await this.audit.record(tx, 'system', {
        entityType: 'signoff_request',
        entityId: request.id,
        action: input.outcome,
        changes: {
          status: { from: 'open', to: 'decided' },
          signer: signer.name,
          signerEmail: signer.email,
          via: signer.link ? 'link' : 'portal',
          linkId: signer.link?.id ?? null,
          documentSha256: decision.documentSha256,
          signedSha256: decision.signedSha256,
          ip: decision.ipAddress,
        },
        reason: input.comment,
      });
      const mail = confirmationMail(request.locale, {
        recipientName: signer.name,
        documentTitle: request.title,
        versionLabel: request.versionLabel,
        sender: await this.company.mailSignature(this.config.mail.from, tx.manager),
        timeZone: this.config.timezone,
        decision: input.outcome,
        signerName: signer.name,
        signedAt,
        comment: input.comment,
        attached: decision.signedDocumentId !== null,
      });
      await this.outbox.enqueue(tx, {
        kind: 'signoff_confirmation',
        to: { address: signer.email, name: signer.name },
        language: request.locale,
        subject: mail.subject,
        text: mail.text,
        attachments: decision.signedDocumentId
          ? [{ filename: signedFileName(request), documentId: decision.signedDocumentId }]
          : [],
        related: { type: 'signoff_request', id: request.id },
      });
    });
    return {
      request: { ...request, status: 'decided', decision: input.outcome, closedAt: signedAt },
      decision,
    };
  }

  private async signedCopy(
    request: SignoffRequest,
    document: DocumentRecord,
    signer: Signer,
    input: DecisionInput,
    evidence: { ipAddress: string; userAgent: string },
    signedAt: Date,
    details: AwaitingDetails,
    chosen: string[],
  ): Promise<PreparedDocument> {
    const appendix = certificatePage({
      locale: document.locale,
      document: {
        title: document.title,
        versionLabel: document.versionLabel,
        id: document.id,
        sha256: document.sha256,
        issuedAt: document.createdAt,
      },
      requestId: request.id,
      decision: {
        outcome: input.outcome,
        signerName: signer.name,
        signerEmail: signer.email,
        signedAt,
        ...evidence,
        comment: input.comment,
        chosenOptions: details.optionalItems
          .filter((i) => chosen.includes(i.id))
          .map((i) => i.title),
        via: signer.link ? 'link' : 'portal',
      },
      events: [
        ...(await this.events(request)),
        {
          type: 'decided',
          at: signedAt,
          by: `${signer.name} <${signer.email}>`,
          outcome: input.outcome,
        },
      ],
    });
    return this.documents.prepareSignedCopy(document, appendix, {
      ownerType: 'signoff_request',
      ownerId: request.id,
      versionLabel:
        `${document.versionLabel} (${document.locale === 'de' ? 'unterzeichnet' : 'signed'})`.slice(
          0,
          60,
        ),
      issuedAt: signedAt,
    });
  }

  /** Sending, mails delivered, links opened: from the audit log and the outbox. */
  private async events(request: SignoffRequest): Promise<CertificateEvent[]> {
    const query = Object.assign(new AuditQuery(), {
      entityType: 'signoff_request',
      entityId: request.id,
      pageSize: 100,
    });
    const [entries, mails] = await Promise.all([
      this.audit.list(query),
      this.outbox.deliveries('signoff_request', request.id),
    ]);
    const events: CertificateEvent[] = [];
    for (const entry of entries.items) {
      const at = new Date(entry.occurredAt);
      if (entry.action === 'sent') {
        events.push({
          type: 'sent',
          at,
          by: entry.actorLabel,
          to: (entry.changes.to as string[]) ?? [],
        });
      } else if (entry.action === 'opened') {
        events.push({ type: 'opened', at, by: String(entry.changes.contact) });
      }
    }
    for (const mail of mails) {
      if (mail.sentAt && mail.kind !== 'signoff_confirmation') {
        events.push({
          type: 'mail_sent',
          at: mail.sentAt,
          to: mail.toAddress,
          reminder: mail.kind === 'signoff_reminder',
        });
      }
    }
    return events;
  }
}

function signedFileName(request: SignoffRequest): string {
  const suffix = request.locale === 'de' ? 'unterzeichnet' : 'signed';
  return `${request.title} ${request.versionLabel} ${suffix}.pdf`.replace(/[/\\:*?"<>|]/g, '-');
}

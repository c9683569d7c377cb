import { Inject, Injectable, Logger, StreamableFile } from '@nestjs/common';
import { AuditQuery } from '../audit/audit.dto.js';
import { AuditService } from '../audit/audit.service.js';
import { DomainError, notFound } from '../common/domain-error.js';
import { CompanyService } from '../company/company.service.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Tx } from '../database/transactions.js';
import {
  DocumentsService,
  type PreparedDocument,
  type StoredDocument,
} from '../documents/documents.service.js';
import { confirmationMail } from './signoff-mails.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { MailTemplates } from '../mail/mail-templates.service.js';
import { certificatePage, type CertificateEvent } from './certificate.js';
import type { AwaitingDetails, SignoffSigner } from './signoff-subjects.service.js';
import type { SignoffDecision, SignoffOutcome, SignoffRequest } from './signoff.entity.js';

/** The signer's name and address as the evidence, the certificate and the mail show them. */
export function named(signer: SignoffSigner): { name: string; email: string } {
  return signer.kind === 'portal'
    ? { name: signer.user.name, email: signer.user.email }
    : { name: signer.name, email: signer.email };
}

/**
 * The evidence around a decision: the document checked against the hash it was sent with,
 * the signed copy with its certificate page, and the confirmation mail.
 */
@Injectable()
export class SignoffEvidence {
  private readonly logger = new Logger(SignoffEvidence.name);

  constructor(
    private readonly company: CompanyService,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    private readonly outbox: MailOutbox,
    private readonly mailTexts: MailTemplates,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The document re-hashed from storage, and the same one the request was sent with. A
   * mismatch is an integrity error (logged by the documents module), and nothing is signed.
   */
  async checkedDocument(request: SignoffRequest): Promise<StoredDocument | null> {
    if (!request.documentId) return null;
    const document = await this.documents.findById(request.documentId);
    if (!document) throw notFound('DOCUMENT.NOT_FOUND', request.documentId);
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

  async pdf(request: SignoffRequest, download: boolean): Promise<StreamableFile> {
    const document = await this.checkedDocument(request);
    if (!document) throw notFound('DOCUMENT.NOT_FOUND', request.id);
    return this.stream(document, download);
  }

  /** The signed copy of a decided request (its own hash; verified against storage). */
  async signedPdf(documentId: string, download: boolean): Promise<StreamableFile> {
    const document = await this.documents.findById(documentId);
    if (!document) throw notFound('DOCUMENT.NOT_FOUND', documentId);
    return this.stream(document, download);
  }

  private async stream(document: StoredDocument, download: boolean): Promise<StreamableFile> {
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

  async signedCopy(
    request: SignoffRequest,
    document: StoredDocument,
    signer: SignoffSigner,
    input: { outcome: SignoffOutcome; comment: string | null },
    evidence: { ipAddress: string; userAgent: string },
    details: AwaitingDetails,
    chosen: string[],
  ): Promise<PreparedDocument> {
    const { name, email } = named(signer);
    const { signedAt } = signer;
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
        signerName: name,
        signerEmail: email,
        signedAt,
        ...evidence,
        comment: input.comment,
        chosenOptions: details.optionalItems
          .filter((i) => chosen.includes(i.id))
          .map((i) => i.title),
        via: signer.kind,
      },
      events: [
        ...(await this.events(request)),
        {
          type: 'decided',
          at: signedAt,
          by: `${name} <${email}>`,
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

  /** The confirmation mail to the signer, with the signed copy attached when there is one. */
  async confirm(tx: Tx, request: SignoffRequest, decision: SignoffDecision): Promise<void> {
    const mail = confirmationMail(this.mailTexts, request.locale, {
      recipientName: decision.signerName,
      documentTitle: request.title,
      versionLabel: request.versionLabel,
      sender: await this.company.mailSignature(this.config.mail.from, tx.manager),
      timeZone: this.config.timezone,
      decision: decision.decision,
      signerName: decision.signerName,
      signedAt: decision.signedAt,
      comment: decision.comment,
      attached: decision.signedDocumentId !== null,
    });
    await this.outbox.enqueue(tx, {
      kind: 'signoff_confirmation',
      to: { address: decision.signerEmail, name: decision.signerName },
      language: request.locale,
      subject: mail.subject,
      text: mail.text,
      attachments: decision.signedDocumentId
        ? [{ filename: signedFileName(request), documentId: decision.signedDocumentId }]
        : [],
      related: { type: 'signoff_request', id: request.id },
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

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { DocumentsService } from '../documents/documents.service.js';
import { requestMail } from './signoff-mails.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { MailTemplates } from '../mail/mail-templates.service.js';
import { toSignoffRequestResponse } from './signoff-mappers.js';
import {
  DOCUMENT_KIND_OF,
  SignoffSubjects,
  subjectKey,
  subjectOf,
  type SignoffSubject,
} from './signoff-subjects.service.js';
import { expiresAt, hashToken, newToken } from './signoff-token.js';
import type { CreateSignoffDto, RevokeSignoffDto, SignoffRequestResponse } from './signoff.dto.js';
import { SIGNOFF_MOVES } from './signoff-lifecycle.js';
import { SignoffDecision, SignoffLink, SignoffRequest } from './signoff.entity.js';
import { CompanyService } from '../company/company.service.js';

/** Staff side: sending a document version for sign-off, revoking, reading the evidence. */
@Injectable()
export class SignoffRequestsService {
  constructor(
    private readonly company: CompanyService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly customers: CustomersService,
    private readonly documents: DocumentsService,
    private readonly subjects: SignoffSubjects,
    private readonly outbox: MailOutbox,
    private readonly mailTexts: MailTemplates,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async send(actor: Actor, dto: CreateSignoffDto): Promise<SignoffRequestResponse> {
    const subject = subjectOf(dto.subject);
    const shown = await this.whatIsShown(actor, subject, dto.documentId);
    const customer = await this.customers.findVisible(actor, shown.customerId);
    const contacts = await this.customers.listContacts(actor, shown.customerId);
    const chosen = [...new Set(dto.contactIds)].map((id) => contacts.find((c) => c.id === id));
    const unfit = dto.contactIds.filter((id, i) => !chosen[i]?.isSignatory || !chosen[i]?.active);
    if (unfit.length > 0) {
      throw validationError([
        {
          field: 'contactIds',
          messages: [`not active signatory contacts of this customer: ${unfit.join(', ')}`],
        },
      ]);
    }
    await this.subjects.assertAwaiting(shown.customerId, subject);
    const language: 'de' | 'en' = customer.language === 'en' ? 'en' : 'de';
    const now = this.clock.now();
    const id = randomUUID();
    await this.transactions.run(async (tx) => {
      await this.supersede(tx, actor, subjectKey(subject), id);
      const request: SignoffRequest = {
        id,
        customerId: shown.customerId,
        subjectType: subject.subject,
        subjectKey: subjectKey(subject),
        projectId: 'projectId' in subject ? subject.projectId : null,
        revision: subject.subject === 'project_revision' ? subject.revision : null,
        changeRequestId: subject.subject === 'change_request' ? subject.changeRequestId : null,
        ticketId: subject.subject === 'support_quote' ? subject.ticketId : null,
        quoteId: subject.subject === 'support_quote' ? subject.quoteId : null,
        documentId: shown.documentId,
        documentSha256: shown.sha256,
        title: shown.title,
        versionLabel: shown.versionLabel,
        locale: language,
        status: 'open',
        closedAt: null,
        decision: null,
        createdBy: actor.userId,
        createdAt: now,
      };
      await tx.manager.insert(SignoffRequest, request);
      const sender = await this.company.mailSignature(this.config.mail.from, tx.manager);
      for (const contact of chosen) await this.sendLink(tx, request, contact!, sender, now);
      await this.audit.record(tx, actor, {
        entityType: 'signoff_request',
        entityId: id,
        action: 'sent',
        changes: {
          subject: request.subjectKey,
          documentId: request.documentId,
          documentSha256: request.documentSha256,
          to: chosen.map((c) => c!.email),
        },
      });
    });
    return this.get(actor, id);
  }

  /** One contact's personal link, and the mail that carries it (the token is nowhere else). */
  private async sendLink(
    tx: Tx,
    request: SignoffRequest,
    contact: { id: string; name: string; email: string },
    sender: string,
    now: Date,
  ): Promise<void> {
    const token = newToken();
    const language = request.locale;
    const link: SignoffLink = {
      id: randomUUID(),
      requestId: request.id,
      contactId: contact.id,
      contactName: contact.name,
      contactEmail: contact.email,
      language,
      tokenHash: hashToken(token),
      expiresAt: expiresAt(now, this.config.signoff.tokenDays),
      revokedAt: null,
      revokeReason: null,
      usedAt: null,
      firstOpenedAt: null,
      remindedAt: null,
      createdAt: now,
    };
    await tx.manager.insert(SignoffLink, link);
    const mail = requestMail(this.mailTexts, language, {
      recipientName: link.contactName,
      documentTitle: request.title,
      versionLabel: request.versionLabel,
      link: this.linkUrl(token),
      expiresAt: link.expiresAt,
      sender,
      timeZone: this.config.timezone,
    });
    await this.outbox.enqueue(tx, {
      kind: 'signoff_request',
      to: { address: link.contactEmail, name: link.contactName },
      language,
      subject: mail.subject,
      text: mail.text,
      related: { type: 'signoff_request', id: request.id },
    });
  }

  /** The personal link in a mail. The token appears here and in the mail, nowhere else. */
  linkUrl(token: string): string {
    return `${this.config.signoff.publicBaseUrl}/signoff/${token}`;
  }

  async revoke(actor: Actor, id: string, dto: RevokeSignoffDto): Promise<SignoffRequestResponse> {
    await this.transactions.run(async (tx) => {
      const now = this.clock.now();
      const { from, to } = SIGNOFF_MOVES.revoke;
      const closed = await tx.manager.update(
        SignoffRequest,
        { id, status: In(from) },
        { status: to, closedAt: now },
      );
      if (closed.affected !== 1) {
        const request = await tx.manager.findOneBy(SignoffRequest, { id });
        if (!request) throw notFound('SIGNOFF.NOT_FOUND', id);
        throw new DomainError(
          'conflict',
          'SIGNOFF.NOT_OPEN',
          `Sign-off request ${id} is ${request.status}`,
          { status: request.status },
        );
      }
      await this.revokeLinks(tx, id, dto.reason, now);
      await this.audit.record(tx, actor, {
        entityType: 'signoff_request',
        entityId: id,
        action: 'revoked',
        changes: { status: { from: from[0], to } },
        reason: dto.reason,
      });
    });
    return this.get(actor, id);
  }

  async get(_actor: Actor, id: string): Promise<SignoffRequestResponse> {
    const manager = this.dataSource.manager;
    const request = await manager.findOneBy(SignoffRequest, { id });
    if (!request) throw notFound('SIGNOFF.NOT_FOUND', id);
    const [links, decision] = await Promise.all([
      manager.find(SignoffLink, { where: { requestId: id }, order: { contactName: 'ASC' } }),
      manager.findOneBy(SignoffDecision, { requestId: id }),
    ]);
    return toSignoffRequestResponse(request, links, decision, this.clock.now());
  }

  /** A project's sign-off requests, newest first, with their links and decisions (staff). */
  async listForProject(actor: Actor, projectId: string): Promise<SignoffRequestResponse[]> {
    const requests = await this.dataSource.manager.find(SignoffRequest, {
      where: { projectId },
      order: { createdAt: 'DESC' },
      take: 50,
    });
    return Promise.all(requests.map((request) => this.get(actor, request.id)));
  }

  /** Sending a newer version: open requests for the same decision end, and their links. */
  private async supersede(tx: Tx, actor: Actor, key: string, byId: string): Promise<void> {
    const { from, to } = SIGNOFF_MOVES.supersede;
    const open = await tx.manager.find(SignoffRequest, {
      where: { subjectKey: key, status: In(from) },
    });
    if (open.length === 0) return;
    const now = this.clock.now();
    await tx.manager.update(
      SignoffRequest,
      { id: In(open.map((r) => r.id)), status: In(from) },
      { status: to, closedAt: now },
    );
    for (const request of open) {
      await this.revokeLinks(tx, request.id, 'a newer version was sent', now);
      await this.audit.record(tx, actor, {
        entityType: 'signoff_request',
        entityId: request.id,
        action: 'superseded',
        changes: { status: { from: request.status, to }, supersededBy: byId },
      });
    }
  }

  private async revokeLinks(tx: Tx, requestId: string, reason: string, now: Date) {
    await tx.manager.update(
      SignoffLink,
      { requestId, revokedAt: IsNull(), usedAt: IsNull() },
      { revokedAt: now, revokeReason: reason.slice(0, 200) },
    );
  }

  /** The document (or, for a quote, the quote) the customer is asked to decide on. */
  private async whatIsShown(actor: Actor, subject: SignoffSubject, documentId?: string) {
    const kind = DOCUMENT_KIND_OF[subject.subject];
    if (!kind) {
      if (documentId) {
        throw validationError([
          { field: 'documentId', messages: ['support quotes are signed off without a PDF'] },
        ]);
      }
      if (subject.subject !== 'support_quote') throw new Error('unreachable');
      const quote = await this.subjects.quoteCustomer(subject.ticketId, subject.quoteId);
      const en = (await this.customers.findVisible(actor, quote.customerId)).language === 'en';
      return {
        customerId: quote.customerId,
        documentId: null,
        sha256: null,
        title: `${quote.ticketNumber}: ${quote.ticketTitle}`,
        versionLabel: en ? 'Quote' : 'Kostenvoranschlag',
      };
    }
    if (!documentId) {
      throw validationError([
        {
          field: 'documentId',
          messages: [`a ${kind} document is required for ${subject.subject}`],
        },
      ]);
    }
    const document = await this.documents.findVisible(actor, documentId);
    if (document.kind !== kind || document.draft) {
      throw validationError([
        {
          field: 'documentId',
          messages: [
            `must be an issued ${kind} (this is a ${document.draft ? 'draft ' : ''}${document.kind})`,
          ],
        },
      ]);
    }
    // The bytes the customer will see are checked now, and again before showing and deciding.
    await this.documents.verifiedBytes(document);
    return {
      customerId: document.customerId,
      documentId: document.id,
      sha256: document.sha256,
      title: document.title,
      versionLabel: document.versionLabel,
    };
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { Tx } from '../database/transactions.js';
import { OutboxMail, type MailAttachmentRef } from './mail-outbox.entity.js';

export interface NewMail {
  kind: string;
  to: { address: string; name: string | null };
  language: 'de' | 'en';
  subject: string;
  text: string;
  attachments?: MailAttachmentRef[];
  /** What the mail is about, e.g. ('signoff_request', id): lets the certificate list it. */
  related: { type: string; id: string };
}

/**
 * What a module's mail text gives the outbox. Each module writes its own letters (sign-off
 * requests in signoff/, the customer-error notice in support/); this module only sends them.
 */
export type MailText = Pick<NewMail, 'subject' | 'text'>;
export type MailLanguage = NewMail['language'];

export interface MailDelivery {
  kind: string;
  toAddress: string;
  status: OutboxMail['status'];
  queuedAt: Date;
  sentAt: Date | null;
  /** The stored documents it carried. */
  documentIds: string[];
}

/** Writing to the outbox: always inside the transaction of what the mail is about. */
@Injectable()
export class MailOutbox {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async enqueue(tx: Tx, mail: NewMail): Promise<string> {
    const id = randomUUID();
    const now = this.clock.now();
    await tx.manager.insert(OutboxMail, {
      id,
      kind: mail.kind,
      toAddress: mail.to.address,
      toName: mail.to.name,
      language: mail.language,
      subject: mail.subject,
      textBody: mail.text,
      attachments: mail.attachments ?? [],
      relatedType: mail.related.type,
      relatedId: mail.related.id,
      status: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      claimedUntil: null,
      lastError: null,
      sentAt: null,
      messageId: null,
      createdAt: now,
    });
    return id;
  }

  async deliveries(relatedType: string, relatedId: string): Promise<MailDelivery[]> {
    const mails = await this.dataSource.getRepository(OutboxMail).find({
      where: { relatedType, relatedId },
      order: { createdAt: 'ASC' },
    });
    return mails.map((m) => ({
      kind: m.kind,
      toAddress: m.toAddress,
      status: m.status,
      queuedAt: m.createdAt,
      sentAt: m.sentAt,
      documentIds: m.attachments.flatMap((a) => ('documentId' in a ? [a.documentId] : [])),
    }));
  }
}

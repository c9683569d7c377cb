import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { DataSource, LessThan, LessThanOrEqual } from 'typeorm';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { DocumentsService } from '../documents/documents.service.js';
import { afterFailure } from './backoff.js';
import { OutboxMail } from './mail-outbox.entity.js';

const BATCH = 20;
/**
 * The lease: how long a claimed mail belongs to one instance before another may send it again
 * (its sender died between the SMTP hand-off and marking it sent). The SMTP timeouts below
 * keep one attempt well inside it, so a slow but live sender is never overtaken.
 */
const CLAIM_MS = 5 * 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 };
/** Personal sign-off links are credentials: once delivered, the outbox keeps no copy. */
const SIGNOFF_LINK = /\/signoff\/[A-Za-z0-9_-]{43}/g;

export interface FlushResult {
  sent: number;
  retrying: number;
  failed: number;
}

/**
 * Delivers the outbox: through SMTP when SMTP_URL is set, otherwise as .eml files in
 * DATA_DIR/outbox (a fresh clone needs no mail server). Runs in every app instance; a mail is
 * claimed with a conditional update (status and attempt count unchanged since it was read),
 * so of several instances exactly one sends it. A failure is retried with backoff; after
 * MAIL_MAX_ATTEMPTS the mail is marked failed, never dropped.
 */
@Injectable()
export class MailSender implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(MailSender.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<FlushResult> | null = null;
  private transporter: Transporter | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly documents: DocumentsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const seconds = this.config.mail.pollSeconds;
    if (seconds > 0) {
      this.timer = setInterval(() => {
        this.flush().catch((error: unknown) =>
          this.logger.error({ err: error }, 'mail outbox flush failed'),
        );
      }, seconds * 1000);
      this.timer.unref();
    }
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.transporter?.close();
  }

  /** Sends what is due now. Overlapping calls in one process share one run. */
  flush(): Promise<FlushResult> {
    this.running ??= this.sendDue().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async sendDue(): Promise<FlushResult> {
    const result: FlushResult = { sent: 0, retrying: 0, failed: 0 };
    const now = this.clock.now();
    const due = await this.dataSource.getRepository(OutboxMail).find({
      where: [
        { status: 'queued', nextAttemptAt: LessThanOrEqual(now) },
        { status: 'sending', claimedUntil: LessThan(now) },
      ],
      order: { createdAt: 'ASC' },
      take: BATCH,
    });
    for (const mail of due) {
      if (!(await this.claim(mail, now))) continue;
      const attempts = mail.attempts + 1;
      try {
        const messageId = await this.deliver(mail);
        await this.finish(mail, 'sent', {
          status: 'sent',
          sentAt: this.clock.now(),
          messageId,
          claimedUntil: null,
          lastError: null,
          textBody: mail.textBody.replace(SIGNOFF_LINK, '/signoff/[delivered]'),
        });
        result.sent++;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const next = afterFailure(attempts, this.config.mail.maxAttempts, this.clock.now());
        this.logger.warn({ mailId: mail.id, attempts, err: message }, 'mail delivery failed');
        await this.finish(mail, next.status === 'failed' ? 'failed' : 'retry_scheduled', {
          ...next,
          claimedUntil: null,
          lastError: message.slice(0, 2000),
        });
        if (next.status === 'failed') result.failed++;
        else result.retrying++;
      }
    }
    return result;
  }

  /**
   * Takes the lease in one conditional UPDATE, atomic on both databases: the row must still be
   * as read (status, attempt count) and still due, a queued mail or a lease that ran out. Of
   * several instances exactly one updates it; a live lease is never taken over.
   */
  private async claim(mail: OutboxMail, now: Date): Promise<boolean> {
    const due =
      mail.status === 'queued'
        ? { nextAttemptAt: LessThanOrEqual(now) }
        : { claimedUntil: LessThan(now) };
    const claimed = await this.dataSource.getRepository(OutboxMail).update(
      { id: mail.id, status: mail.status, attempts: mail.attempts, ...due },
      {
        status: 'sending',
        attempts: mail.attempts + 1,
        claimedUntil: new Date(now.getTime() + CLAIM_MS),
      },
    );
    return claimed.affected === 1;
  }

  private async finish(mail: OutboxMail, action: string, changes: Partial<OutboxMail>) {
    await this.transactions.run(async (tx) => {
      await tx.manager.update(OutboxMail, { id: mail.id, status: 'sending' }, changes);
      await this.audit.record(tx, SYSTEM_ACTOR, {
        entityType: 'mail',
        entityId: mail.id,
        action,
        changes: {
          kind: mail.kind,
          to: mail.toAddress,
          attempts: mail.attempts + 1,
          related: `${mail.relatedType}:${mail.relatedId}`,
        },
        reason: changes.lastError ?? null,
      });
    });
  }

  private async deliver(mail: OutboxMail): Promise<string> {
    const attachments = [];
    for (const ref of mail.attachments) {
      if (!('documentId' in ref)) {
        attachments.push({
          filename: ref.filename,
          content: ref.content,
          contentType: ref.contentType,
        });
        continue;
      }
      const document = await this.documents.findById(ref.documentId);
      if (!document) throw new Error(`attachment ${ref.documentId} does not exist`);
      attachments.push({
        filename: ref.filename,
        content: await this.documents.verifiedBytes(document),
        contentType: 'application/pdf',
      });
    }
    const message = {
      from: this.config.mail.from,
      to: { name: mail.toName ?? '', address: mail.toAddress },
      subject: mail.subject,
      text: mail.textBody,
      attachments,
      // The same on every attempt, so a mail sent again after a crash is recognisably the same.
      messageId: messageIdFor(mail.id, this.config.mail.from),
      headers: { 'Content-Language': mail.language, 'X-Freigabe-Mail': mail.id },
    };
    if (this.config.mail.smtpUrl) {
      const info = (await this.smtp().sendMail(message)) as { messageId: string };
      return info.messageId;
    }
    const info = (await nodemailer
      .createTransport({ streamTransport: true, buffer: true, newline: 'windows' })
      .sendMail(message)) as { messageId: string; message: Buffer };
    const dir = this.config.mail.outboxDir;
    mkdirSync(dir, { recursive: true });
    // One file per attempt, created exclusively: a second delivery is a second file to see,
    // never an overwrite that hides it.
    const attempt = mail.attempts + 1;
    writeFileSync(
      join(dir, `${mail.createdAt.getTime()}-${mail.id}-${attempt}.eml`),
      info.message,
      {
        flag: 'wx',
      },
    );
    return info.messageId;
  }

  private smtp(): Transporter {
    this.transporter ??= nodemailer.createTransport(
      { url: this.config.mail.smtpUrl, ...SMTP_TIMEOUTS },
      { from: this.config.mail.from },
    );
    return this.transporter;
  }
}

/**
 * The Message-ID of an outbox mail, derived from its row id: every attempt, on any instance,
 * carries the same one, so a receiving system can drop the duplicate that at-least-once
 * delivery may produce.
 */
export function messageIdFor(mailId: string, from: string): string {
  const domain = from.slice(from.lastIndexOf('@') + 1) || 'freigabe.invalid';
  return `<${mailId}@${domain}>`;
}

import {
  Inject,
  Injectable,
  Logger,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, In, IsNull, LessThanOrEqual } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { requestMail } from './signoff-mails.js';
import { MailOutbox } from '../mail/mail-outbox.service.js';
import { MailTemplates } from '../mail/mail-templates.service.js';
import { SignoffRequestsService } from './signoff-requests.service.js';
import { hashToken, newToken, reminderDue } from './signoff-token.js';
import { SignoffLink, SignoffRequest } from './signoff.entity.js';
import { CompanyService } from '../company/company.service.js';

const DAY = 24 * 60 * 60 * 1000;

/**
 * One reminder per contact, SIGNOFF_REMINDER_DAYS after sending. The token is kept only as a
 * hash, so the reminder cannot repeat the old link: it carries a new one (same expiry) and the
 * old link answers "revoked, a newer link was sent". The conditional update on `reminded_at`
 * makes several instances send each reminder once.
 */
@Injectable()
export class SignoffReminders implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(SignoffReminders.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly company: CompanyService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly outbox: MailOutbox,
    private readonly mailTexts: MailTemplates,
    private readonly requests: SignoffRequestsService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const seconds = this.config.mail.pollSeconds;
    if (seconds > 0 && this.config.signoff.reminderDays > 0) {
      this.timer = setInterval(() => {
        this.sendDue().catch((error: unknown) =>
          this.logger.error({ err: error }, 'sign-off reminders failed'),
        );
      }, seconds * 1000);
      this.timer.unref();
    }
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Queues the reminders that are due; returns how many. */
  async sendDue(): Promise<number> {
    const days = this.config.signoff.reminderDays;
    if (days <= 0) return 0;
    const now = this.clock.now();
    const candidates = await this.dataSource.getRepository(SignoffLink).find({
      where: {
        remindedAt: IsNull(),
        usedAt: IsNull(),
        revokedAt: IsNull(),
        createdAt: LessThanOrEqual(new Date(now.getTime() - days * DAY)),
      },
      take: 100,
    });
    const due = candidates.filter((link) => reminderDue(link, days, now));
    if (due.length === 0) return 0;
    const open = await this.dataSource.getRepository(SignoffRequest).findBy({
      id: In([...new Set(due.map((l) => l.requestId))]),
      status: 'open',
    });
    let sent = 0;
    for (const link of due) {
      const request = open.find((r) => r.id === link.requestId);
      if (request && (await this.remind(link, request, now))) sent++;
    }
    return sent;
  }

  private remind(link: SignoffLink, request: SignoffRequest, now: Date): Promise<boolean> {
    return this.transactions.run(async (tx) => {
      const claimed = await tx.manager.update(
        SignoffLink,
        { id: link.id, remindedAt: IsNull(), usedAt: IsNull(), revokedAt: IsNull() },
        { remindedAt: now, revokedAt: now, revokeReason: 'replaced by the reminder link' },
      );
      if (claimed.affected !== 1) return false;
      const token = newToken();
      const replacement: SignoffLink = {
        ...link,
        id: randomUUID(),
        tokenHash: hashToken(token),
        remindedAt: now,
        revokedAt: null,
        revokeReason: null,
        firstOpenedAt: null,
        createdAt: now,
      };
      await tx.manager.insert(SignoffLink, replacement);
      const mail = requestMail(
        this.mailTexts,
        link.language,
        {
          recipientName: link.contactName,
          documentTitle: request.title,
          versionLabel: request.versionLabel,
          link: this.requests.linkUrl(token),
          expiresAt: link.expiresAt,
          sender: await this.company.mailSignature(this.config.mail.from, tx.manager),
          timeZone: this.config.timezone,
        },
        true,
      );
      await this.outbox.enqueue(tx, {
        kind: 'signoff_reminder',
        to: { address: link.contactEmail, name: link.contactName },
        language: link.language,
        subject: mail.subject,
        text: mail.text,
        related: { type: 'signoff_request', id: request.id },
      });
      await this.audit.record(tx, 'system', {
        entityType: 'signoff_request',
        entityId: request.id,
        action: 'reminded',
        changes: { contact: link.contactEmail, replacedLinkId: link.id, linkId: replacement.id },
      });
      return true;
    });
  }
}

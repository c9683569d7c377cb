import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  DayColumn,
  TimestampColumn,
  UpdatedAtColumn,
  UuidColumn,
} from '../common/columns.js';

/**
 * A running timer: one per staff user and ticket. The start is stored (not kept in the page or
 * in memory), so it survives a reload and any instance can stop it; stopping logs the entry.
 */
@Entity('support_timers')
export class SupportTimer {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn({ name: 'ticket_id' }) ticketId!: string;
  @UuidColumn({ name: 'user_id' }) userId!: string;
  @UuidColumn({ name: 'service_id' }) serviceId!: string;
  @TimestampColumn({ name: 'started_at' }) startedAt!: Date;
}

/** "Was this article helpful?": one answer per article and user (a second answer replaces it). */
@Entity('support_article_feedback')
export class ArticleFeedback {
  @UuidColumn({ name: 'article_id', primary: true }) articleId!: string;
  @UuidColumn({ name: 'user_id', primary: true }) userId!: string;
  @Column({ type: 'boolean' }) helpful!: boolean;
  @TimestampColumn({ name: 'answered_at' }) answeredAt!: Date;
}

/**
 * The one-time support order (Einmalige Beauftragung von Support-Dienstleistungen): a customer
 * orders billable support on a ticket explicitly, with its scope and a limit. It counts as the
 * customer's prior approval of billable work up to the limit, given at `orderedAt`.
 */
@Entity('support_orders')
export class SupportOrder {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn({ name: 'ticket_id' }) ticketId!: string;
  @UuidColumn({ name: 'customer_id' }) customerId!: string;
  @Column({ type: 'text' }) scope!: string;
  @Column({ name: 'limit_minutes', type: 'integer' }) limitMinutes!: number;
  @UuidColumn({ name: 'ordered_by_user_id' }) orderedByUserId!: string;
  @Column({ name: 'ordered_by_name', type: 'varchar', length: 254 }) orderedByName!: string;
  @TimestampColumn({ name: 'ordered_at' }) orderedAt!: Date;
}

/** A sub-processor (GDPR Art. 28) the company uses, shown to customers with an AV agreement. */
@Entity('sub_processors')
export class SubProcessor {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @Column({ type: 'varchar', length: 200 }) name!: string;
  @Column({ type: 'varchar', length: 500 }) service!: string;
  @Column({ type: 'varchar', length: 200 }) location!: string;
  @DayColumn() since!: string;
  @CreatedAtColumn() createdAt!: Date;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

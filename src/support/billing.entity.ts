import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  MoneyColumn,
  TimestampColumn,
  UuidColumn,
} from '../common/columns.js';
import type { BillingBasis, OrderedWorkKind } from './entry-billing.js';

export const QUOTE_STATUSES = ['proposed', 'approved', 'declined'] as const;
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/** How the customer's decision on a quote reached the company. */
export const APPROVAL_CHANNELS = ['portal', 'sign_off', 'paper', 'email', 'phone'] as const;
export type ApprovalChannel = (typeof APPROVAL_CHANNELS)[number];
/** Staff record decisions that arrived outside the app. */
export const RECORDED_CHANNELS = ['paper', 'email', 'phone'] as const;
export type RecordedChannel = (typeof RECORDED_CHANNELS)[number];

/** A support quote: the estimated billable effort the customer orders before work beyond the threshold. */
@Entity('support_quotes')
export class SupportQuote {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() ticketId!: string;
  @Column({ type: 'text' }) description!: string;
  @UuidColumn() serviceId!: string;
  @Column({ type: 'integer' }) estimatedMinutes!: number;
  /** The estimate priced like billing prices it (rounded, no surcharge, no goodwill). */
  @MoneyColumn() estimatedNetCents!: number;
  @Column({ type: 'varchar', length: 20 }) status!: QuoteStatus;
  @UuidColumn() createdById!: string;
  @Column({ type: 'varchar', length: 254 }) createdByLabel!: string;
  @CreatedAtColumn() createdAt!: Date;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'varchar', length: 20, nullable: true }) decidedVia!: ApprovalChannel | null;
  /** The person on the customer's side who approved or declined. */
  @Column({ type: 'varchar', length: 254, nullable: true }) decidedByName!: string | null;
  /** The customer user, when decided in the portal. */
  @UuidColumn({ nullable: true }) decidedByUserId!: string | null;
  /** The staff member who recorded a decision made on paper, by e-mail or phone. */
  @UuidColumn({ nullable: true }) recordedById!: string | null;
  @VersionColumn() version!: number;
}

/**
 * Time worked on a ticket, kept as logged (whole minutes); billing rounds it. Billable when
 * the ticket's category is billed (extended) and the entry is not marked no-charge; time
 * logged before the cause was known only as the analysis fee (see entry-billing.ts).
 */
@Entity('support_time_entries')
export class SupportTimeEntry {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() ticketId!: string;
  /** The ticket's customer, kept here so billing queries and claims need no join. */
  @UuidColumn() customerId!: string;
  @UuidColumn() userId!: string;
  @Column({ type: 'varchar', length: 254 }) userLabel!: string;
  @UuidColumn() serviceId!: string;
  @TimestampColumn() startedAt!: Date;
  @TimestampColumn({ nullable: true }) endedAt!: Date | null;
  @Column({ type: 'integer' }) minutes!: number;
  /** Minutes outside business hours, fixed when logged under the calendar then in force. */
  @Column({ type: 'integer' }) afterHoursMinutes!: number;
  /**
   * Minutes outside the hours the customer's service contract covers (default: business
   * hours), fixed when logged: billed at the price list even on a free ticket.
   */
  @Column({ type: 'integer', default: 0 }) outsideCoverageMinutes!: number;
  @Column({ type: 'boolean', default: false }) noCharge!: boolean;
  /** What the entry may be billed as, fixed when logged (see entry-billing.ts). */
  @Column({ type: 'varchar', length: 20, default: 'work' }) billingBasis!: BillingBasis;
  /** The kind of ordered work (Auftragsleistung), billed by nature; null for other work. */
  @Column({ type: 'varchar', length: 40, nullable: true }) orderedWorkKind!: OrderedWorkKind | null;
  @Column({ type: 'text' }) description!: string;
  /** Goodwill on this entry alone (basis points billed), ahead of the ticket's; null: the ticket's. */
  @Column({ type: 'integer', nullable: true }) goodwillBilledBp!: number | null;
  @Column({ type: 'text', nullable: true }) goodwillReason!: string | null;
  /** Set exactly once, by the claim of the invoice that bills the entry. */
  @TimestampColumn({ nullable: true }) invoicedAt!: Date | null;
  @Column({ type: 'varchar', length: 100, nullable: true }) invoiceRef!: string | null;
  @MoneyColumn({ nullable: true }) invoicedNetCents!: number | null;
  @CreatedAtColumn() createdAt!: Date;
}

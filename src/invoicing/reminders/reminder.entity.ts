import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  DayColumn,
  JsonColumn,
  MoneyColumn,
  UpdatedAtColumn,
  UuidColumn,
} from '../../common/columns.js';
import type { InterestPeriod, ReminderLevel } from './dunning-rules.js';

/**
 * A payment reminder sent for an invoice: what it claimed, its PDF and to whom it went. One
 * per invoice and level (unique), never edited. The invoice row itself never changes.
 */
@Entity('payment_reminders')
export class PaymentReminder {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() invoiceId!: string;
  @Column({ type: 'integer' }) level!: ReminderLevel;
  @DayColumn() reminderDate!: string;
  @MoneyColumn() openCents!: number;
  @MoneyColumn() feeCents!: number;
  @MoneyColumn() flatFeeCents!: number;
  @MoneyColumn() interestCents!: number;
  @MoneyColumn() earlierFeesCents!: number;
  @MoneyColumn() totalCents!: number;
  @JsonColumn() interest!: InterestPeriod[];
  @UuidColumn() documentId!: string;
  @Column({ type: 'varchar', length: 254 }) sentTo!: string;
  @UuidColumn() createdBy!: string;
  @CreatedAtColumn() createdAt!: Date;
}

/** Settings of the invoicing module, one JSON row per key ('dunning', 'datev'). */
@Entity('invoicing_settings')
export class InvoicingSetting {
  @PrimaryColumn({ type: 'varchar', length: 40 }) key!: string;
  @JsonColumn() value!: unknown;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

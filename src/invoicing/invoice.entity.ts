import { Column, Entity, PrimaryColumn, VersionColumn } from 'typeorm';
import {
  columnType,
  CreatedAtColumn,
  DayColumn,
  JsonColumn,
  MoneyColumn,
  TimestampColumn,
  UpdatedAtColumn,
  UuidColumn,
} from '../common/columns.js';
import type { InvoiceKind, InvoiceSnapshot, InvoiceUnit } from './invoice-snapshot.js';

export const INVOICE_STATUSES = ['draft', 'issued', 'cancelled'] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
export const INVOICE_SERIES = ['invoice', 'cancellation'] as const;
export type InvoiceSeriesKey = (typeof INVOICE_SERIES)[number];

/**
 * An invoice. A draft is edited under optimistic locking; issuing fills number, snapshot,
 * XML and document in the same row once (draft → issued). After that the row changes only
 * once more: issued → cancelled, when a cancellation invoice (a new row) cancels it. Amounts
 * of a draft are a preview; those of an issued invoice are the snapshot's.
 */
@Entity('invoices')
export class Invoice {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @Column({ type: 'varchar', length: 20 }) kind!: InvoiceKind;
  @Column({ type: 'varchar', length: 20 }) status!: InvoiceStatus;
  @Column({ type: 'varchar', length: 20 }) series!: InvoiceSeriesKey;
  @Column({ type: 'varchar', length: 40, nullable: true }) number!: string | null;
  @UuidColumn() customerId!: string;
  @UuidColumn({ nullable: true }) projectId!: string | null;
  @Column({ type: 'varchar', length: 2 }) locale!: 'de' | 'en';
  @Column({ type: 'varchar', length: 200 }) subject!: string;
  @Column({ type: 'varchar', length: 100, nullable: true }) buyerReference!: string | null;
  @DayColumn({ nullable: true }) serviceFrom!: string | null;
  @DayColumn({ nullable: true }) serviceTo!: string | null;
  @Column({ type: 'integer' }) paymentTermsDays!: number;
  @Column({ name: 'down_payment_bp', type: 'integer', nullable: true })
  downPaymentBp!: number | null;
  @UuidColumn({ nullable: true }) cancelsInvoiceId!: string | null;
  @Column({ type: 'text', nullable: true }) cancelReason!: string | null;
  @MoneyColumn() netCents!: number;
  @MoneyColumn() vatCents!: number;
  @MoneyColumn() grossCents!: number;
  @MoneyColumn() prepaidCents!: number;
  @MoneyColumn() dueCents!: number;
  @DayColumn({ nullable: true }) issueDate!: string | null;
  @DayColumn({ nullable: true }) dueDate!: string | null;
  @JsonColumn({ nullable: true }) snapshot!: InvoiceSnapshot | null;
  @Column({ type: 'text', nullable: true }) xml!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) xmlSha256!: string | null;
  @UuidColumn({ nullable: true }) documentId!: string | null;
  @Column({ type: 'varchar', length: 64, nullable: true }) pdfSha256!: string | null;
  @TimestampColumn({ nullable: true }) issuedAt!: Date | null;
  @UuidColumn({ nullable: true }) issuedBy!: string | null;
  @UuidColumn() createdBy!: string;
  @CreatedAtColumn() createdAt!: Date;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

export type InvoiceLineSource =
  | 'manual'
  | 'revision_item'
  | 'change_request'
  | 'time_entry'
  | 'budget_cap'
  | 'down_payment'
  | 'support_entry'
  | 'support_surcharge'
  | 'support_goodwill'
  /** An issued invoice's allowance as its cancellation repeats it (negated). */
  | 'allowance';

@Entity('invoice_lines')
export class InvoiceLine {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() invoiceId!: string;
  @Column({ type: 'integer' }) position!: number;
  @Column({ type: 'varchar', length: 200 }) title!: string;
  @Column({ type: 'text', nullable: true }) description!: string | null;
  /** Thousandths; negative for deductions and cancellations. */
  @Column({ type: 'integer' }) quantity!: number;
  @Column({ type: 'varchar', length: 20 }) unit!: InvoiceUnit;
  @MoneyColumn() unitPriceCents!: number;
  @Column({ name: 'vat_rate_bp', type: 'integer' }) vatRateBp!: number;
  @MoneyColumn() netCents!: number;
  @Column({ type: 'varchar', length: 30 }) sourceType!: InvoiceLineSource;
  @Column({ type: 'varchar', length: 64, nullable: true }) sourceId!: string | null;
}

/** A number series: its pattern (the counters live in number_sequences). */
@Entity('invoice_series')
export class InvoiceSeries {
  @PrimaryColumn({ type: 'varchar', length: 20 }) key!: InvoiceSeriesKey;
  @Column({ type: 'varchar', length: 60 }) pattern!: string;
  @UpdatedAtColumn() updatedAt!: Date;
  @VersionColumn() version!: number;
}

/** A payment received for an issued invoice; never edited (a wrong one is reversed). */
@Entity('invoice_payments')
export class InvoicePayment {
  @PrimaryColumn({ type: columnType.uuid() }) id!: string;
  @UuidColumn() invoiceId!: string;
  @DayColumn() day!: string;
  @MoneyColumn() amountCents!: number;
  @Column({ type: 'varchar', length: 140, nullable: true }) reference!: string | null;
  @UuidColumn() createdBy!: string;
  @CreatedAtColumn() createdAt!: Date;
}

/** Idempotency-Key → the invoice a request issued, so a retry answers with the same one. */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn({ type: 'varchar', length: 250 }) key!: string;
  @Column({ type: 'varchar', length: 40 }) scope!: string;
  @UuidColumn() invoiceId!: string;
  @CreatedAtColumn() createdAt!: Date;
}

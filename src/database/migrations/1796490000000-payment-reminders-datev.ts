import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/**
 * Payment reminders (Zahlungserinnerung, 1. and 2. Mahnung), recorded per invoice and level
 * (unique: confirming a reminder run twice sends nothing twice), and the invoicing settings
 * (dunning levels, base rates, DATEV accounts) as versioned JSON rows.
 */
export class PaymentRemindersDatev1796490000000 implements MigrationInterface {
  name = 'PaymentRemindersDatev1796490000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'invoicing_settings',
        columns: [
          { ...c.varchar('key', 40), isPrimary: true },
          c.json('value'),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'payment_reminders',
        columns: [
          c.id(),
          c.uuid('invoice_id'),
          c.integer('level'),
          c.date('reminder_date'),
          c.bigint('open_cents'),
          c.bigint('fee_cents'),
          c.bigint('flat_fee_cents'),
          c.bigint('interest_cents'),
          c.bigint('earlier_fees_cents'),
          c.bigint('total_cents'),
          c.json('interest'),
          c.uuid('document_id'),
          c.varchar('sent_to', 254),
          c.uuid('created_by'),
          c.createdAt(),
        ],
        foreignKeys: [
          foreignKey('invoice_id', 'invoices'),
          foreignKey('document_id', 'documents'),
          foreignKey('created_by', 'users'),
        ],
        indices: [
          {
            name: 'uq_payment_reminders_invoice_level',
            columnNames: ['invoice_id', 'level'],
            isUnique: true,
          },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('payment_reminders');
    await queryRunner.dropTable('invoicing_settings');
  }
}

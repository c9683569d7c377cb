import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/**
 * Invoices with their lines, number series patterns, payments and idempotency keys. A
 * partial unique index lets a project have at most one issued (not cancelled) final invoice.
 */
export class Invoicing1795700000000 implements MigrationInterface {
  name = 'Invoicing1795700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'invoices',
        columns: [
          c.id(),
          c.varchar('kind', 20),
          c.varchar('status', 20),
          c.varchar('series', 20),
          { ...c.varchar('number', 40, true), isUnique: true },
          c.uuid('customer_id'),
          c.uuid('project_id', true),
          c.varchar('locale', 2),
          c.varchar('subject', 200),
          c.varchar('buyer_reference', 100, true),
          c.date('service_from', true),
          c.date('service_to', true),
          c.integer('payment_terms_days'),
          c.integer('down_payment_bp', undefined, true),
          c.uuid('cancels_invoice_id', true),
          c.text('cancel_reason', true),
          c.bigint('net_cents', 0),
          c.bigint('vat_cents', 0),
          c.bigint('gross_cents', 0),
          c.bigint('prepaid_cents', 0),
          c.bigint('due_cents', 0),
          c.date('issue_date', true),
          c.date('due_date', true),
          c.json('snapshot', true),
          c.text('xml', true),
          c.varchar('xml_sha256', 64, true),
          c.uuid('document_id', true),
          c.varchar('pdf_sha256', 64, true),
          c.timestamp('issued_at', true),
          c.uuid('issued_by', true),
          c.uuid('created_by'),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
        foreignKeys: [
          foreignKey('customer_id', 'customers'),
          foreignKey('project_id', 'projects'),
          foreignKey('cancels_invoice_id', 'invoices'),
          foreignKey('created_by', 'users'),
        ],
        indices: [
          { name: 'idx_invoices_customer', columnNames: ['customer_id'] },
          { name: 'idx_invoices_project', columnNames: ['project_id'] },
          { name: 'idx_invoices_status_due', columnNames: ['status', 'due_date'] },
        ],
      }),
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_invoices_project_final ON invoices (project_id) WHERE kind = 'final' AND status = 'issued'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX uq_invoices_cancels ON invoices (cancels_invoice_id) WHERE cancels_invoice_id IS NOT NULL`,
    );

    await queryRunner.createTable(
      new Table({
        name: 'invoice_lines',
        columns: [
          c.id(),
          c.uuid('invoice_id'),
          c.integer('position'),
          c.varchar('title', 200),
          c.text('description', true),
          c.integer('quantity'),
          c.varchar('unit', 20),
          c.bigint('unit_price_cents'),
          c.integer('vat_rate_bp'),
          c.bigint('net_cents'),
          c.varchar('source_type', 30),
          c.varchar('source_id', 64, true),
        ],
        foreignKeys: [foreignKey('invoice_id', 'invoices', 'CASCADE')],
        indices: [{ name: 'idx_invoice_lines_invoice', columnNames: ['invoice_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'invoice_series',
        columns: [
          { ...c.varchar('key', 20), isPrimary: true },
          c.varchar('pattern', 60),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO invoice_series (key, pattern) VALUES ('invoice', 'RE-{YYYY}-{SEQ:5}'), ('cancellation', 'ST-{YYYY}-{SEQ:5}')`,
    );

    await queryRunner.createTable(
      new Table({
        name: 'invoice_payments',
        columns: [
          c.id(),
          c.uuid('invoice_id'),
          c.date('day'),
          c.bigint('amount_cents'),
          c.varchar('reference', 140, true),
          c.uuid('created_by'),
          c.createdAt(),
        ],
        foreignKeys: [foreignKey('invoice_id', 'invoices'), foreignKey('created_by', 'users')],
        indices: [{ name: 'idx_invoice_payments_invoice', columnNames: ['invoice_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'idempotency_keys',
        columns: [
          { ...c.varchar('key', 250), isPrimary: true },
          c.varchar('scope', 40),
          c.uuid('invoice_id'),
          c.createdAt(),
        ],
        foreignKeys: [foreignKey('invoice_id', 'invoices')],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'idempotency_keys',
      'invoice_payments',
      'invoice_series',
      'invoice_lines',
      'invoices',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

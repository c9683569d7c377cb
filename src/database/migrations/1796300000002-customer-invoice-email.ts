import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * Invoices are e-mailed: a customer may name the address they go to (an accounts mailbox);
 * without one they go to the signatory contact.
 */
export class CustomerInvoiceEmail1796300000002 implements MigrationInterface {
  name = 'CustomerInvoiceEmail1796300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumn(
      'customers',
      new TableColumn(c.varchar('invoice_email', 254, true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('customers', 'invoice_email');
  }
}

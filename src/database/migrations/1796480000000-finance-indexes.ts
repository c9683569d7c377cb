import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The finance home sums revenue per month and the invoice list filters by issue period: both
 * read invoices by issue date (drafts have none), so an index on it keeps them off a full scan.
 */
export class FinanceIndexes1796480000000 implements MigrationInterface {
  name = 'FinanceIndexes1796480000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'invoices',
      new TableIndex({ name: 'idx_invoices_issue_date', columnNames: ['issue_date'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('invoices', 'idx_invoices_issue_date');
  }
}

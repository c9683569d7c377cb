import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * Goodwill per entry (the terms describe it on the analysis fee): an entry may carry its own
 * billed share and reason, ahead of its ticket's; null keeps the ticket's.
 */
export class EntryGoodwill1796150000000 implements MigrationInterface {
  name = 'EntryGoodwill1796150000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumns('support_time_entries', [
      new TableColumn(c.integer('goodwill_billed_bp', undefined, true)),
      new TableColumn(c.text('goodwill_reason', true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('support_time_entries', 'goodwill_reason');
    await queryRunner.dropColumn('support_time_entries', 'goodwill_billed_bp');
  }
}

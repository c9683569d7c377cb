import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * Ordered work (Auftragsleistungen): account migrations, compromised accounts, administration
 * and software development are billed by nature, whatever caused the ticket. A time entry
 * names its kind (its billing basis is then `ordered_work`).
 */
export class OrderedWork1796110000000 implements MigrationInterface {
  name = 'OrderedWork1796110000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumn(
      'support_time_entries',
      new TableColumn(c.varchar('ordered_work_kind', 40, true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('support_time_entries', 'ordered_work_kind');
  }
}

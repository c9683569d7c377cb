import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * The company's federal state: its public holidays are computed (the `holidays` setting keeps
 * the company's own closed days). Null until an admin sets it, as before: no computed days.
 */
export class FederalStateHolidays1796130000000 implements MigrationInterface {
  name = 'FederalStateHolidays1796130000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumn(
      'support_settings',
      new TableColumn(c.varchar('federal_state', 2, true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('support_settings', 'federal_state');
  }
}

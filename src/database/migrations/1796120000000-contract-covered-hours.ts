import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * Service outside the contract (service terms): a service contract records the hours it
 * covers (null: the company's business hours), and a time entry the minutes worked outside
 * the hours covered on its day, billed at the price list when the ticket itself is free.
 */
export class ContractCoveredHours1796120000000 implements MigrationInterface {
  name = 'ContractCoveredHours1796120000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumn(
      'customer_contracts',
      new TableColumn(c.json('covered_hours', true)),
    );
    await queryRunner.addColumn(
      'support_time_entries',
      new TableColumn(c.integer('outside_coverage_minutes', 0)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('support_time_entries', 'outside_coverage_minutes');
    await queryRunner.dropColumn('customer_contracts', 'covered_hours');
  }
}

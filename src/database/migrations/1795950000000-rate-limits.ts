import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

export class RateLimits1795950000000 implements MigrationInterface {
  name = 'RateLimits1795950000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'rate_limit_buckets',
        columns: [
          { ...c.varchar('key', 400), isPrimary: true },
          // Epoch milliseconds: compared with the app's clock, no time zone involved.
          c.bigint('expires_at'),
          c.integer('hits'),
          c.bigint('blocked_until', 0),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('rate_limit_buckets');
  }
}

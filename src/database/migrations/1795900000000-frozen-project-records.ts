import type { MigrationInterface, QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/** Records the customer relies on: written once, never updated or deleted. */
const FROZEN = ['project_revisions', 'revision_decisions', 'acceptance_records'] as const;

export class FrozenProjectRecords1795900000000 implements MigrationInterface {
  name = 'FrozenProjectRecords1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    if (c.isPostgres) {
      await queryRunner.query(`
        CREATE FUNCTION frozen_record() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END;
        $$ LANGUAGE plpgsql`);
    }
    for (const table of FROZEN) {
      if (c.isPostgres) {
        await queryRunner.query(
          `CREATE TRIGGER ${table}_frozen BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION frozen_record()`,
        );
      } else {
        for (const op of ['UPDATE', 'DELETE']) {
          await queryRunner.query(
            `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
          );
        }
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    for (const table of FROZEN) {
      if (c.isPostgres) {
        await queryRunner.query(`DROP TRIGGER ${table}_frozen ON ${table}`);
      } else {
        await queryRunner.query(`DROP TRIGGER ${table}_no_update`);
        await queryRunner.query(`DROP TRIGGER ${table}_no_delete`);
      }
    }
    if (c.isPostgres) await queryRunner.query('DROP FUNCTION frozen_record()');
  }
}

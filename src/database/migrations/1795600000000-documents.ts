import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/**
 * Issued documents: the metadata and snapshot in `documents`, the bytes either in
 * `document_contents` (DOCUMENT_STORAGE=database) or in a folder named by `storage_key`.
 * Both tables are append-only: an issued document is never edited or deleted.
 */
export class Documents1795600000000 implements MigrationInterface {
  name = 'Documents1795600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'documents',
        columns: [
          c.id(),
          c.varchar('kind', 40),
          c.uuid('customer_id'),
          c.varchar('owner_type', 40),
          c.varchar('owner_id', 64),
          c.varchar('title', 300),
          c.varchar('version_label', 60),
          c.varchar('locale', 2),
          c.varchar('template_name', 100),
          c.varchar('template_version', 64),
          c.json('snapshot'),
          c.varchar('sha256', 64),
          c.integer('byte_size'),
          c.varchar('storage', 20),
          c.varchar('storage_key', 200),
          c.boolean('draft', false),
          c.createdAt(),
          c.uuid('created_by', true),
        ],
        foreignKeys: [foreignKey('customer_id', 'customers'), foreignKey('created_by', 'users')],
        indices: [
          { name: 'idx_documents_owner', columnNames: ['owner_type', 'owner_id'] },
          { name: 'idx_documents_customer', columnNames: ['customer_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'document_contents',
        columns: [{ ...c.varchar('storage_key', 200), isPrimary: true }, c.binary('bytes')],
      }),
    );

    if (c.isPostgres) {
      await queryRunner.query(`
        CREATE FUNCTION documents_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END;
        $$ LANGUAGE plpgsql`);
      for (const table of ['documents', 'document_contents']) {
        await queryRunner.query(`
          CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table}
          FOR EACH ROW EXECUTE FUNCTION documents_append_only()`);
      }
    } else {
      for (const table of ['documents', 'document_contents']) {
        for (const op of ['UPDATE', 'DELETE']) {
          await queryRunner.query(`
            CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
            BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`);
        }
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    if (c.isPostgres) {
      for (const table of ['documents', 'document_contents']) {
        await queryRunner.query(`DROP TRIGGER ${table}_append_only ON ${table}`);
      }
      await queryRunner.query('DROP FUNCTION documents_append_only()');
    }
    await queryRunner.dropTable('document_contents');
    await queryRunner.dropTable('documents');
  }
}

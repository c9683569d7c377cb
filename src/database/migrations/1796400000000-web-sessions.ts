import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/**
 * The web app: server-side sessions (the cookie holds a token, the row its SHA-256) and each
 * user's language for the pages (null: German for staff, the customer's language for
 * customer users).
 */
export class WebSessions1796400000000 implements MigrationInterface {
  name = 'WebSessions1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'web_sessions',
        columns: [
          { ...c.varchar('id', 64), isPrimary: true },
          c.uuid('user_id'),
          c.varchar('csrf_token', 64),
          c.timestamp('created_at'),
          c.timestamp('last_seen_at'),
          c.timestamp('expires_at'),
          c.json('flash', true),
        ],
        foreignKeys: [foreignKey('user_id', 'users', 'CASCADE')],
        indices: [new TableIndex({ columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.addColumn('users', new TableColumn(c.varchar('locale', 2, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('users', 'locale');
    await queryRunner.dropTable('web_sessions');
  }
}

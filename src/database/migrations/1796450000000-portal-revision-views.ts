import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/**
 * The customer portal remembers which revisions of a project each customer user has seen, so
 * a new revision shows "what changed since the version you saw last" against the latest of them.
 */
export class PortalRevisionViews1796450000000 implements MigrationInterface {
  name = 'PortalRevisionViews1796450000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'portal_revision_views',
        columns: [
          { ...c.uuid('user_id'), isPrimary: true },
          { ...c.uuid('project_id'), isPrimary: true },
          { ...c.integer('revision'), isPrimary: true },
          c.timestamp('seen_at'),
        ],
        foreignKeys: [
          foreignKey('user_id', 'users', 'CASCADE'),
          foreignKey('project_id', 'projects', 'CASCADE'),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('portal_revision_views');
  }
}

import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The dashboard's lists are the oldest-touched projects first (`ORDER BY updated_at LIMIT 25`):
 * with these the database walks the projects in that order and stops at the 25th that fits,
 * instead of sorting every active project of the consultant (8,500 rows, 2 ms, in the web
 * bench). The second serves admin and finance, who see all projects.
 */
export class DashboardOrderIndexes1796470000000 implements MigrationInterface {
  name = 'DashboardOrderIndexes1796470000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'projects',
      new TableIndex({
        name: 'idx_projects_creator_updated',
        columnNames: ['created_by', 'updated_at'],
      }),
    );
    await queryRunner.createIndex(
      'projects',
      new TableIndex({ name: 'idx_projects_updated', columnNames: ['updated_at'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('projects', 'idx_projects_updated');
    await queryRunner.dropIndex('projects', 'idx_projects_creator_updated');
  }
}

import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The dashboard's "due soon" list of a consultant (`created_by = … AND completion_date <= …
 * ORDER BY completion_date LIMIT 25`): with this the database walks the consultant's projects
 * by completion date and stops at the 25th in a dated stage, instead of collecting every
 * dated project of all consultants and sorting them (3,300 rows, 0.8 ms, in the web bench).
 * Admin and finance, who see all projects, keep idx_projects_stage_completion.
 */
export class DashboardDueIndex1796583100000 implements MigrationInterface {
  name = 'DashboardDueIndex1796583100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'projects',
      new TableIndex({
        name: 'idx_projects_creator_completion',
        columnNames: ['created_by', 'completion_date'],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('projects', 'idx_projects_creator_completion');
  }
}

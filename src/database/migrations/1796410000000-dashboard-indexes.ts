import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The staff dashboard's queries: a consultant's projects by stage, completion dates due soon,
 * and change requests waiting (drafts to send, sent ones the customer has not decided).
 */
export class DashboardIndexes1796410000000 implements MigrationInterface {
  name = 'DashboardIndexes1796410000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'projects',
      new TableIndex({ name: 'idx_projects_creator_stage', columnNames: ['created_by', 'stage'] }),
    );
    await queryRunner.createIndex(
      'projects',
      new TableIndex({
        name: 'idx_projects_stage_completion',
        columnNames: ['stage', 'completion_date'],
      }),
    );
    await queryRunner.createIndex(
      'change_requests',
      new TableIndex({ name: 'idx_change_requests_status', columnNames: ['status'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('change_requests', 'idx_change_requests_status');
    await queryRunner.dropIndex('projects', 'idx_projects_stage_completion');
    await queryRunner.dropIndex('projects', 'idx_projects_creator_stage');
  }
}

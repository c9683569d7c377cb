import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/** The project page lists a project's sign-off requests. */
export class SignoffProjectIndex1796420000000 implements MigrationInterface {
  name = 'SignoffProjectIndex1796420000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createIndex(
      'signoff_requests',
      new TableIndex({ name: 'idx_signoff_requests_project', columnNames: ['project_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('signoff_requests', 'idx_signoff_requests_project');
  }
}

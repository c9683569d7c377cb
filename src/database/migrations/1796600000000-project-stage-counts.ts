import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * How many projects each consultant has in each stage, kept by the database itself: triggers
 * on `projects` count every insert, every change of stage or owner and every delete, in the
 * writing transaction, whichever code (or bulk insert) writes. The dashboard reads its stage
 * counts from here (a handful of rows) instead of counting a consultant's projects on every
 * view: 10,000 projects took 1.2 ms, and ten years of them would take ten times that.
 */
export class ProjectStageCounts1796600000000 implements MigrationInterface {
  name = 'ProjectStageCounts1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'project_stage_counts',
        columns: [
          { ...c.uuid('created_by'), isPrimary: true },
          { ...c.varchar('stage', 20), isPrimary: true },
          c.integer('count', 0),
        ],
      }),
    );
    const add = (row: 'NEW') =>
      `INSERT INTO project_stage_counts (created_by, stage, count) VALUES (${row}.created_by, ${row}.stage, 1)
       ON CONFLICT (created_by, stage) DO UPDATE SET count = project_stage_counts.count + 1;`;
    const remove = (row: 'OLD') =>
      `UPDATE project_stage_counts SET count = count - 1
       WHERE created_by = ${row}.created_by AND stage = ${row}.stage;`;
    const moved =
      'OLD.stage IS DISTINCT FROM NEW.stage OR OLD.created_by IS DISTINCT FROM NEW.created_by';
    if (c.isPostgres) {
      await queryRunner.query(`
        CREATE FUNCTION project_stage_count() RETURNS trigger AS $$
        BEGIN
          IF TG_OP IN ('UPDATE', 'DELETE') THEN ${remove('OLD')} END IF;
          IF TG_OP IN ('INSERT', 'UPDATE') THEN ${add('NEW')} END IF;
          RETURN NULL;
        END;
        $$ LANGUAGE plpgsql`);
      await queryRunner.query(
        `CREATE TRIGGER projects_stage_count AFTER INSERT OR DELETE ON projects
         FOR EACH ROW EXECUTE FUNCTION project_stage_count()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER projects_stage_move AFTER UPDATE OF stage, created_by ON projects
         FOR EACH ROW WHEN (${moved}) EXECUTE FUNCTION project_stage_count()`,
      );
    } else {
      await queryRunner.query(
        `CREATE TRIGGER projects_stage_count_insert AFTER INSERT ON projects BEGIN ${add('NEW')} END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER projects_stage_count_delete AFTER DELETE ON projects BEGIN ${remove('OLD')} END`,
      );
      await queryRunner.query(
        `CREATE TRIGGER projects_stage_move AFTER UPDATE OF stage, created_by ON projects
         WHEN ${moved.replaceAll('IS DISTINCT FROM', 'IS NOT')}
         BEGIN ${remove('OLD')} ${add('NEW')} END`,
      );
    }
    await queryRunner.query(
      `INSERT INTO project_stage_counts (created_by, stage, count)
       SELECT created_by, stage, COUNT(*) FROM projects GROUP BY created_by, stage`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    if (c.isPostgres) {
      await queryRunner.query('DROP TRIGGER projects_stage_count ON projects');
      await queryRunner.query('DROP TRIGGER projects_stage_move ON projects');
      await queryRunner.query('DROP FUNCTION project_stage_count()');
    } else {
      for (const name of ['count_insert', 'count_delete', 'move']) {
        await queryRunner.query(`DROP TRIGGER projects_stage_${name}`);
      }
    }
    await queryRunner.dropTable('project_stage_counts');
  }
}

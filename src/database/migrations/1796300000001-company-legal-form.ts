import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * The company's legal form decides which particulars its letters must carry (register court
 * and number, managing directors). Null: read from the legal name.
 */
export class CompanyLegalForm1796300000001 implements MigrationInterface {
  name = 'CompanyLegalForm1796300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumn(
      'company_profile',
      new TableColumn(c.varchar('legal_form', 20, true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('company_profile', 'legal_form');
  }
}

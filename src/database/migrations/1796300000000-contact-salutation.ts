import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * A contact may say how to be greeted ("Sehr geehrte Frau Müller,"); contacts without one are
 * greeted by their full name.
 */
export class ContactSalutation1796300000000 implements MigrationInterface {
  name = 'ContactSalutation1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumn(
      'customer_contacts',
      new TableColumn(c.varchar('salutation', 10, true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('customer_contacts', 'salutation');
  }
}

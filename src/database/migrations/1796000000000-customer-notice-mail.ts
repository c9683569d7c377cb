import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * The customer-error notice is now e-mailed; the notice keeps the address it went to, so staff
 * see who was told. Notices recorded before this have none: no e-mail was sent for them.
 */
export class CustomerNoticeMail1796000000000 implements MigrationInterface {
  name = 'CustomerNoticeMail1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumn(
      'support_customer_notices',
      new TableColumn(c.varchar('mail_to', 254, true)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('support_customer_notices', 'mail_to');
  }
}

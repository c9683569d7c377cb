import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * A referral to a partner (service terms: refer directly to the partner who looks after that
 * area, or to a support document of theirs) records who the partner is and what the customer
 * was given. Earlier referrals recorded neither.
 */
export class PartnerReferral1796140000000 implements MigrationInterface {
  name = 'PartnerReferral1796140000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumns('support_cost_decisions', [
      new TableColumn(c.varchar('referral_partner', 200, true)),
      new TableColumn(c.text('referral_document', true)),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('support_cost_decisions', 'referral_document');
    await queryRunner.dropColumn('support_cost_decisions', 'referral_partner');
  }
}

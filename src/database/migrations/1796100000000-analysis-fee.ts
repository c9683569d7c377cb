import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { migrationColumns } from '../migration-columns.js';

/**
 * The analysis fee (service terms): time worked before the cause was known, or before the
 * customer was told of their own error, is billed only as a share of an analysis fee.
 * - an entry keeps the basis it was logged on (`work`, or `analysis` when the ticket was not
 *   billed then or the customer not yet told); earlier entries were logged as work;
 * - a ticket keeps when the customer was first told (from its notices) and the share of the
 *   analysis fee staff decided; the settings hold the default share (50 %).
 */
export class AnalysisFee1796100000000 implements MigrationInterface {
  name = 'AnalysisFee1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.addColumn(
      'support_time_entries',
      new TableColumn({ ...c.varchar('billing_basis', 20), default: "'work'" }),
    );
    await queryRunner.addColumns('support_tickets', [
      new TableColumn(c.timestamp('customer_notified_at', true)),
      new TableColumn(c.integer('analysis_fee_billed_bp', undefined, true)),
      new TableColumn(c.text('analysis_fee_reason', true)),
    ]);
    await queryRunner.query(
      `UPDATE support_tickets SET customer_notified_at = (
         SELECT MIN(n.notified_at) FROM support_customer_notices n
         WHERE n.ticket_id = support_tickets.id AND n.reason = 'customer_error')`,
    );
    await queryRunner.addColumn(
      'support_settings',
      new TableColumn(c.integer('analysis_fee_billed_bp', 5000)),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('support_settings', 'analysis_fee_billed_bp');
    for (const column of [
      'analysis_fee_reason',
      'analysis_fee_billed_bp',
      'customer_notified_at',
    ]) {
      await queryRunner.dropColumn('support_tickets', column);
    }
    await queryRunner.dropColumn('support_time_entries', 'billing_basis');
  }
}

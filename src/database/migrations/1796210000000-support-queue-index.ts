import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The support queue's order within a group (severity rank, time received, number) over the
 * open tickets only: a partial index on an expression, which SQLite and PostgreSQL both build
 * from the same statement. The expression and the predicate are written out as the queue
 * query writes them (`severityRankSql`, the open statuses in `support-queue.service.ts`): a
 * planner uses the index only when both match.
 */
export class SupportQueueIndex1796210000000 implements MigrationInterface {
  name = 'SupportQueueIndex1796210000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE INDEX idx_support_tickets_queue ON support_tickets (' +
        "(CASE severity WHEN 'critical' THEN 1 WHEN 'high' THEN 2 WHEN 'normal' THEN 3 WHEN 'low' THEN 4 END), " +
        'received_at, number) ' +
        "WHERE status IN ('new', 'analysing', 'waiting_for_customer', 'in_progress')",
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX idx_support_tickets_queue');
  }
}

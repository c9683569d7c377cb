import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The admin's audit viewer and outbox filter lists that are read newest first (audit by `seq`,
 * the outbox by `created_at, id`): each filter column leads an index that ends in the list's
 * order, so a page is an index range, not a scan of the whole log. The subject's type (with
 * its id) was indexed before (`1796200000000`); a subject's id is also asked for alone. The
 * period (`occurred_at`) cannot end in `seq`: its range is read and only that range sorted.
 */
const INDEXES: Array<{ table: string; name: string; columns: string[] }> = [
  { table: 'audit_entries', name: 'idx_audit_actor_seq', columns: ['actor_label', 'seq'] },
  { table: 'audit_entries', name: 'idx_audit_action_seq', columns: ['action', 'seq'] },
  { table: 'audit_entries', name: 'idx_audit_entity_id_seq', columns: ['entity_id', 'seq'] },
  { table: 'audit_entries', name: 'idx_audit_occurred', columns: ['occurred_at'] },
  { table: 'mail_outbox', name: 'idx_mail_outbox_created', columns: ['created_at', 'id'] },
  {
    table: 'mail_outbox',
    name: 'idx_mail_outbox_status_created',
    columns: ['status', 'created_at', 'id'],
  },
];

export class AuditOutboxIndexes1796570000000 implements MigrationInterface {
  name = 'AuditOutboxIndexes1796570000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, name, columns } of INDEXES) {
      await queryRunner.createIndex(table, new TableIndex({ name, columnNames: columns }));
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table, name } of [...INDEXES].reverse()) {
      await queryRunner.dropIndex(table, name);
    }
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/** Ticket attachments: one row per file, the bytes once per SHA-256. */
export class TicketAttachments1796550000000 implements MigrationInterface {
  name = 'TicketAttachments1796550000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'support_attachment_contents',
        columns: [{ ...c.varchar('sha256', 64), isPrimary: true }, c.binary('bytes')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'support_attachments',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.uuid('note_id', true),
          c.varchar('file_name', 200),
          c.varchar('media_type', 100),
          c.integer('size_bytes'),
          c.varchar('sha256', 64),
          c.uuid('uploaded_by_id'),
          c.varchar('uploaded_by_label', 254),
          c.timestamp('uploaded_at'),
        ],
        foreignKeys: [
          foreignKey('ticket_id', 'support_tickets'),
          foreignKey('note_id', 'support_ticket_notes'),
          {
            columnNames: ['sha256'],
            referencedTableName: 'support_attachment_contents',
            referencedColumnNames: ['sha256'],
            onDelete: 'RESTRICT',
          },
          foreignKey('uploaded_by_id', 'users'),
        ],
      }),
    );
    await queryRunner.createIndex(
      'support_attachments',
      new TableIndex({ name: 'idx_support_attachments_ticket', columnNames: ['ticket_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('support_attachments');
    await queryRunner.dropTable('support_attachment_contents');
  }
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/**
 * Customer sign-off: requests (one per document version and decision), personal links with
 * hashed tokens, the decision evidence (append-only), wrong-token counts for rate limiting,
 * and the mail outbox that is written in the same transaction as what the mail is about.
 */
export class Signoff1795800000000 implements MigrationInterface {
  name = 'Signoff1795800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'signoff_requests',
        columns: [
          c.id(),
          c.uuid('customer_id'),
          c.varchar('subject_type', 30),
          c.varchar('subject_key', 120),
          c.uuid('project_id', true),
          c.integer('revision', undefined, true),
          c.uuid('change_request_id', true),
          c.uuid('ticket_id', true),
          c.uuid('quote_id', true),
          c.uuid('document_id', true),
          c.varchar('document_sha256', 64, true),
          c.varchar('title', 300),
          c.varchar('version_label', 60),
          c.varchar('locale', 2),
          c.varchar('status', 20),
          c.timestamp('closed_at', true),
          c.varchar('decision', 20, true),
          c.uuid('created_by'),
          c.createdAt(),
        ],
        foreignKeys: [
          foreignKey('customer_id', 'customers'),
          foreignKey('document_id', 'documents'),
          foreignKey('created_by', 'users'),
        ],
        indices: [
          { name: 'idx_signoff_requests_subject', columnNames: ['subject_key', 'status'] },
          { name: 'idx_signoff_requests_customer', columnNames: ['customer_id', 'status'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'signoff_links',
        columns: [
          c.id(),
          c.uuid('request_id'),
          c.uuid('contact_id', true),
          c.varchar('contact_name', 200),
          c.varchar('contact_email', 254),
          c.varchar('language', 2),
          c.varchar('token_hash', 64),
          c.timestamp('expires_at'),
          c.timestamp('revoked_at', true),
          c.varchar('revoke_reason', 200, true),
          c.timestamp('used_at', true),
          c.timestamp('first_opened_at', true),
          c.timestamp('reminded_at', true),
          c.createdAt(),
        ],
        foreignKeys: [foreignKey('request_id', 'signoff_requests')],
        uniques: [{ name: 'uq_signoff_links_token', columnNames: ['token_hash'] }],
        indices: [{ name: 'idx_signoff_links_request', columnNames: ['request_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'signoff_decisions',
        columns: [
          c.id(),
          c.uuid('request_id'),
          c.uuid('link_id', true),
          c.uuid('portal_user_id', true),
          c.uuid('contact_id', true),
          c.varchar('signer_name', 200),
          c.varchar('signer_email', 254),
          c.varchar('decision', 20),
          c.text('comment', true),
          c.json('chosen_optional_item_ids'),
          c.timestamp('signed_at'),
          c.varchar('ip_address', 64),
          c.varchar('user_agent', 500),
          c.varchar('document_sha256', 64, true),
          c.uuid('signed_document_id', true),
          c.varchar('signed_sha256', 64, true),
          c.createdAt(),
        ],
        foreignKeys: [
          foreignKey('request_id', 'signoff_requests'),
          foreignKey('signed_document_id', 'documents'),
        ],
        // A request is decided once, whatever races: the database refuses a second row.
        uniques: [{ name: 'uq_signoff_decisions_request', columnNames: ['request_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'signoff_token_failures',
        columns: [c.id(), c.varchar('ip_address', 64), c.timestamp('occurred_at')],
        indices: [{ name: 'idx_signoff_failures_ip', columnNames: ['ip_address', 'occurred_at'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          c.id(),
          c.varchar('kind', 40),
          c.varchar('to_address', 254),
          c.varchar('to_name', 200, true),
          c.varchar('language', 2),
          c.varchar('subject', 300),
          c.text('text_body'),
          c.json('attachments'),
          c.varchar('related_type', 40),
          c.varchar('related_id', 64),
          c.varchar('status', 20),
          c.integer('attempts', 0),
          c.timestamp('next_attempt_at'),
          c.timestamp('claimed_until', true),
          c.text('last_error', true),
          c.timestamp('sent_at', true),
          c.varchar('message_id', 300, true),
          c.createdAt(),
        ],
        indices: [
          { name: 'idx_mail_outbox_due', columnNames: ['status', 'next_attempt_at'] },
          { name: 'idx_mail_outbox_related', columnNames: ['related_type', 'related_id'] },
        ],
      }),
    );

    // POST /verify looks documents up by their hash.
    await queryRunner.createIndex(
      'documents',
      new TableIndex({ name: 'idx_documents_sha256', columnNames: ['sha256'] }),
    );

    // Evidence is never edited: the same guard as on issued documents.
    if (c.isPostgres) {
      await queryRunner.query(`
        CREATE TRIGGER signoff_decisions_append_only BEFORE UPDATE OR DELETE ON signoff_decisions
        FOR EACH ROW EXECUTE FUNCTION documents_append_only()`);
    } else {
      for (const op of ['UPDATE', 'DELETE']) {
        await queryRunner.query(`
          CREATE TRIGGER signoff_decisions_no_${op.toLowerCase()} BEFORE ${op} ON signoff_decisions
          BEGIN SELECT RAISE(ABORT, 'signoff_decisions is append-only'); END`);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    if (c.isPostgres) {
      await queryRunner.query('DROP TRIGGER signoff_decisions_append_only ON signoff_decisions');
    }
    await queryRunner.dropIndex('documents', 'idx_documents_sha256');
    for (const table of [
      'mail_outbox',
      'signoff_token_failures',
      'signoff_decisions',
      'signoff_links',
      'signoff_requests',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

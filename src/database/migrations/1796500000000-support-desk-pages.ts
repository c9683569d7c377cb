import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/**
 * The support desk's pages: running timers, article feedback, one-time support orders and the
 * sub-processor directory.
 */
export class SupportDeskPages1796500000000 implements MigrationInterface {
  name = 'SupportDeskPages1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'support_timers',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.uuid('user_id'),
          c.uuid('service_id'),
          c.timestamp('started_at'),
        ],
        foreignKeys: [
          foreignKey('ticket_id', 'support_tickets', 'CASCADE'),
          foreignKey('user_id', 'users', 'CASCADE'),
          foreignKey('service_id', 'price_list_services'),
        ],
      }),
    );
    // One running timer per user and ticket: a second start is refused by the database too.
    await queryRunner.createIndex(
      'support_timers',
      new TableIndex({
        name: 'uq_support_timers_ticket_user',
        columnNames: ['ticket_id', 'user_id'],
        isUnique: true,
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'support_article_feedback',
        columns: [
          { ...c.uuid('article_id'), isPrimary: true },
          { ...c.uuid('user_id'), isPrimary: true },
          c.boolean('helpful', true),
          c.timestamp('answered_at'),
        ],
        foreignKeys: [
          foreignKey('article_id', 'support_articles', 'CASCADE'),
          foreignKey('user_id', 'users', 'CASCADE'),
        ],
      }),
    );
    await this.createOrders(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'sub_processors',
        columns: [
          c.id(),
          c.varchar('name', 200),
          c.varchar('service', 500),
          c.varchar('location', 200),
          c.date('since'),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );
  }

  private async createOrders(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    await queryRunner.createTable(
      new Table({
        name: 'support_orders',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.uuid('customer_id'),
          c.text('scope'),
          c.integer('limit_minutes'),
          c.uuid('ordered_by_user_id'),
          c.varchar('ordered_by_name', 254),
          c.timestamp('ordered_at'),
        ],
        foreignKeys: [
          foreignKey('ticket_id', 'support_tickets'),
          foreignKey('customer_id', 'customers'),
          foreignKey('ordered_by_user_id', 'users'),
        ],
      }),
    );
    await queryRunner.createIndex(
      'support_orders',
      new TableIndex({ name: 'idx_support_orders_ticket', columnNames: ['ticket_id'] }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('sub_processors');
    await queryRunner.dropTable('support_orders');
    await queryRunner.dropTable('support_article_feedback');
    await queryRunner.dropTable('support_timers');
  }
}

import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

/** The support desk: tickets, cost decisions, quotes, time entries, AV-gated actions, articles. */
export class Support1795500000000 implements MigrationInterface {
  name = 'Support1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'support_tickets',
        columns: [
          c.id(),
          { ...c.varchar('number', 20), isUnique: true },
          c.uuid('customer_id'),
          c.uuid('contact_id', true),
          c.varchar('title', 200),
          c.text('description'),
          c.varchar('channel', 20),
          c.varchar('severity', 20),
          c.varchar('status', 30),
          c.timestamp('received_at'),
          c.uuid('assignee_id', true),
          c.varchar('cause', 40, true),
          c.varchar('category', 20, true),
          c.integer('goodwill_billed_bp', 10_000),
          c.text('goodwill_reason', true),
          c.uuid('created_by_id', true),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
        foreignKeys: [
          foreignKey('customer_id', 'customers'),
          foreignKey('contact_id', 'customer_contacts'),
          foreignKey('assignee_id', 'users'),
        ],
        indices: [
          { name: 'idx_support_tickets_status', columnNames: ['status'] },
          { name: 'idx_support_tickets_customer', columnNames: ['customer_id'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'support_ticket_notes',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.varchar('visibility', 20),
          c.text('body'),
          c.uuid('author_id'),
          c.varchar('author_label', 254),
          c.createdAt(),
        ],
        foreignKeys: [foreignKey('ticket_id', 'support_tickets')],
        indices: [{ name: 'idx_support_notes_ticket', columnNames: ['ticket_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'support_cost_decisions',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.varchar('cause', 40),
          c.varchar('category', 20),
          c.varchar('default_category', 20),
          c.boolean('overridden', false),
          c.text('reason'),
          c.uuid('decided_by_id'),
          c.varchar('decided_by_label', 254),
          c.timestamp('decided_at'),
        ],
        foreignKeys: [foreignKey('ticket_id', 'support_tickets')],
        indices: [{ name: 'idx_support_decisions_ticket', columnNames: ['ticket_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'support_customer_notices',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.varchar('reason', 40),
          c.text('message'),
          c.timestamp('notified_at'),
          c.uuid('notified_by_id'),
          c.varchar('notified_by_label', 254),
        ],
        foreignKeys: [foreignKey('ticket_id', 'support_tickets')],
        indices: [{ name: 'idx_support_notices_ticket', columnNames: ['ticket_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'support_personal_data_actions',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.varchar('kind', 40),
          c.text('description'),
          c.timestamp('performed_at'),
          c.uuid('performed_by_id'),
          c.varchar('performed_by_label', 254),
          c.createdAt(),
        ],
        foreignKeys: [foreignKey('ticket_id', 'support_tickets')],
        indices: [{ name: 'idx_support_pd_actions_ticket', columnNames: ['ticket_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'support_quotes',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.text('description'),
          c.uuid('service_id'),
          c.integer('estimated_minutes'),
          c.bigint('estimated_net_cents'),
          c.varchar('status', 20),
          c.uuid('created_by_id'),
          c.varchar('created_by_label', 254),
          c.createdAt(),
          c.timestamp('decided_at', true),
          c.varchar('decided_via', 20, true),
          c.varchar('decided_by_name', 254, true),
          c.uuid('decided_by_user_id', true),
          c.uuid('recorded_by_id', true),
          c.version(),
        ],
        foreignKeys: [
          foreignKey('ticket_id', 'support_tickets'),
          foreignKey('service_id', 'price_list_services'),
        ],
        indices: [{ name: 'idx_support_quotes_ticket', columnNames: ['ticket_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'support_time_entries',
        columns: [
          c.id(),
          c.uuid('ticket_id'),
          c.uuid('customer_id'),
          c.uuid('user_id'),
          c.varchar('user_label', 254),
          c.uuid('service_id'),
          c.timestamp('started_at'),
          c.timestamp('ended_at', true),
          c.integer('minutes'),
          c.integer('after_hours_minutes'),
          c.boolean('no_charge', false),
          c.text('description'),
          c.timestamp('invoiced_at', true),
          c.varchar('invoice_ref', 100, true),
          c.bigint('invoiced_net_cents', undefined, true),
          c.createdAt(),
        ],
        foreignKeys: [
          foreignKey('ticket_id', 'support_tickets'),
          foreignKey('customer_id', 'customers'),
          foreignKey('service_id', 'price_list_services'),
        ],
        indices: [
          { name: 'idx_support_time_ticket', columnNames: ['ticket_id'] },
          // Billing looks for a customer's entries not yet invoiced.
          { name: 'idx_support_time_billing', columnNames: ['customer_id', 'invoiced_at'] },
        ],
        checks: [{ name: 'chk_support_time_minutes', expression: 'minutes > 0' }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'support_articles',
        columns: [
          c.id(),
          c.varchar('title', 200),
          c.text('body'),
          c.varchar('visibility', 30),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'support_settings',
        columns: [
          { ...c.integer('id'), isPrimary: true },
          c.integer('approval_threshold_work_units'),
          c.json('business_hours'),
          c.json('holidays'),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );
    // Defaults: orders needed beyond 2 AE; business hours Mon–Fri 08:00–18:00.
    const hours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, open: '08:00', close: '18:00' }));
    await queryRunner.query(
      `INSERT INTO support_settings (id, approval_threshold_work_units, business_hours, holidays)
       VALUES (1, 2, '${JSON.stringify(hours)}', '[]')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'support_settings',
      'support_articles',
      'support_time_entries',
      'support_quotes',
      'support_personal_data_actions',
      'support_customer_notices',
      'support_cost_decisions',
      'support_ticket_notes',
      'support_tickets',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

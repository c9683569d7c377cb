import { Table, TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

export class Projects1795400000000 implements MigrationInterface {
  name = 'Projects1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);

    await queryRunner.addColumn(
      'company_profile',
      new TableColumn(c.integer('project_lead_time_days', 0)),
    );

    await queryRunner.createTable(
      new Table({
        name: 'project_templates',
        columns: [
          c.id(),
          { ...c.varchar('name', 200), isUnique: true },
          c.text('description', true),
          c.varchar('billing_mode', 30),
          c.text('background'),
          c.text('goals'),
          c.json('requirements'),
          c.json('items'),
          c.boolean('active', true),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'projects',
        columns: [
          c.id(),
          { ...c.varchar('number', 20), isUnique: true },
          c.uuid('customer_id'),
          c.varchar('title', 200),
          c.varchar('stage', 20),
          c.varchar('billing_mode', 30),
          c.text('background'),
          c.text('goals'),
          c.text('terms', true),
          c.integer('vat_rate_bp'),
          c.date('valid_until', true),
          c.uuid('template_id', true),
          c.integer('current_revision'),
          c.integer('approved_revision', undefined, true),
          c.bigint('agreed_net_cents', undefined, true),
          c.date('completion_date', true),
          c.date('accepted_on', true),
          c.text('cancel_reason', true),
          c.uuid('created_by'),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
        foreignKeys: [foreignKey('customer_id', 'customers'), foreignKey('created_by', 'users')],
        indices: [
          { name: 'idx_projects_customer', columnNames: ['customer_id'] },
          { name: 'idx_projects_stage', columnNames: ['stage'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'project_requirements',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.integer('position'),
          c.text('text'),
          c.varchar('priority', 10),
          c.text('acceptance_criterion'),
          c.text('solution', true),
        ],
        foreignKeys: [foreignKey('project_id', 'projects')],
        indices: [{ name: 'idx_requirements_project', columnNames: ['project_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'estimate_items',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.integer('position'),
          c.varchar('title', 200),
          c.text('description', true),
          c.integer('quantity'),
          c.varchar('unit', 20),
          c.bigint('unit_price_cents'),
          c.uuid('service_rate_id', true),
          c.boolean('optional', false),
        ],
        foreignKeys: [foreignKey('project_id', 'projects')],
        indices: [{ name: 'idx_items_project', columnNames: ['project_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'project_revisions',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.integer('number'),
          c.json('content'),
          c.timestamp('sent_at'),
          c.uuid('sent_by'),
        ],
        foreignKeys: [foreignKey('project_id', 'projects')],
        uniques: [{ name: 'uq_revisions_number', columnNames: ['project_id', 'number'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'revision_decisions',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.integer('revision_number'),
          c.varchar('decision', 20),
          c.uuid('actor_id'),
          c.varchar('signer_name', 200),
          c.varchar('signer_email', 254, true),
          c.varchar('method', 20),
          c.timestamp('signed_at'),
          c.text('comment', true),
          c.json('chosen_optional_item_ids'),
          c.bigint('agreed_net_cents', undefined, true),
          c.createdAt(),
        ],
        foreignKeys: [foreignKey('project_id', 'projects')],
        // A sent revision is decided exactly once.
        uniques: [
          { name: 'uq_decisions_revision', columnNames: ['project_id', 'revision_number'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'project_time_entries',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.uuid('user_id'),
          c.date('day'),
          c.integer('minutes'),
          c.text('description'),
          c.uuid('service_rate_id'),
          c.boolean('billable', true),
          c.uuid('invoice_id', true),
          c.createdAt(),
        ],
        foreignKeys: [
          foreignKey('project_id', 'projects'),
          foreignKey('user_id', 'users'),
          foreignKey('service_rate_id', 'price_list_services'),
        ],
        indices: [{ name: 'idx_time_project', columnNames: ['project_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'change_requests',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.integer('number'),
          c.varchar('title', 200),
          c.text('description'),
          c.json('lines'),
          c.bigint('delta_net_cents'),
          c.date('new_completion_date', true),
          c.varchar('status', 20),
          c.timestamp('sent_at', true),
          c.timestamp('decided_at', true),
          c.uuid('decided_by', true),
          c.varchar('signer_name', 200, true),
          c.varchar('signature_method', 20, true),
          c.text('decision_comment', true),
          c.uuid('created_by'),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
        foreignKeys: [foreignKey('project_id', 'projects')],
        uniques: [{ name: 'uq_change_requests_number', columnNames: ['project_id', 'number'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'project_schedule_changes',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.date('from_date', true),
          c.date('to_date'),
          c.text('reason', true),
          c.uuid('change_request_id', true),
          c.uuid('changed_by'),
          c.createdAt(),
        ],
        foreignKeys: [foreignKey('project_id', 'projects')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'qa_rounds',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.integer('number'),
          c.varchar('status', 10),
          c.timestamp('started_at'),
          c.uuid('started_by'),
          c.timestamp('completed_at', true),
        ],
        foreignKeys: [foreignKey('project_id', 'projects')],
        uniques: [{ name: 'uq_qa_rounds_number', columnNames: ['project_id', 'number'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'qa_checks',
        columns: [
          c.id(),
          c.uuid('round_id'),
          c.uuid('project_id'),
          c.integer('position'),
          c.varchar('source', 20),
          c.uuid('requirement_id', true),
          c.text('title'),
          c.varchar('result', 10),
          c.text('note', true),
          c.uuid('decided_by', true),
          c.timestamp('decided_at', true),
        ],
        foreignKeys: [foreignKey('round_id', 'qa_rounds'), foreignKey('project_id', 'projects')],
        indices: [{ name: 'idx_qa_checks_round', columnNames: ['round_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'acceptance_records',
        columns: [
          c.id(),
          c.uuid('project_id'),
          c.integer('qa_round'),
          c.varchar('decision', 10),
          c.json('defects'),
          c.text('comment', true),
          c.uuid('actor_id'),
          c.varchar('signer_name', 200),
          c.varchar('method', 20),
          c.timestamp('signed_at'),
          c.date('decided_on'),
          c.createdAt(),
        ],
        foreignKeys: [foreignKey('project_id', 'projects')],
        // One decision per acceptance round.
        uniques: [{ name: 'uq_acceptance_round', columnNames: ['project_id', 'qa_round'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'acceptance_records',
      'qa_checks',
      'qa_rounds',
      'project_schedule_changes',
      'change_requests',
      'project_time_entries',
      'revision_decisions',
      'project_revisions',
      'estimate_items',
      'project_requirements',
      'projects',
      'project_templates',
    ]) {
      await queryRunner.dropTable(table);
    }
    await queryRunner.dropColumn('company_profile', 'project_lead_time_days');
  }
}

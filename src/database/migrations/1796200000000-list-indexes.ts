import { TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

interface ListIndex {
  table: string;
  name: string;
  columns: string[];
  /** The narrower index this one makes redundant (its columns lead this one's). */
  replaces?: { name: string; columns: string[] };
}

/**
 * Every list's filter and sort columns as one index, in the list's order with its unique
 * tie-breaker last, so a page (first or after a cursor) is an index range read instead of a
 * sort of the whole table (see `test/list-plans.e2e-spec.ts`, which EXPLAINs each list query).
 * B-tree indexes are read backwards as well, so newest-first lists need no DESC index. They are
 * made through the query runner's index API, not raw SQL: on SQLite a later migration that adds
 * a column rebuilds the table from the runner's picture of it, and an index the runner does not
 * know of would be dropped (or one it still knows of dropped twice).
 */
const LIST_INDEXES: ListIndex[] = [
  {
    table: 'customers',
    name: 'idx_customers_name_id',
    columns: ['name', 'id'],
    replaces: { name: 'idx_customers_name', columns: ['name'] },
  },
  { table: 'projects', name: 'idx_projects_created', columns: ['created_at', 'number'] },
  {
    table: 'projects',
    name: 'idx_projects_customer_created',
    columns: ['customer_id', 'created_at', 'number'],
    replaces: { name: 'idx_projects_customer', columns: ['customer_id'] },
  },
  {
    table: 'projects',
    name: 'idx_projects_stage_created',
    columns: ['stage', 'created_at', 'number'],
    replaces: { name: 'idx_projects_stage', columns: ['stage'] },
  },
  { table: 'invoices', name: 'idx_invoices_created', columns: ['created_at', 'id'] },
  {
    table: 'invoices',
    name: 'idx_invoices_customer_created',
    columns: ['customer_id', 'created_at', 'id'],
    replaces: { name: 'idx_invoices_customer', columns: ['customer_id'] },
  },
  {
    table: 'invoices',
    name: 'idx_invoices_status_created',
    columns: ['status', 'created_at', 'id'],
  },
  {
    table: 'invoices',
    name: 'idx_invoices_status_due_number',
    columns: ['status', 'due_date', 'number'],
    replaces: { name: 'idx_invoices_status_due', columns: ['status', 'due_date'] },
  },
  {
    table: 'invoice_payments',
    name: 'idx_invoice_payments_created',
    columns: ['created_at', 'id'],
  },
  {
    table: 'support_tickets',
    name: 'idx_support_tickets_received',
    columns: ['received_at', 'number'],
  },
  {
    table: 'support_tickets',
    name: 'idx_support_tickets_customer_received',
    columns: ['customer_id', 'received_at', 'number'],
    replaces: { name: 'idx_support_tickets_customer', columns: ['customer_id'] },
  },
  {
    table: 'support_tickets',
    name: 'idx_support_tickets_status_received',
    columns: ['status', 'received_at', 'number'],
    replaces: { name: 'idx_support_tickets_status', columns: ['status'] },
  },
  {
    table: 'support_tickets',
    name: 'idx_support_tickets_assignee',
    columns: ['assignee_id', 'status'],
  },
  {
    table: 'audit_entries',
    name: 'idx_audit_entity_seq',
    columns: ['entity_type', 'entity_id', 'seq'],
    replaces: { name: 'idx_audit_entity', columns: ['entity_type', 'entity_id'] },
  },
  { table: 'audit_entries', name: 'idx_audit_type_seq', columns: ['entity_type', 'seq'] },
  {
    table: 'documents',
    name: 'idx_documents_owner_created',
    columns: ['owner_type', 'owner_id', 'created_at', 'id'],
    replaces: { name: 'idx_documents_owner', columns: ['owner_type', 'owner_id'] },
  },
  {
    table: 'project_time_entries',
    name: 'idx_time_project_day',
    columns: ['project_id', 'day', 'created_at', 'id'],
    replaces: { name: 'idx_time_project', columns: ['project_id'] },
  },
  {
    table: 'support_time_entries',
    name: 'idx_support_time_ticket_started',
    columns: ['ticket_id', 'started_at', 'id'],
    replaces: { name: 'idx_support_time_ticket', columns: ['ticket_id'] },
  },
];

export class ListIndexes1796200000000 implements MigrationInterface {
  name = 'ListIndexes1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const index of LIST_INDEXES) {
      await queryRunner.createIndex(index.table, tableIndex(index.name, index.columns));
      if (index.replaces) await queryRunner.dropIndex(index.table, index.replaces.name);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const index of [...LIST_INDEXES].reverse()) {
      if (index.replaces) {
        const { name, columns } = index.replaces;
        await queryRunner.createIndex(index.table, tableIndex(name, columns));
      }
      await queryRunner.dropIndex(index.table, index.name);
    }
  }
}

function tableIndex(name: string, columnNames: string[]): TableIndex {
  return new TableIndex({ name, columnNames });
}

import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { foreignKey, migrationColumns } from '../migration-columns.js';

export class Foundation1795300000000 implements MigrationInterface {
  name = 'Foundation1795300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);

    await queryRunner.createTable(
      new Table({
        name: 'number_sequences',
        columns: [{ ...c.varchar('name', 60), isPrimary: true }, c.bigint('value', 0)],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'customers',
        columns: [
          c.id(),
          { ...c.varchar('number', 20), isUnique: true },
          c.varchar('name', 200),
          c.varchar('street', 200),
          c.varchar('postal_code', 20),
          c.varchar('city', 100),
          c.varchar('country_code', 2),
          c.varchar('vat_id', 20, true),
          c.varchar('email', 254, true),
          c.varchar('phone', 50, true),
          c.varchar('language', 2),
          c.varchar('buyer_reference', 100, true),
          c.text('notes', true),
          c.boolean('active', true),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );
    await queryRunner.createIndex(
      'customers',
      new TableIndex({ name: 'idx_customers_name', columnNames: ['name'] }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'customer_contacts',
        columns: [
          c.id(),
          c.uuid('customer_id'),
          c.varchar('name', 200),
          c.varchar('email', 254),
          c.varchar('phone', 50, true),
          c.varchar('position', 100, true),
          c.boolean('is_signatory', false),
          c.boolean('active', true),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
        foreignKeys: [foreignKey('customer_id', 'customers')],
        indices: [{ name: 'idx_contacts_customer', columnNames: ['customer_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'customer_contracts',
        columns: [
          c.id(),
          c.uuid('customer_id'),
          c.varchar('kind', 30),
          c.varchar('reference', 100, true),
          c.date('start_date'),
          c.date('end_date', true),
          c.date('signed_on', true),
          c.text('terms', true),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
        foreignKeys: [foreignKey('customer_id', 'customers')],
        indices: [{ name: 'idx_contracts_customer', columnNames: ['customer_id'] }],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'users',
        columns: [
          c.id(),
          { ...c.varchar('email', 254), isUnique: true },
          c.varchar('name', 200),
          c.varchar('role', 20),
          c.uuid('customer_id', true),
          c.varchar('password_hash', 300),
          c.boolean('active', true),
          c.timestamp('last_login_at', true),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
        foreignKeys: [foreignKey('customer_id', 'customers')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'company_profile',
        columns: [
          { ...c.integer('id'), isPrimary: true },
          c.varchar('legal_name', 200),
          c.varchar('street', 200),
          c.varchar('postal_code', 20),
          c.varchar('city', 100),
          c.varchar('country_code', 2),
          c.varchar('vat_id', 20, true),
          c.varchar('tax_number', 30, true),
          c.varchar('commercial_register', 200, true),
          c.varchar('managing_directors', 300, true),
          c.varchar('email', 254, true),
          c.varchar('phone', 50, true),
          c.varchar('website', 200, true),
          c.varchar('iban', 34, true),
          c.varchar('bic', 11, true),
          c.varchar('bank_name', 100, true),
          c.integer('default_vat_rate_bp'),
          c.integer('payment_terms_days'),
          c.varchar('currency', 3),
          c.varchar('default_locale', 2),
          c.boolean('small_business', false),
          c.integer('billing_increment_minutes'),
          c.integer('work_unit_minutes'),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );
    // The profile is a single row that always exists; an admin fills it in.
    await queryRunner.query(
      `INSERT INTO company_profile (id, legal_name, street, postal_code, city, country_code,
        default_vat_rate_bp, payment_terms_days, currency, default_locale,
        billing_increment_minutes, work_unit_minutes)
       VALUES (1, '', '', '', '', 'DE', 1900, 14, 'EUR', 'de', 15, 15)`,
    );

    await queryRunner.createTable(
      new Table({
        name: 'price_list_services',
        columns: [
          c.id(),
          { ...c.varchar('code', 40), isUnique: true },
          c.varchar('name', 200),
          c.text('description', true),
          c.varchar('unit', 20),
          c.bigint('rate_cents'),
          c.integer('after_hours_surcharge_percent', 0),
          c.boolean('active', true),
          c.createdAt(),
          c.updatedAt(),
          c.version(),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'audit_entries',
        columns: [
          { ...c.bigint('seq'), isPrimary: true },
          c.timestamp('occurred_at'),
          c.uuid('actor_id', true),
          c.varchar('actor_label', 254),
          c.varchar('entity_type', 60),
          c.varchar('entity_id', 64),
          c.varchar('action', 60),
          c.text('changes'),
          c.text('reason', true),
          c.varchar('prev_hash', 64),
          c.varchar('hash', 64),
        ],
        indices: [{ name: 'idx_audit_entity', columnNames: ['entity_type', 'entity_id'] }],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_head',
        columns: [
          { ...c.integer('id'), isPrimary: true },
          c.bigint('last_seq'),
          c.varchar('last_hash', 64),
        ],
      }),
    );
    await queryRunner.query(
      `INSERT INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '${'0'.repeat(64)}')`,
    );

    // Append-only in the database too. The hash chain still catches what bypasses this.
    if (c.isPostgres) {
      await queryRunner.query(`
        CREATE FUNCTION audit_entries_append_only() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'audit_entries is append-only'; END;
        $$ LANGUAGE plpgsql`);
      await queryRunner.query(`
        CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON audit_entries
        FOR EACH ROW EXECUTE FUNCTION audit_entries_append_only()`);
    } else {
      for (const op of ['UPDATE', 'DELETE']) {
        await queryRunner.query(`
          CREATE TRIGGER audit_entries_no_${op.toLowerCase()} BEFORE ${op} ON audit_entries
          BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END`);
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const c = migrationColumns(queryRunner);
    if (c.isPostgres) {
      await queryRunner.query('DROP TRIGGER audit_entries_append_only ON audit_entries');
      await queryRunner.query('DROP FUNCTION audit_entries_append_only()');
    }
    for (const table of [
      'audit_head',
      'audit_entries',
      'price_list_services',
      'company_profile',
      'users',
      'customer_contracts',
      'customer_contacts',
      'customers',
      'number_sequences',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}

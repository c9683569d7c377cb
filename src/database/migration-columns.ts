import type { QueryRunner, TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

/**
 * Column definitions for migrations, portable between SQLite and PostgreSQL. Migrations use
 * TypeORM's Table API through these helpers, so one set of migrations runs on both drivers.
 */
export function migrationColumns(queryRunner: QueryRunner) {
  const pg = queryRunner.connection.driver.options.type === 'postgres';
  const nullable = (isNullable: boolean | undefined) => ({ isNullable: isNullable ?? false });
  return {
    isPostgres: pg,
    id: (name = 'id'): TableColumnOptions => ({
      name,
      type: pg ? 'uuid' : 'varchar',
      length: pg ? undefined : '36',
      isPrimary: true,
    }),
    uuid: (name: string, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: pg ? 'uuid' : 'varchar',
      length: pg ? undefined : '36',
      ...nullable(isNullable),
    }),
    varchar: (name: string, length: number, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      ...nullable(isNullable),
    }),
    text: (name: string, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: 'text',
      ...nullable(isNullable),
    }),
    integer: (name: string, defaultValue?: number, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: 'integer',
      default: defaultValue === undefined ? undefined : String(defaultValue),
      ...nullable(isNullable),
    }),
    bigint: (name: string, defaultValue?: number, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: 'bigint',
      default: defaultValue === undefined ? undefined : String(defaultValue),
      ...nullable(isNullable),
    }),
    boolean: (name: string, defaultValue: boolean): TableColumnOptions => ({
      name,
      type: 'boolean',
      default: pg ? String(defaultValue) : defaultValue ? '1' : '0',
      isNullable: false,
    }),
    timestamp: (name: string, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: pg ? 'timestamptz' : 'datetime',
      ...nullable(isNullable),
    }),
    date: (name: string, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: 'date',
      ...nullable(isNullable),
    }),
    json: (name: string, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: pg ? 'jsonb' : 'text',
      ...nullable(isNullable),
    }),
    /** Raw bytes: bytea on PostgreSQL, blob on SQLite. */
    binary: (name: string, isNullable?: boolean): TableColumnOptions => ({
      name,
      type: pg ? 'bytea' : 'blob',
      ...nullable(isNullable),
    }),
    createdAt: (): TableColumnOptions => ({
      name: 'created_at',
      type: pg ? 'timestamptz' : 'datetime',
      default: 'CURRENT_TIMESTAMP',
      isNullable: false,
    }),
    updatedAt: (): TableColumnOptions => ({
      name: 'updated_at',
      type: pg ? 'timestamptz' : 'datetime',
      default: 'CURRENT_TIMESTAMP',
      isNullable: false,
    }),
    version: (): TableColumnOptions => ({
      name: 'version',
      type: 'integer',
      default: '1',
      isNullable: false,
    }),
  };
}

export function foreignKey(
  columnName: string,
  referencedTableName: string,
  onDelete: TableForeignKeyOptions['onDelete'] = 'RESTRICT',
): TableForeignKeyOptions {
  return {
    columnNames: [columnName],
    referencedTableName,
    referencedColumnNames: ['id'],
    onDelete,
  };
}

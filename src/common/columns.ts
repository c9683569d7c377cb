import {
  Column,
  CreateDateColumn,
  ILike,
  Like,
  UpdateDateColumn,
  type ColumnOptions,
  type FindOperator,
} from 'typeorm';

/**
 * Portable column helpers for SQLite and PostgreSQL. Entity decorators run when their module
 * is imported, before any configuration object exists, so the driver is read from the same
 * environment variable the configuration reads: DATABASE_URL set means PostgreSQL.
 */
export function isPostgres(): boolean {
  return /^postgres(ql)?:/.test(process.env.DATABASE_URL ?? '');
}

export const columnType = {
  uuid: () => (isPostgres() ? 'uuid' : 'varchar'),
  timestamp: () => (isPostgres() ? 'timestamptz' : 'datetime'),
  json: () => (isPostgres() ? 'jsonb' : 'simple-json'),
  binary: () => (isPostgres() ? 'bytea' : 'blob'),
} as const;

export const UuidColumn = (options: ColumnOptions = {}) =>
  Column({ type: columnType.uuid(), length: isPostgres() ? undefined : 36, ...options });

export const TimestampColumn = (options: ColumnOptions = {}) =>
  Column({ type: columnType.timestamp(), ...options });

export const CreatedAtColumn = () =>
  CreateDateColumn({ name: 'created_at', type: columnType.timestamp() });
export const UpdatedAtColumn = () =>
  UpdateDateColumn({ name: 'updated_at', type: columnType.timestamp() });

/** A calendar day, kept as the string YYYY-MM-DD on both databases. */
export const DayColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'date', transformer: dayTransformer, ...options });

export const JsonColumn = (options: ColumnOptions = {}) =>
  Column({ type: columnType.json(), ...options });

/** Raw bytes (bytea / blob); both drivers hand back a Buffer. */
export const BinaryColumn = (options: ColumnOptions = {}) =>
  Column({ type: columnType.binary(), ...options });

/**
 * Integer minor units (cents). PostgreSQL's bigint arrives as a string (node-pg will not
 * guess at precision), so it is turned back into a number and checked to be exact.
 */
export const MoneyColumn = (options: ColumnOptions = {}) =>
  Column({ type: 'bigint', transformer: bigintTransformer, ...options });

export const bigintTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null): number | null => {
    if (value === null) return null;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isSafeInteger(n)) throw new Error(`bigint ${String(value)} exceeds safe range`);
    return n;
  },
};

const dayTransformer = {
  to: (value: string | null | undefined) => value,
  from: (value: string | Date | null): string | null => {
    if (value === null) return null;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return value.slice(0, 10);
  },
};

/** Case-insensitive "contains" that works on both databases (SQLite's LIKE already ignores case). */
export function containsText(text: string): FindOperator<string> {
  const pattern = containsPattern(text);
  return isPostgres() ? ILike(pattern) : Like(pattern);
}

/** The same test for a query builder: `column` is `alias.property`, `param` a parameter name. */
export function containsTextSql(column: string, param: string): string {
  return `${column} ${isPostgres() ? 'ILIKE' : 'LIKE'} :${param} ESCAPE '\\'`;
}

export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainError } from './domain-error.js';

export const MAX_PAGE_SIZE = 100;

/**
 * Totals are counted up to this many rows and no further: a list of 100,000 projects answers
 * "more than 1,000" (`total` 1000, `totalCapped` true) instead of counting every row on every
 * page view. Counting 10,000 index entries took 2.5 ms on PostgreSQL, 60 times the page query.
 */
export const TOTAL_LIMIT = 1_000;

export class PageQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;

  get skip(): number {
    return (this.page - 1) * this.pageSize;
  }
}

/** A large list: `?after=<nextCursor of the previous page>` continues where that page ended. */
export class KeysetPageQuery extends PageQuery {
  @ApiPropertyOptional({
    description:
      'The `nextCursor` of the previous page (opaque). Page N costs what page 1 costs; ' +
      'not combinable with `page`.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'after must be a cursor returned as nextCursor' })
  after?: string;

  /**
   * Set by code, never by a request (undecorated, so validation refuses it as a parameter):
   * `false` skips the bounded count for a caller that shows no total (a page's section with
   * "older …" only). The page then says what it knows: `total` is the rows returned and
   * `totalCapped` whether there are more.
   */
  declare countTotal?: false;
}

export class PageMeta {
  @ApiProperty() page!: number;
  @ApiProperty() pageSize!: number;
  @ApiProperty() total!: number;
}

export class KeysetPageMeta extends PageMeta {
  @ApiProperty({ description: `true: there are more than \`total\` (${TOTAL_LIMIT}) items` })
  totalCapped!: boolean;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `after` for the next page; null on the last page',
  })
  nextCursor!: string | null;
}

export interface Page<T> extends PageMeta {
  items: T[];
}

export interface KeysetPage<T> extends Page<T> {
  totalCapped: boolean;
  nextCursor: string | null;
}

export function toPage<E, R>(
  [rows, total]: [E[], number],
  query: PageQuery,
  map: (row: E) => R,
): Page<R> {
  return { items: rows.map(map), page: query.page, pageSize: query.pageSize, total };
}

/** What a key's cursor value must look like, so a forged cursor is a 400, not a SQL error. */
export type KeyKind = 'timestamp' | 'uuid' | 'text' | 'integer' | 'day';

export interface SortKey {
  /** `alias.property`, as in the query builder. */
  path: string;
  kind: KeyKind;
}

/**
 * One list's order for keyset pagination: the keys end in a unique one and share one
 * direction, so "after this row" is the row comparison `(k1, k2) < (v1, v2)` (or `>`), which
 * an index on the same columns answers by seeking instead of counting rows off.
 */
export interface KeysetOrder {
  /** Names the list inside the cursor: a cursor of another list is refused. */
  list: string;
  keys: readonly SortKey[];
  direction: 'ASC' | 'DESC';
}

const KEY_PATTERNS: Record<KeyKind, RegExp> = {
  timestamp: /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)?$/,
  uuid: /^[0-9a-fA-F-]{36}$/,
  text: /^[\s\S]{0,300}$/,
  integer: /^-?\d{1,19}$/,
  day: /^\d{4}-\d{2}-\d{2}$/,
};

export function encodeCursor(order: KeysetOrder, values: readonly string[]): string {
  return Buffer.from(JSON.stringify([order.list, ...values])).toString('base64url');
}

export function decodeCursor(order: KeysetOrder, cursor: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== order.keys.length + 1) throw invalidCursor();
  const [list, ...values] = parsed as unknown[];
  const fits = values.every(
    (v, i) => typeof v === 'string' && KEY_PATTERNS[order.keys[i].kind].test(v),
  );
  if (list !== order.list || !fits) throw invalidCursor();
  return values as string[];
}

function invalidCursor(): DomainError {
  return new DomainError(
    'validation',
    'REQUEST.INVALID_CURSOR',
    'after: not a cursor of this list (pass the nextCursor of its previous page)',
    { errors: [{ field: 'after', messages: ['not a cursor of this list'] }] },
  );
}

/**
 * Runs a list query one page at a time: after the cursor's row when `after` is given (a seek
 * on the sort index), else by `page` as before. The sort keys are read back as text, so a
 * PostgreSQL timestamp keeps its microseconds in the cursor. The total is counted up to
 * TOTAL_LIMIT + 1 rows.
 */
export async function keysetPage<E extends ObjectLiteral, R>(
  qb: SelectQueryBuilder<E>,
  order: KeysetOrder,
  query: KeysetPageQuery,
  map: (rows: E[]) => Promise<R[]> | R[],
): Promise<KeysetPage<R>> {
  if (query.after !== undefined && query.page !== 1) {
    throw new DomainError('validation', 'VALIDATION.FAILED', 'after: not combinable with page', {
      errors: [{ field: 'after', messages: ['after and page exclude each other'] }],
    });
  }
  const pageQb = qb.clone();
  order.keys.forEach((key, i) => {
    pageQb.addSelect(`CAST(${key.path} AS ${castType(key.kind)})`, `keyset_${i}`);
    if (i === 0) pageQb.orderBy(key.path, order.direction);
    else pageQb.addOrderBy(key.path, order.direction);
  });
  if (query.after !== undefined) whereAfter(pageQb, order, decodeCursor(order, query.after));
  else pageQb.offset(query.skip);
  pageQb.limit(query.pageSize + 1);
  // Independent reads: on a pooled connection they overlap instead of taking turns.
  const [counts, { entities, raw }] = await Promise.all([
    query.countTotal === false ? null : boundedTotal(qb),
    pageQb.getRawAndEntities<Record<string, unknown>>(),
  ]);
  const more = entities.length > query.pageSize;
  const rows = entities.slice(0, query.pageSize);
  const [counted, capped] = counts ?? [query.skip + rows.length, more];
  const last = raw[rows.length - 1];
  return {
    items: await map(rows),
    page: query.page,
    pageSize: query.pageSize,
    total: counted,
    totalCapped: capped,
    nextCursor:
      more && last
        ? encodeCursor(
            order,
            order.keys.map((_, i) => String(last[`keyset_${i}`])),
          )
        : null,
  };
}

function castType(kind: KeyKind): string {
  return kind === 'integer' ? 'bigint' : kind === 'uuid' ? 'varchar' : 'text';
}

function whereAfter<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
  order: KeysetOrder,
  values: readonly string[],
): void {
  const comparison = order.direction === 'DESC' ? '<' : '>';
  const params = Object.fromEntries(values.map((v, i) => [`keyset_after_${i}`, v]));
  const columns = order.keys.map((k) => k.path).join(', ');
  const placeholders = values.map((_, i) => `:keyset_after_${i}`).join(', ');
  qb.andWhere(`(${columns}) ${comparison} (${placeholders})`, params);
}

/** The filtered list's row count, counting no further than TOTAL_LIMIT + 1. */
export async function boundedTotal<E extends ObjectLiteral>(
  qb: SelectQueryBuilder<E>,
): Promise<[total: number, capped: boolean]> {
  const [sql, params] = qb
    .clone()
    .select('1', 'one')
    .orderBy()
    .offset(undefined)
    .limit(TOTAL_LIMIT + 1)
    .getQueryAndParameters();
  const rows: { n: number | string }[] = await qb.connection.query(
    `SELECT COUNT(*) AS n FROM (${sql}) counted`,
    params,
  );
  const n = Number(rows[0].n);
  return n > TOTAL_LIMIT ? [TOTAL_LIMIT, true] : [n, false];
}

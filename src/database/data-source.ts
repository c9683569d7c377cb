import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';
import { retryReadsOnLostConnection } from './read-retry.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    logging: false,
    namingStrategy: new SnakeNamingStrategy(),
  };
  if (db.kind === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: db.url,
      schema: db.schema,
      // Waiting longer for a connection than this fails the request with 503 (pool exhausted).
      connectTimeoutMS: db.connectTimeoutMs,
      applicationName: db.applicationName,
      // Every pooled connection resolves unqualified names in the configured schema.
      extra: { max: db.poolSize, options: `-c search_path=${db.schema}` },
    };
  }
  if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.path,
    enableWAL: db.path !== ':memory:',
    timeout: 10_000,
  };
}

/**
 * Brings the schema up to date. On PostgreSQL several app instances may start at once, so
 * they take turns under an advisory lock (creating the schema included); SQLite has a single process by design.
 */
export async function runMigrations(dataSource: DataSource, db: DatabaseConfig): Promise<void> {
  if (db.kind !== 'postgres') {
    await dataSource.runMigrations({ transaction: 'each' });
    return;
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    // The lock comes first: CREATE SCHEMA IF NOT EXISTS is not safe against itself, two
    // concurrent ones on a new schema can both miss it and one fails on the catalog's index.
    await runner.query('SELECT pg_advisory_lock(7302841)');
    try {
      await runner.query(`CREATE SCHEMA IF NOT EXISTS "${db.schema}"`);
      await dataSource.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(7302841)');
    }
  } finally {
    await runner.release();
  }
}

/** Opens the database and migrates it: what the app and `npm run migration:run` both do. */
export async function openDatabase(
  db: DatabaseConfig,
  extra: Partial<DataSourceOptions> = {},
): Promise<DataSource> {
  const dataSource = new DataSource({ ...dataSourceOptions(db), ...extra } as DataSourceOptions);
  await dataSource.initialize();
  if (db.kind === 'postgres') retryReadsOnLostConnection(dataSource);
  await runMigrations(dataSource, db);
  return dataSource;
}

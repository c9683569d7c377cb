import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../src/config/app-config.js';
import { dataSourceOptions, runMigrations } from '../src/database/data-source.js';

/**
 * Several instances started at once on a new DATABASE_SCHEMA: each creates the schema and
 * migrates it. On SQLite one process owns the file, so there is nothing to race; the test
 * then checks that it really runs on SQLite, and CI runs it on PostgreSQL too.
 */
describe('concurrent first starts on one fresh schema', () => {
  const url = process.env.DATABASE_URL;

  it('the database kind is the one CI asked for', () => {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: '/tmp' });
    expect(config.database.kind).toBe(url ? 'postgres' : 'sqlite');
  });

  if (!url) return;

  it('40 instances migrating one new schema at once all start', async () => {
    const schema = `test_start_${randomBytes(6).toString('hex')}`;
    const config = loadConfig({
      ...process.env,
      NODE_ENV: 'test',
      DATA_DIR: '/tmp',
      DATABASE_SCHEMA: schema,
      DATABASE_POOL_SIZE: '2',
    });
    // Connected first, then all migrate at once: the moment where the starts collide.
    const opened = Array.from(
      { length: 40 },
      () => new DataSource(dataSourceOptions(config.database)),
    );
    await Promise.all(opened.map((d) => d.initialize()));
    const starts = await Promise.allSettled(opened.map((d) => runMigrations(d, config.database)));
    await Promise.all(opened.map((d) => d.destroy()));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${schema}".schema_migrations`,
      );
      await admin.query(`DROP SCHEMA "${schema}" CASCADE`);
      expect({
        failed: starts.flatMap((s) => (s.status === 'rejected' ? [String(s.reason)] : [])),
        migrations: Number(rows[0].n),
      }).toEqual({ failed: [], migrations: opened[0]?.migrations.length });
    } finally {
      await admin.end();
    }
  });
});

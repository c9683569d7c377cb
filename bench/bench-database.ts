import pg from 'pg';

/**
 * The PostgreSQL database the benchmarks seed their schemas in: `DATABASE_URL` if set, else
 * `freigabe_bench` on the local server, created if missing. Never the tests' `test` database
 * by default: a bench run and a test run at the same time must not meet in one database.
 *
 * Set on import, before any module of the app is evaluated, because the entities choose their
 * column types from `DATABASE_URL` when they load (`common/columns.ts`): import this module
 * first.
 */
process.env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/freigabe_bench';

/** The bench database's URL, the database created first if it does not exist yet. */
export async function benchDatabaseUrl(): Promise<string> {
  const url = new URL(process.env.DATABASE_URL!);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new pg.Client({ connectionString: new URL('/postgres', url).toString() });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount === 0) await admin.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await admin.end();
  }
  return url.toString();
}

import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config/app-config.js';
import { openDatabase } from './data-source.js';

/** `npm run migration:run`: migrate the configured database and exit. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const dataSource = await openDatabase(config.database);
  const applied = await dataSource.query<unknown[]>('SELECT name FROM schema_migrations');
  process.stdout.write(`Database is up to date (${applied.length} migrations applied).\n`);
  await dataSource.destroy();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
});

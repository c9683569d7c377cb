import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.setup.js';
import { ConfigError, loadConfig } from './config/app-config.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const app = await createApp(config);
  await app.listen(config.port, config.host);
  new Logger('Main').log(
    `freigabe listening on http://${config.host}:${config.port} (database: ${config.database.kind}); API docs at /api/docs`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `freigabe failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});

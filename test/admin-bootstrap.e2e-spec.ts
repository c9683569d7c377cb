import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsersService } from '../src/auth/users.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** ADMIN_EMAIL/ADMIN_PASSWORD only seed an empty database; a restart with them says so. */
describe('the first admin from ADMIN_EMAIL/ADMIN_PASSWORD', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    t = await startTestApp(
      { LOG_LEVEL: 'info' },
      { logDestination: { write: (line: string) => void lines.push(line) } },
    );
  });
  afterAll(() => t.close());

  it('creates the admin on the empty database without the warning', () => {
    const logged = lines.join('');
    expect(logged).toContain('Created the first admin');
    expect(logged).not.toContain('ignored');
  });

  it('logs that the variables were ignored when the database already has users', async () => {
    const before = lines.length;
    // What a restart runs: the bootstrap hook, now on a database with users.
    await t.app.get(UsersService).onApplicationBootstrap();
    const logged = lines.slice(before).join('');
    expect(logged).toContain('ADMIN_EMAIL and ADMIN_PASSWORD ignored');
    expect(logged).toContain('only create the first admin on an empty database');
    expect(logged).not.toContain('Created the first admin');
  });
});

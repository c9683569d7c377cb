import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';

/** The built app as `npm start` runs it, in a process of its own. */
describe('the app process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'freigabe-process-'));
  beforeAll(() => {
    execFileSync('npx', ['nest', 'build'], { stdio: 'pipe' });
  }, 120_000);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function start(env: Record<string, string>) {
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: {
        PATH: process.env.PATH,
        DATA_DIR: dataDir,
        SQLITE_PATH: join(dataDir, 'db.sqlite'),
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const exited = new Promise<{ code: number | null; stderr: string; stdout: string }>((resolve) =>
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, stderr, stdout });
      }),
    );
    return { stop: () => child.kill('SIGTERM'), exited };
  }
  const run = (env: Record<string, string>) => start(env).exited;

  it('exits non-zero naming DATABASE_URL when it is malformed', async () => {
    const result = await run({ DATABASE_URL: 'postgres//missing-colon' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL');
    expect(result.stderr).toMatch(/PostgreSQL URL/);
  });

  it('refuses to start in production without JWT_SECRET', async () => {
    const result = await run({ NODE_ENV: 'production' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('JWT_SECRET');
  });

  it('starts on embedded SQLite with no configuration, creates the admin and serves /health', async () => {
    const port = await freePort();
    const app = start({ PORT: String(port), PASSWORD_SCRYPT_LOG_N: '14' });
    const health = await poll(`http://127.0.0.1:${port}/health`);
    expect(health).toEqual({ status: 'ok', database: 'up' });
    app.stop();
    const result = await app.exited;
    expect(result.stdout).toMatch(/generated password \S+/);
    // Structured JSON logs: every line parses.
    for (const line of result.stdout.trim().split('\n'))
      expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function poll(url: string): Promise<unknown> {
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      const response = await fetch(url);
      if (response.ok) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

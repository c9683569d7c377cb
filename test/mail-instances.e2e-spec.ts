import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { loadConfig } from '../src/config/app-config.js';
import { Transactions } from '../src/database/transactions.js';
import { OutboxMail } from '../src/mail/mail-outbox.entity.js';
import { MailOutbox } from '../src/mail/mail-outbox.service.js';
import { MailSender } from '../src/mail/mail-sender.service.js';
import { MovableClock, startTestApp, type TestApp } from './support/test-app.js';

/** What the SMTP server got: the outbox row (X-Freigabe-Mail) and the Message-ID. */
interface Received {
  row: string;
  messageId: string;
}

/**
 * Several app instances deliver one outbox. On PostgreSQL: two instances on one schema and a
 * real SMTP server on loopback. On SQLite one process owns the database by design, so the
 * file checks that it runs on SQLite; CI runs it on PostgreSQL too.
 */
describe('mail outbox with two instances on one database', () => {
  it('runs on PostgreSQL exactly when DATABASE_URL is set', () => {
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATA_DIR: '/tmp' });
    expect(config.database.kind).toBe(process.env.DATABASE_URL ? 'postgres' : 'sqlite');
  });

  if (!process.env.DATABASE_URL) return;

  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const head = Buffer.concat(chunks)
          .toString('utf8')
          .split(/\r?\n\r?\n/)[0];
        received.push({
          row: /^X-Freigabe-Mail: (.*)$/im.exec(head)?.[1] ?? '',
          messageId: /^Message-ID: (.*)$/im.exec(head)?.[1] ?? '',
        });
        callback();
      });
    },
  });
  let a: TestApp;
  let b: TestApp;
  const clockB = new MovableClock('Europe/Berlin');

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) =>
      server.listen(0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port)),
    );
    const env = {
      RENDER_WORKERS: '1',
      MAIL_POLL_SECONDS: '0',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'freigabe@it-service.example',
    };
    a = await startTestApp(env);
    const schema = a.config.database.kind === 'postgres' ? a.config.database.schema : '';
    b = await startTestApp({ ...env, DATABASE_SCHEMA: schema }, { clock: clockB });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function queue(count: number, kind: string): Promise<string[]> {
    const outbox = a.app.get(MailOutbox);
    return a.app.get(Transactions).run(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        ids.push(
          await outbox.enqueue(tx, {
            kind,
            to: { address: `kunde.${i}@kunde.example`, name: null },
            language: 'de',
            subject: `Test ${i}`,
            text: 'Guten Tag',
            related: { type: 'test', id: kind },
          }),
        );
      }
      return ids;
    });
  }

  it('many queued mails, both instances flushing at once: each sent exactly once', async () => {
    const ids = await queue(60, 'burst');
    const senders = [a.app.get(MailSender), b.app.get(MailSender)];
    for (let round = 0; round < 5; round++) {
      await Promise.all([...senders, ...senders].map((s) => s.flush()));
    }
    const mine = received.filter((r) => ids.includes(r.row));
    expect(mine.map((r) => r.row).sort()).toEqual([...ids].sort());
    expect(new Set(mine.map((r) => r.messageId)).size).toBe(60);
    const rows = await a.app
      .get(DataSource)
      .getRepository(OutboxMail)
      .findBy({ relatedId: 'burst' });
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(rows.map(() => ['sent', 1]));
  });

  it('an instance dies after the SMTP hand-off: the other sends again after the lease, with the same Message-ID', async () => {
    const [id] = await queue(1, 'killed');
    const senderA = a.app.get(MailSender);
    // The instance "dies" between the hand-off and marking the mail sent: nothing it would
    // write after delivering reaches the database.
    const dies = jest
      .spyOn(senderA as unknown as { finish: () => Promise<void> }, 'finish')
      .mockRejectedValue(new Error('instance killed'));
    await expect(senderA.flush()).rejects.toThrow('instance killed');
    dies.mockRestore();
    expect(received.filter((r) => r.row === id)).toHaveLength(1);

    // While the lease runs, the other instance leaves it alone.
    await expect(b.app.get(MailSender).flush()).resolves.toMatchObject({ sent: 0 });
    clockB.advanceDays(1);
    await expect(b.app.get(MailSender).flush()).resolves.toMatchObject({ sent: 1 });

    const deliveries = received.filter((r) => r.row === id);
    expect(deliveries).toHaveLength(2);
    expect(deliveries[1].messageId).toBe(deliveries[0].messageId);
    const row = await b.app.get(DataSource).getRepository(OutboxMail).findOneByOrFail({ id });
    expect({ status: row.status, attempts: row.attempts, messageId: row.messageId }).toEqual({
      status: 'sent',
      attempts: 2,
      messageId: deliveries[0].messageId,
    });
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Transactions } from '../src/database/transactions.js';
import { MailOutbox } from '../src/mail/mail-outbox.service.js';
import { MailSender } from '../src/mail/mail-sender.service.js';
import { MovableClock, startTestApp, type TestApp } from './support/test-app.js';

describe('mail as .eml files when the sender dies after writing one', () => {
  const clock = new MovableClock('Europe/Berlin');
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' }, { clock });
  });
  afterAll(() => t.close());

  it('the resend is a second file with the same Message-ID, not an overwrite', async () => {
    const id = await t.app.get(Transactions).run((tx) =>
      t.app.get(MailOutbox).enqueue(tx, {
        kind: 'test',
        to: { address: 'kunde@kunde.example', name: null },
        language: 'de',
        subject: 'Test',
        text: 'Guten Tag',
        related: { type: 'test', id: 'eml' },
      }),
    );
    const sender = t.app.get(MailSender);
    const dies = jest
      .spyOn(sender as unknown as { finish: () => Promise<void> }, 'finish')
      .mockRejectedValue(new Error('instance killed'));
    await expect(sender.flush()).rejects.toThrow('instance killed');
    dies.mockRestore();
    clock.advanceDays(1);
    await expect(sender.flush()).resolves.toMatchObject({ sent: 1 });

    const dir = t.config.mail.outboxDir;
    const files = readdirSync(dir).filter((f) => f.includes(id));
    const messageIds = files.map(
      (f) => /^Message-ID: (.*)$/im.exec(readFileSync(join(dir, f), 'utf8'))?.[1],
    );
    expect(files).toHaveLength(2);
    expect(messageIds[1]).toBe(messageIds[0]);
    expect(messageIds[0]).toMatch(new RegExp(`^<${id}@`));
  });
});

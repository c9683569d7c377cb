import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../src/common/clock.js';
import { OutboxMail } from '../src/mail/mail-outbox.entity.js';
import { MailSender } from '../src/mail/mail-sender.service.js';
import { SignoffReminders } from '../src/signoff/signoff-reminders.service.js';
import { createCustomer } from './support/factories.js';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { adminActor, issueStageDocument, parseMail, type SentMail } from './support/signoff.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { expectStatus } from './support/expect-status.js';

/** A real SMTP server on loopback that keeps what it receives, or refuses it on demand. */
class TestSmtp {
  readonly received: SentMail[] = [];
  refuse = false;
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo: (_address, _session, callback) => {
      if (this.refuse) {
        const error = new Error('451 mailbox temporarily unavailable') as Error & {
          responseCode: number;
        };
        error.responseCode = 451;
        return callback(error);
      }
      callback();
    },
    onData: (stream, _session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        this.received.push(parseMail(Buffer.concat(chunks).toString('utf8')));
        callback();
      });
    },
  });

  listen(): Promise<number> {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () =>
        resolve((this.server.server.address() as AddressInfo).port),
      );
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe('sign-off mail through SMTP', () => {
  const smtp = new TestSmtp();
  let t: TestApp;
  let world: ProjectWorld;

  beforeAll(async () => {
    const port = await smtp.listen();
    t = await startTestApp({
      RENDER_WORKERS: '1',
      MAIL_POLL_SECONDS: '0',
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'freigabe@it-service.example',
      PUBLIC_BASE_URL: 'https://freigabe.example.com',
      SIGNOFF_REMINDER_DAYS: '7',
    });
    world = await projectWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  async function sendFor(customerId: string, contactId: string) {
    const { id, p } = await readyForReview(t, { ...world, customerId });
    await p.post(world.consultant.token, '/send');
    // The send step mails the documents for review; deliver that first, the tests count the rest.
    await t.app.get(MailSender).flush();
    const document = await issueStageDocument(
      t,
      await adminActor(t),
      customerId,
      id,
      'solution-document',
      'Revision 1',
      'en',
    );
    const sent = await t.http
      .post('/signoffs')
      .set(bearer(world.consultant.token))
      .send({
        documentId: document.id,
        subject: { subject: 'project_revision', projectId: id, revision: 1 },
        contactIds: [contactId],
      });
    expectStatus(sent, 201);
    return { projectId: id, document, request: sent.body };
  }

  it('delivers the request in the customer language, then the confirmation with the signed PDF', async () => {
    const customer = await createCustomer(t, {
      language: 'en',
      contacts: [{ name: 'Oliver Brennan', email: 'oliver@customer.example', isSignatory: true }],
    });
    const { projectId, request } = await sendFor(customer.id, customer.contacts[0].id);
    const before = smtp.received.length;
    await expect(t.app.get(MailSender).flush()).resolves.toMatchObject({ sent: 1 });
    const mail = smtp.received[before];
    expect(mail.to).toContain('oliver@customer.example');
    expect(mail.subject).toMatch(/^Please sign off: /);
    expect(mail.language).toBe('en');
    expect(mail.text).toContain('Dear Oliver Brennan');
    expect(mail.text).toContain('https://freigabe.example.com/signoff/');
    // Delivered: the outbox keeps no usable copy of the link.
    const stored = await t.app
      .get(DataSource)
      .getRepository(OutboxMail)
      .findOneByOrFail({ relatedId: request.id });
    expect(stored.status).toBe('sent');
    expect(stored.textBody).not.toContain(mail.token!);

    await t.http
      .post(`/signoff/${mail.token}/approve`)
      .type('form')
      .send({ signerName: 'Oliver Brennan', consent: 'on' })
      .expect(200);
    await t.app.get(MailSender).flush();
    const confirmation = smtp.received[smtp.received.length - 1];
    expect(confirmation.to).toContain('oliver@customer.example');
    expect(confirmation.subject).toMatch(/^Sign-off confirmed: /);
    expect(confirmation.language).toBe('en');
    expect(confirmation.attachments).toHaveLength(1);
    expect(confirmation.attachments[0]).toMatch(/signed\.pdf$/);
    expect(confirmation.raw).toContain('Content-Type: application/pdf');
    const project = await t.http
      .get(`/projects/${projectId}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(project.body.stage).toBe('approved');
  });

  it('a refusing server leaves the mail queued for a later retry; nothing is lost', async () => {
    const customer = await createCustomer(t, {
      contacts: [{ name: 'Jördis Weiß', email: 'joerdis@kunde.example', isSignatory: true }],
    });
    const { request } = await sendFor(customer.id, customer.contacts[0].id);
    const outbox = t.app.get(DataSource).getRepository(OutboxMail);
    smtp.refuse = true;
    const before = smtp.received.length;
    await expect(t.app.get(MailSender).flush()).resolves.toMatchObject({ sent: 0, retrying: 1 });
    const queued = await outbox.findOneByOrFail({ relatedId: request.id });
    expect(queued).toMatchObject({ status: 'queued', attempts: 1 });
    expect(queued.lastError).toMatch(/451/);
    expect(queued.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + 50_000);

    // Not due yet: nothing is tried.
    smtp.refuse = false;
    await expect(t.app.get(MailSender).flush()).resolves.toMatchObject({ sent: 0, retrying: 0 });
    expect(smtp.received.length).toBe(before);

    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date(realNow().getTime() + 2 * 60_000);
    try {
      await expect(t.app.get(MailSender).flush()).resolves.toMatchObject({ sent: 1 });
    } finally {
      clock.now = realNow;
    }
    const delivered = smtp.received[before];
    expect(delivered.to).toContain('joerdis@kunde.example');
    expect(delivered.subject).toMatch(/^Bitte um Freigabe: /);
    expect(delivered.language).toBe('de');
    expect(await outbox.findOneByOrFail({ relatedId: request.id })).toMatchObject({
      status: 'sent',
      attempts: 2,
    });
  });

  it('reminds once after SIGNOFF_REMINDER_DAYS with a new link that replaces the old one', async () => {
    const customer = await createCustomer(t, {
      contacts: [{ name: 'Kai Kunde', email: 'kai@kunde.example', isSignatory: true }],
    });
    const { request } = await sendFor(customer.id, customer.contacts[0].id);
    await t.app.get(MailSender).flush();
    const original = smtp.received[smtp.received.length - 1];
    const reminders = t.app.get(SignoffReminders);
    await expect(reminders.sendDue()).resolves.toBe(0);
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date(realNow().getTime() + 8 * 24 * 60 * 60 * 1000);
    try {
      // Every open link of this file is due by now (the earlier tests' too); each once.
      const before = smtp.received.length;
      expect(await reminders.sendDue()).toBeGreaterThanOrEqual(1);
      await expect(reminders.sendDue()).resolves.toBe(0);
      await t.app.get(MailSender).flush();
      const toKai = smtp.received.slice(before).filter((m) => m.to.includes('kai@kunde.example'));
      expect(toKai).toHaveLength(1);
      const reminder = toKai[0];
      expect(reminder.to).toContain('kai@kunde.example');
      expect(reminder.subject).toMatch(/^Erinnerung: Bitte um Freigabe: /);
      expect(reminder.token).not.toBe(original.token);
      const old = await t.http.get(`/signoff/${original.token}`);
      expect(old.status).toBe(410);
      await t.http.get(`/signoff/${reminder.token}`).expect(200);
    } finally {
      clock.now = realNow;
    }
    const status = await t.http
      .get(`/signoffs/${request.id}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(status.body.status).toBe('open');
  });
});

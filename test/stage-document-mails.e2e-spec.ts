import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer, createUser, offsetDays } from './support/factories.js';
import { readyForReview, projectWorld, type ProjectWorld } from './support/projects.js';
import { deliverMails, type SentMail } from './support/signoff.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

interface Listed {
  id: string;
  kind: string;
  mails: Array<{ to: string; status: string; queuedAt: string; sentAt: string | null }>;
}

const BASE = 'https://freigabe.example.com';

/**
 * Issue 16: a customer learns of every stage document issued for them — one mail per event
 * to each signatory contact, in the customer's language, the PDFs attached, a portal link
 * where they decide, written through the outbox and listed with the document.
 */
describe('stage documents are mailed to the signatory contacts', () => {
  let t: TestApp;
  let world: ProjectWorld;
  const seen = new Set<string>();
  const newMails = () => deliverMails(t, seen);

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0', PUBLIC_BASE_URL: BASE });
    world = await projectWorld(t);
  }, 120_000);
  afterAll(() => t.close());

  /** A customer of its own (language, contacts) with a user who decides in the portal. */
  async function customerWith(overrides: Record<string, unknown>) {
    const customer = await createCustomer(t, overrides);
    const user = await createUser(t, 'customer', { customerId: customer.id, name: 'Portal' });
    return { world: { ...world, customerId: customer.id, customerUser: user }, user };
  }
  const documents = async (projectId: string) =>
    (
      await t.http
        .get(`/projects/${projectId}/documents`)
        .set(bearer(world.consultant.token))
        .expect(200)
    ).body.items as Listed[];
  const only = (mails: SentMail[], to: string) => {
    const mine = mails.filter((m) => m.to.includes(to));
    expect(mine).toHaveLength(1);
    return mine[0];
  };

  it('takes an English customer from the sent revision to the acceptance, one mail per event', async () => {
    const { world: w, user } = await customerWith({
      language: 'en',
      contacts: [
        {
          name: 'Oliver Brennan',
          email: 'oliver@brennan.example',
          isSignatory: true,
          salutation: 'mr',
        },
        { name: 'Sarah Hill', email: 'sarah@brennan.example', isSignatory: true },
        { name: 'Tom Clerk', email: 'tom@brennan.example', isSignatory: false },
      ],
    });
    const staff = world.consultant.token;
    const { id, p } = await readyForReview(t, w);
    await newMails();

    await p.post(staff, '/send');
    let mails = await newMails();
    expect(mails.map((m) => m.to).sort()).toEqual([
      expect.stringContaining('oliver@brennan.example'),
      expect.stringContaining('sarah@brennan.example'),
    ]);
    const revision = only(mails, 'oliver@brennan.example');
    expect(revision.language).toBe('en');
    expect(revision.subject).toMatch(
      /^Concept and solution .*, revision 1 · Beispiel IT-Service GmbH$/,
    );
    expect(revision.text).toMatch(/^Dear Mr Brennan,/);
    expect(revision.text).toContain(`${BASE}/portal/projects/${id}`);
    expect(revision.attachments).toEqual([
      expect.stringMatching(/^Concept paper .* Revision 1\.pdf$/),
      expect.stringMatching(/^Solution and cost estimate .* Revision 1\.pdf$/),
    ]);
    expect(only(mails, 'sarah@brennan.example').text).toMatch(/^Dear Sarah Hill,/);
    const listed = await documents(id);
    for (const kind of ['concept-paper', 'solution-document']) {
      const document = listed.find((d) => d.kind === kind)!;
      expect(document.mails.map((m) => [m.to, m.status]).sort()).toEqual([
        ['oliver@brennan.example', 'sent'],
        ['sarah@brennan.example', 'sent'],
      ]);
    }

    // The customer's own decision sends nothing; the order confirmation names the date.
    await p.post(user.token, '/approve', {});
    expect(await newMails()).toEqual([]);
    const completion = offsetDays(60);
    await p.post(staff, '/schedule', { completionDate: completion });
    mails = await newMails();
    expect(mails).toHaveLength(2);
    const spelled = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(
      new Date(`${completion}T00:00:00Z`),
    );
    const order = only(mails, 'oliver@brennan.example');
    // Dates in mails are written as in the documents (no-break spaces inside).
    order.subject = order.subject.replace(/\u00a0/g, ' ');
    order.text = order.text.replace(/\u00a0/g, ' ');
    expect(order.subject).toContain(`Order confirmation`);
    expect(order.subject).toContain(`completion by ${spelled}`);
    expect(order.text).toContain(`We confirm ${spelled} as the completion date.`);
    expect(order.text).not.toContain('/portal/');
    expect(order.attachments).toEqual([expect.stringMatching(/^Order confirmation .*\.pdf$/)]);

    await p.post(staff, '/start-work');
    const cr = await t.http
      .post(`/projects/${id}/change-requests`)
      .set(bearer(staff))
      .send({
        title: 'Second site',
        description: 'The branch office joins.',
        lines: [{ title: 'Second site', quantity: '1', unit: 'flat', unitPriceCents: 15_000 }],
      })
      .expect(201);
    expect(await newMails()).toEqual([]); // a draft is the company's own business
    await t.http
      .post(`/projects/${id}/change-requests/${cr.body.id}/send`)
      .set(bearer(staff))
      .expect(200);
    mails = await newMails();
    expect(mails).toHaveLength(2);
    const change = only(mails, 'sarah@brennan.example');
    expect(change.subject).toMatch(/^Change request N-1 for .*: Second site/);
    expect(change.text).toContain('changes the agreed net amount by €150.00');
    expect(change.text).toContain(`${BASE}/portal/projects/${id}`);
    expect(change.attachments).toEqual([expect.stringMatching(/^Change request .* N-1\.pdf$/)]);
    await p.post(user.token, `/change-requests/${cr.body.id}/approve`, {});
    expect(await newMails()).toEqual([]);

    await runQaRound(id, p, 'failed');
    expect(await newMails()).toEqual([]); // a failed internal QA round is not the customer's
    await runQaRound(id, p, 'passed');
    mails = await newMails();
    expect(mails).toHaveLength(2);
    const acceptance = only(mails, 'oliver@brennan.example');
    expect(acceptance.subject).toMatch(/^Acceptance .* is ready/);
    expect(acceptance.text).toContain('passed our internal quality check (round 2)');
    expect(acceptance.attachments).toEqual([
      expect.stringMatching(/^Acceptance protocol .*Round 2\.pdf$/),
      expect.stringMatching(/^QA protocol .*Round 2\.pdf$/),
    ]);
    const after = await documents(id);
    const qa1 = after.find((d) => d.kind === 'qa-protocol' && d.mails.length === 0);
    expect(qa1).toBeDefined();
    expect(after.filter((d) => d.kind === 'qa-protocol' && d.mails.length === 2)).toHaveLength(1);
  }, 180_000);

  async function runQaRound(
    id: string,
    p: Awaited<ReturnType<typeof readyForReview>>['p'],
    result: 'passed' | 'failed',
  ) {
    const staff = world.consultant.token;
    await p.read(staff);
    await p.post(staff, '/submit-qa');
    const rounds = (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(staff)).expect(200))
      .body as Array<{ checks: Array<{ id: string }> }>;
    for (const check of rounds.at(-1)!.checks) {
      await t.http
        .put(`/projects/${id}/qa-checks/${check.id}`)
        .set(bearer(staff))
        .send({ result, ...(result === 'failed' ? { note: 'Stichprobe unvollständig' } : {}) })
        .expect(200);
    }
    await p.read(staff);
    await p.post(staff, '/complete-qa');
  }

  it('writes to a German customer in German, greeting each contact; a refused step mails nobody', async () => {
    const { world: w } = await customerWith({
      language: 'de',
      contacts: [
        { name: 'Eva Müller', email: 'eva@mueller.example', isSignatory: true, salutation: 'ms' },
        { name: 'Ausgeschieden', email: 'alt@mueller.example', isSignatory: true },
      ],
    });
    const contacts = await t.http
      .get(`/customers/${w.customerId}/contacts`)
      .set(bearer(t.adminToken))
      .expect(200);
    const gone = (contacts.body as Array<{ id: string; name: string; version: number }>).find(
      (c) => c.name === 'Ausgeschieden',
    )!;
    await t.http
      .patch(`/customers/${w.customerId}/contacts/${gone.id}`)
      .set(bearer(t.adminToken))
      .send({ active: false, version: gone.version })
      .expect(200);
    const staff = world.consultant.token;
    const { id, p } = await readyForReview(t, w);
    await newMails();
    const refused = await t.http
      .post(`/projects/${id}/send`)
      .set(bearer(staff))
      .send({ version: p.version - 1 });
    expect(refused.status).toBe(409);
    expect(await newMails()).toEqual([]);

    await p.post(staff, '/send');
    const [mail, ...others] = await newMails();
    expect(others).toEqual([]);
    expect(mail.to).toContain('eva@mueller.example');
    expect(mail.language).toBe('de');
    expect(mail.subject).toMatch(/^Konzept und Lösung .*, Revision 1 · Beispiel IT-Service GmbH$/);
    expect(mail.text).toMatch(
      /^Sehr geehrte Frau Müller,\n\nanbei erhalten Sie für Ihr Projekt „Migration des Mailservers“/,
    );
    expect(mail.text.replace(/\r\n/g, '\n')).toContain(
      'Mit freundlichen Grüßen\nKlara Beraterin\nBeispiel IT-Service GmbH',
    );
    expect(mail.attachments).toEqual([
      expect.stringMatching(/^Konzeptpapier .* Revision 1\.pdf$/),
      expect.stringMatching(/^Lösungsdokument mit Kostenschätzung .* Revision 1\.pdf$/),
    ]);
  });
});

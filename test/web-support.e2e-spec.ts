import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { ArticleFeedback, SupportTimer } from '../src/support/support-desk-extras.entity.js';
import { PersonalDataAction } from '../src/support/ticket.entity.js';
import {
  createContract,
  createCustomer,
  createService,
  createTicket,
  createUser,
  type CreatedCustomer,
  type CreatedUser,
} from './support/factories.js';
import { bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

/** Posts a page form with the session's CSRF token, coming from `from` (the Referer). */
async function postForm(
  t: TestApp,
  cookie: string,
  from: string,
  action: string,
  fields: Record<string, string>,
) {
  const csrf = csrfOf(await getPage(t, from, cookie));
  return t.http
    .post(action)
    .set('Cookie', cookie)
    .set('Referer', `http://${hostOf(t)}${from}`)
    .type('form')
    .send({ ...fields, _csrf: csrf });
}

/** The text of a queue row's "why here" cell, tags dropped and spaces collapsed. */
function reasonOf(html: string, ticketNumber: string): string {
  const row = html.slice(html.indexOf(`data-testid="queue-${ticketNumber}"`));
  const cell = /data-testid="why-here">([\s\S]*?)<\/td>/.exec(row)?.[1] ?? '';
  return cell
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const hostOf = (t: TestApp) => {
  const address = t.app.getHttpServer().address() as { port: number } | null;
  return address ? `127.0.0.1:${address.port}` : '127.0.0.1';
};

describe('support desk pages (staff) and the customer support portal', () => {
  let t: TestApp;
  const clock = new MovableClock('Europe/Berlin');
  let consultant: CreatedUser;
  let staffCookie: string;
  let contractCustomer: CreatedCustomer;
  let plainCustomer: CreatedCustomer;
  let plainUser: CreatedUser;
  let avUser: CreatedUser;
  let plainCookie: string;
  let avCookie: string;
  let service: { id: string };

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' }, { clock });
    consultant = await createUser(t, 'consultant', { name: 'Carla Consult' });
    staffCookie = await pageLogin(t, consultant.email, consultant.password);
    contractCustomer = await createCustomer(t, { name: 'Vertrag & Co KG' });
    await createContract(t, contractCustomer.id, 'service');
    await createContract(t, contractCustomer.id, 'data_processing');
    plainCustomer = await createCustomer(t, { name: 'Ohne Vertrag GmbH' });
    await createContract(t, plainCustomer.id, 'update');
    plainUser = await createUser(t, 'customer', { customerId: plainCustomer.id, name: 'Paul' });
    avUser = await createUser(t, 'customer', { customerId: contractCustomer.id, name: 'Anna' });
    plainCookie = await pageLogin(t, plainUser.email, plainUser.password);
    avCookie = await pageLogin(t, avUser.email, avUser.password);
    service = await createService(t);
  });
  afterAll(() => t.close());

  it('lets only staff into the console pages and only customers into the portal pages', async () => {
    expect((await t.http.get('/console/support').set('Cookie', plainCookie)).status).toBe(403);
    expect((await t.http.get('/portal/support').set('Cookie', staffCookie)).status).toBe(403);
    const admin = await t.http.get('/console/admin/sub-processors').set('Cookie', staffCookie);
    expect(admin.status).toBe(403);
    const anonymous = await t.http.get('/console/support');
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/login/);
  });

  it('shows the queue in the service terms’ order with the reason for each place', async () => {
    const late = await createTicket(t, plainCustomer.id, {
      severity: 'critical',
      title: 'Zuerst da',
    });
    const first = await createTicket(t, contractCustomer.id, { severity: 'low', title: 'Vertrag' });
    const html = await getPage(t, '/console/support', staffCookie);
    const contractAt = html.indexOf(`queue-${first.number}`);
    const plainAt = html.indexOf(`queue-${late.number}`);
    expect(contractAt).toBeGreaterThan(0);
    expect(plainAt).toBeGreaterThan(contractAt);
    expect(html).toContain('Servicevertrag');
    const filtered = await getPage(t, '/console/support?severity=critical', staffCookie);
    expect(filtered).toContain(`queue-${late.number}`);
    expect(filtered).not.toContain(`queue-${first.number}`);

    // "Why here" in the reader's language, from the placement's parts (the API's reason is English).
    // (A session of its own: the 2 hours would end the shared one as idle.)
    clock.advanceMinutes(125);
    try {
      const cookie = await pageLogin(t, consultant.email, consultant.password);
      const later = await getPage(t, '/console/support', cookie);
      expect(reasonOf(later, first.number)).toBe(
        'Servicevertrag · Niedrig · wartet seit 2 h 5 min',
      );
      expect(reasonOf(later, late.number)).toBe('Kein Vertrag · Kritisch · wartet seit 2 h 5 min');
      expect(later).not.toContain('service contract in force');
    } finally {
      clock.advanceMinutes(-125);
    }
  });

  it('assigns a ticket to me and filters the queue by it', async () => {
    const ticket = await createTicket(t, plainCustomer.id, { title: 'Meins' });
    const path = `/console/support/tickets/${ticket.id}`;
    const done = await postForm(t, staffCookie, path, `${path}/assign`, {
      assignee: 'me',
      version: String(ticket.version),
    });
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(path);
    const mine = await getPage(t, '/console/support?assignee=me', staffCookie);
    expect(mine).toContain(`queue-${ticket.number}`);
    expect(mine.match(/data-testid="queue-/g)).toHaveLength(1);
  });

  it('keeps internal notes apart and never shows them in the portal', async () => {
    const ticket = await createTicket(t, plainCustomer.id, { title: 'Drucker' });
    const path = `/console/support/tickets/${ticket.id}`;
    await postForm(t, staffCookie, path, `${path}/notes`, {
      body: 'GEHEIM: Kunde hat selbst gelöscht',
      visibility: 'internal',
    });
    await postForm(t, staffCookie, path, `${path}/notes`, {
      body: 'Wir kümmern uns darum.',
      visibility: 'customer',
    });
    const staff = await getPage(t, path, staffCookie);
    expect(staff).toContain('GEHEIM');
    expect(staff).toContain('Wir kümmern uns darum.');
    const portal = await getPage(t, `/portal/support/tickets/${ticket.id}`, plainCookie);
    expect(portal).toContain('Wir kümmern uns darum.');
    expect(portal).not.toContain('GEHEIM');

    const other = await t.http.get(`/portal/support/tickets/${ticket.id}`).set('Cookie', avCookie);
    expect(other.status).toBe(404);
    expect(other.text).not.toContain('Drucker');
  });

  it('disables the AV-gated actions with the reason, and the service refuses them', async () => {
    const ticket = await createTicket(t, plainCustomer.id, { title: 'Fernwartung' });
    const path = `/console/support/tickets/${ticket.id}`;
    const html = await getPage(t, path, staffCookie);
    expect(html).toContain('data-testid="av-reason"');
    expect(html).toMatch(/<fieldset disabled aria-describedby="av-reason"/);
    expect(html).toContain('Nur Update-Vertrag');
    const refused = await postForm(t, staffCookie, path, `${path}/personal-data-actions`, {
      kind: 'remote_session',
      description: 'Fernwartung',
    });
    expect(refused.status).toBe(303);
    expect(await getPage(t, path, staffCookie)).toContain(
      'Ohne gültigen AV-Vertrag nicht möglich.',
    );
    const rows = await t.app.get(DataSource).getRepository(PersonalDataAction).countBy({
      ticketId: ticket.id,
    });
    expect(rows).toBe(0);

    const covered = await createTicket(t, contractCustomer.id);
    const coveredHtml = await getPage(t, `/console/support/tickets/${covered.id}`, staffCookie);
    expect(coveredHtml).not.toContain('data-testid="av-reason"');
    expect(coveredHtml).not.toMatch(/<fieldset disabled/);
  });

  it('runs a timer that survives a reload and logs the entry when stopped', async () => {
    const ticket = await createTicket(t, contractCustomer.id, { title: 'Timer' });
    const path = `/console/support/tickets/${ticket.id}`;
    clock.setTo('2026-11-18T09:00:00Z'); // a Wednesday, in business hours
    await postForm(t, staffCookie, path, `${path}/timer/start`, { serviceId: service.id });
    const twice = await postForm(t, staffCookie, path, `${path}/timer/start`, {
      serviceId: service.id,
    });
    expect(twice.status).toBe(303);
    expect(await getPage(t, path, staffCookie)).toContain(
      'Auf diesem Ticket läuft bereits eine Zeitmessung.',
    );
    clock.advanceMinutes(20);
    expect(await getPage(t, path, staffCookie)).toContain('data-testid="timer-running"');
    const stopped = await postForm(t, staffCookie, path, `${path}/timer/stop`, {
      description: 'Analyse',
    });
    expect(stopped.status).toBe(303);
    const after = await getPage(t, path, staffCookie);
    expect(
      [...after.matchAll(/class="(?:banner[^"]*|field-error)"[^>]*>([^<]*)/g)].map((m) => m[1]),
    ).toEqual(['Zeit erfasst.']);
    const entries = await t.http
      .get(`/support/tickets/${ticket.id}/time-entries`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(entries.body.items).toHaveLength(1);
    expect(entries.body.items[0].minutes).toBeGreaterThanOrEqual(20);
    expect(entries.body.items[0].minutes).toBeLessThanOrEqual(21);
    const timers = await t.app.get(DataSource).getRepository(SupportTimer).countBy({
      ticketId: ticket.id,
    });
    expect(timers).toBe(0);
    clock.reset();
  });

  it('sets goodwill on the ticket and on one time entry from the ticket page', async () => {
    clock.setTo('2026-11-18T09:00:00Z');
    const ticket = await createTicket(t, contractCustomer.id, { title: 'Kulanzfall' });
    const path = `/console/support/tickets/${ticket.id}`;
    const entry = await t.http
      .post(`/support/tickets/${ticket.id}/time-entries`)
      .set(bearer(consultant.token))
      .send({ serviceId: service.id, minutes: 30, description: 'Analyse' })
      .expect(201);
    const banners = (html: string) =>
      [...html.matchAll(/class="(?:banner[^"]*|field-error)"[^>]*>([^<]*)/g)].map((m) => m[1]);
    const cell = (html: string, testid: string) =>
      (new RegExp(`data-testid="${testid}"[^>]*>([\\s\\S]*?)</(?:p|td)>`).exec(html)?.[1] ?? '')
        .replace(/<[^>]*>/g, ' ')
        .replace(/[ \t\n]+/g, ' ') // (not \s: it would turn the German percent's NBSP into a space)
        .trim();

    // Nothing set yet: the whole work is billed, every entry follows the ticket.
    const before = await getPage(t, path, staffCookie);
    expect(cell(before, 'goodwill-ticket')).toBe('Arbeit: 100\u00a0% berechnet');
    expect(cell(before, 'entry-goodwill')).toMatch(/^wie Ticket/);

    // Over 100 % is refused next to the field, and nothing changes.
    await postForm(t, staffCookie, path, `${path}/goodwill`, {
      billedPercent: '120',
      reason: 'zu viel',
    });
    const refused = await getPage(t, path, staffCookie);
    expect(refused).toContain('id="billedPercent-error"');
    expect(cell(refused, 'goodwill-ticket')).toBe('Arbeit: 100\u00a0% berechnet');
    // The reason is required.
    const noReason = await postForm(t, staffCookie, path, `${path}/goodwill`, {
      billedPercent: '50',
      reason: '',
    });
    expect(noReason.status).toBe(303);
    expect(cell(await getPage(t, path, staffCookie), 'goodwill-ticket')).toBe(
      'Arbeit: 100\u00a0% berechnet',
    );

    const saved = await postForm(t, staffCookie, path, `${path}/goodwill`, {
      phase: 'work',
      billedPercent: '50',
      reason: 'Langjähriger Kunde',
    });
    expect(saved.status).toBe(303);
    const after = await getPage(t, path, staffCookie);
    expect(banners(after)).toEqual(['Kulanz gespeichert.']);
    expect(cell(after, 'goodwill-ticket')).toBe('Arbeit: 50\u00a0% berechnet · Langjähriger Kunde');

    const entryPath = `${path}/time-entries/${entry.body.id}/goodwill`;
    await postForm(t, staffCookie, path, entryPath, {
      billedPercent: '0',
      reason: 'Unser Fehler',
    });
    const withEntry = await getPage(t, path, staffCookie);
    expect(cell(withEntry, 'entry-goodwill')).toMatch(/^0\u00a0% berechnet · Unser Fehler/);

    // The service recorded both, as the API reads them back.
    const api = await t.http
      .get(`/support/tickets/${ticket.id}`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(api.body.goodwill).toEqual({ billedPercent: '50.00', reason: 'Langjähriger Kunde' });
    const entries = await t.http
      .get(`/support/tickets/${ticket.id}/time-entries`)
      .set(bearer(consultant.token))
      .expect(200);
    expect(entries.body.items[0].goodwill).toEqual({
      billedPercent: '0.00',
      reason: 'Unser Fehler',
    });
    clock.reset();
  });

  it('counts the customer’s one-time order as prior approval from the moment it is given', async () => {
    clock.setTo('2026-11-18T09:00:00Z');
    const ticket = await createTicket(t, plainCustomer.id, { title: 'Migration' });
    const api = (path: string, body: object) =>
      t.http.post(`/support/tickets/${ticket.id}/${path}`).set(bearer(consultant.token)).send(body);
    await api('cost-decision', { cause: 'customer_error' }).expect(200);
    await api('customer-notices', { message: 'Ihr eigener Fehler; kostenpflichtig.' }).expect(201);
    // Work beginning after the notice (an entry ends now and began `minutes` before).
    clock.advanceMinutes(200);
    const tooMuch = { serviceId: service.id, minutes: 180, description: 'Wiederherstellung' };
    expect((await api('time-entries', tooMuch).expect(409)).body.code).toBe(
      'SUPPORT.APPROVAL_REQUIRED',
    );
    const path = `/portal/support/tickets/${ticket.id}`;
    const ordered = await postForm(t, plainCookie, path, `${path}/order`, {
      scope: 'Postfach wiederherstellen',
      limitMinutes: '240',
      consent: 'on',
    });
    expect(ordered.status).toBe(303);
    expect(await getPage(t, path, plainCookie)).toContain('data-testid="portal-order"');
    clock.advanceMinutes(185);
    await api('time-entries', tooMuch).expect(201);
    clock.reset();
  });

  it('opens a ticket from the portal form and refuses an empty one with the field named', async () => {
    const created = await postForm(t, plainCookie, '/portal/support', '/portal/support/tickets', {
      title: 'Kein Internet',
      description: 'Seit heute früh.',
      severity: 'high',
    });
    expect(created.status).toBe(303);
    expect(created.headers.location).toMatch(/^\/portal\/support\/tickets\/[0-9a-f-]{36}$/);
    const list = await getPage(t, '/portal/support', plainCookie);
    expect(list).toContain('Kein Internet');
    const refused = await postForm(t, plainCookie, '/portal/support', '/portal/support/tickets', {
      title: '',
      description: 'x',
      severity: 'normal',
    });
    expect(refused.status).toBe(303);
    expect(await getPage(t, '/portal/support', plainCookie)).toContain('id="title-error"');
  });

  it('shows internal guides and the sub-processor directory only to customers with AV', async () => {
    const admin = bearer(t.adminToken);
    const internal = await t.http
      .post('/support/articles')
      .set(admin)
      .send({
        title: 'Interne Anleitung VPN',
        body: '# Schritt\n- eins',
        visibility: 'contract_customers',
      })
      .expect(201);
    await t.http
      .post('/support/articles')
      .set(admin)
      .send({ title: 'Passwort ändern', body: 'So geht es.', visibility: 'public' })
      .expect(201);
    await t.http
      .post('/support/sub-processors')
      .set(admin)
      .send({
        name: 'Rechenzentrum Nord GmbH',
        service: 'Hosting',
        location: 'Hamburg',
        since: '2024-01-01',
      })
      .expect(201);

    const plainList = await getPage(t, '/portal/support/articles', plainCookie);
    expect(plainList).toContain('Passwort ändern');
    expect(plainList).not.toContain('Interne Anleitung VPN');
    const hidden = await t.http
      .get(`/portal/support/articles/${internal.body.id}`)
      .set('Cookie', plainCookie);
    expect(hidden.status).toBe(404);
    const plainDir = await getPage(t, '/portal/support/sub-processors', plainCookie);
    expect(plainDir).toContain('data-testid="no-dpa"');
    expect(plainDir).not.toContain('Rechenzentrum Nord');

    const avList = await getPage(t, '/portal/support/articles', avCookie);
    expect(avList).toContain('Interne Anleitung VPN');
    const article = await getPage(t, `/portal/support/articles/${internal.body.id}`, avCookie);
    expect(article).toContain('<h3>Schritt</h3>');
    expect(article).toContain('<li>eins</li>');
    expect(await getPage(t, '/portal/support/sub-processors', avCookie)).toContain(
      'Rechenzentrum Nord GmbH',
    );

    const path = `/portal/support/articles/${internal.body.id}`;
    await postForm(t, avCookie, path, `${path}/feedback`, { helpful: 'no' });
    await postForm(t, avCookie, path, `${path}/feedback`, { helpful: 'yes' });
    const answers = await t.app
      .get(DataSource)
      .getRepository(ArticleFeedback)
      .findBy({ articleId: internal.body.id });
    expect(answers.map((a) => a.helpful)).toEqual([true]);
  });

  it('keeps the sub-processor directory through the admin API and page', async () => {
    const admin = bearer(t.adminToken);
    await t.http.get('/support/sub-processors').set(bearer(consultant.token)).expect(403);
    const bad = await t.http
      .post('/support/sub-processors')
      .set(admin)
      .send({ name: 'X', service: 'Y', location: 'Z', since: '2024-13-01' })
      .expect(400);
    expect(bad.body.detail).toContain('since');
    const created = await t.http
      .post('/support/sub-processors')
      .set(admin)
      .send({ name: 'Mail AG', service: 'E-Mail', location: 'Berlin', since: '2023-05-01' })
      .expect(201);
    await t.http
      .patch(`/support/sub-processors/${created.body.id}`)
      .set(admin)
      .send({ location: 'Leipzig', version: created.body.version })
      .expect(200);
    const adminCookie = await pageLogin(t, 'admin@example.com', 'admin-password-123');
    const page = await getPage(t, '/console/admin/sub-processors', adminCookie);
    expect(page).toContain('Leipzig');
    await t.http.delete(`/support/sub-processors/${created.body.id}`).set(admin).expect(204);
    expect(await getPage(t, '/console/admin/sub-processors', adminCookie)).not.toContain('Mail AG');
  });

  it('previews an article in the portal’s blocks without saving it, escaped', async () => {
    const html = await postForm(
      t,
      staffCookie,
      '/console/support/articles/new',
      '/console/support/articles',
      {
        title: 'Neu',
        body: '# Titel\n<script>alert(1)</script>',
        visibility: 'public',
        action: 'preview',
      },
    );
    expect(html.status).toBe(200);
    expect(html.text).toContain('<h3>Titel</h3>');
    expect(html.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const list = await getPage(t, '/console/support/articles', staffCookie);
    expect(list).not.toContain('>Neu<');
  });
});

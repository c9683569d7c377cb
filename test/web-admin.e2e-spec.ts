import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { Transactions } from '../src/database/transactions.js';
import { MailOutbox } from '../src/mail/mail-outbox.service.js';
import { MailSender } from '../src/mail/mail-sender.service.js';
import { configureCompany, createUser, type CreatedUser } from './support/factories.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

const ADMIN_PAGES = [
  '/console/admin',
  '/console/admin/users',
  '/console/admin/company',
  '/console/admin/price-list',
  '/console/admin/number-series',
  '/console/admin/project-templates',
  '/console/admin/documents',
  '/console/admin/documents/invoice/de.pdf',
  '/console/admin/audit',
  '/console/admin/audit/verify',
  '/console/admin/outbox',
];

describe('administration pages', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await startTestApp({
      RENDER_WORKERS: '1',
      MAIL_POLL_SECONDS: '0',
      MAIL_MAX_ATTEMPTS: '1',
      // Nothing listens on port 9: every delivery fails at once.
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
    admin = await pageLogin(t, 'admin@example.com', 'admin-password-123');
  });
  afterAll(() => t.close());

  /** The page a row's form sits on: /console/admin/users/:id → /console/admin/users. */
  const listOf = (path: string) =>
    path.replace(
      /^(\/console\/admin\/(?:users|price-list|number-series|outbox|company))\/.+$/,
      '$1',
    );

  /** An address as the browser reads it from an attribute. */
  const unescape = (href: string) => href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

  /** Posts a form with the page's CSRF token; returns the response (not followed). */
  async function post(
    path: string,
    form: Record<string, string>,
    cookie = admin,
    from = listOf(path),
  ) {
    const csrf = csrfOf(await getPage(t, from, cookie));
    return t.http
      .post(path)
      .set('Cookie', cookie)
      .set('Referer', `http://localhost${from}`)
      .type('form')
      .send({ ...form, _csrf: csrf });
  }

  describe('access', () => {
    it.each(ADMIN_PAGES)('%s opens for the admin only', async (path) => {
      await t.http.get(path).set('Cookie', admin).expect(200);
      for (const role of ['consultant', 'finance'] as const) {
        const user = await createUser(t, role);
        const cookie = await pageLogin(t, user.email, user.password);
        await t.http.get(path).set('Cookie', cookie).expect(403);
      }
      const anonymous = await t.http.get(path).expect(303);
      expect(anonymous.headers.location).toMatch(/^\/login\?next=/);
    });

    it('shows the administration in the admin navigation only', async () => {
      expect(await getPage(t, '/console', admin)).toContain('href="/console/admin"');
      const consultant = await createUser(t, 'consultant');
      const cookie = await pageLogin(t, consultant.email, consultant.password);
      expect(await getPage(t, '/console', cookie)).not.toContain('href="/console/admin"');
    });
  });

  describe('users', () => {
    it('creates a user with a generated password shown once, who can then log in', async () => {
      const response = await post('/console/admin/users', {
        name: 'Greta Gründlich',
        email: 'Greta@Freigabe.example',
        role: 'finance',
        customerId: '',
        password: '',
      });
      expect(response.status).toBe(200);
      const password = /id="generated-password">([^<]+)</.exec(response.text)![1];
      expect(password.length).toBeGreaterThanOrEqual(12);
      await pageLogin(t, 'greta@freigabe.example', password);
      const list = await getPage(t, '/console/admin/users?pageSize=100', admin);
      expect(list).toContain('Greta Gründlich');
      expect(list).not.toContain(password);
    });

    it('refuses a taken e-mail address with the message on the form and the values kept', async () => {
      const user = await createUser(t, 'consultant');
      const response = await post('/console/admin/users', {
        name: 'Doppelt',
        email: user.email,
        role: 'consultant',
      });
      expect(response.status).toBe(303);
      const page = await getPage(t, '/console/admin/users', admin);
      expect(page).toContain('Einen Benutzer mit dieser E-Mail-Adresse gibt es schon.');
      expect(page).toContain('value="Doppelt"');
    });

    it('refuses a form without the CSRF token and changes nothing', async () => {
      const user = await createUser(t, 'consultant');
      const before = await t.http.get(`/users/${user.id}`).set(bearer(t.adminToken)).expect(200);
      await t.http
        .post(`/console/admin/users/${user.id}`)
        .set('Cookie', admin)
        .type('form')
        .send({ role: 'admin', active: 'true', version: String(before.body.version) })
        .expect(403);
      const after = await t.http.get(`/users/${user.id}`).set(bearer(t.adminToken)).expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('deactivation ends the user’s open session at once', async () => {
      const user = await createUser(t, 'consultant');
      const cookie = await pageLogin(t, user.email, user.password);
      await t.http.get('/console').set('Cookie', cookie).expect(200);
      const { body } = await t.http.get(`/users/${user.id}`).set(bearer(t.adminToken));
      const saved = await post(`/console/admin/users/${user.id}`, {
        role: 'consultant',
        active: 'false',
        version: String(body.version),
      });
      expect(saved.status).toBe(303);
      const next = await t.http.get('/console').set('Cookie', cookie).expect(303);
      expect(next.headers.location).toMatch(/^\/login/);
      await t.http.get('/projects').set(bearer(user.token)).expect(401);
      const audit = await t.http
        .get(`/audit?entityType=user&entityId=${user.id}&action=updated`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(audit.body.items[0].changes).toEqual({ active: { from: true, to: false } });
    });

    it('a login does not make the admin’s open form for that user stale', async () => {
      const user = await createUser(t, 'consultant');
      const page = await getPage(t, '/console/admin/users?pageSize=100', admin);
      const version = new RegExp(
        `action="/console/admin/users/${user.id}"[\\s\\S]*?name="version" value="(\\d+)"`,
      ).exec(page)![1];
      await pageLogin(t, user.email, user.password);
      const saved = await post(`/console/admin/users/${user.id}`, {
        role: 'finance',
        active: 'true',
        version,
      });
      expect(saved.status).toBe(303);
      const after = await t.http.get(`/users/${user.id}`).set(bearer(t.adminToken)).expect(200);
      expect(after.body).toMatchObject({ role: 'finance' });
      expect(after.body.lastLoginAt).not.toBeNull();
    });

    it('a new role counts from the next request', async () => {
      const user = await createUser(t, 'finance');
      const cookie = await pageLogin(t, user.email, user.password);
      await t.http.get('/console/admin').set('Cookie', cookie).expect(403);
      const { body } = await t.http.get(`/users/${user.id}`).set(bearer(t.adminToken));
      await post(`/console/admin/users/${user.id}`, {
        role: 'admin',
        active: 'true',
        version: String(body.version),
      });
      await t.http.get('/console/admin').set('Cookie', cookie).expect(200);
    });

    it('an admin cannot deactivate themselves: the banner says why', async () => {
      const other = await createUser(t, 'admin');
      const cookie = await pageLogin(t, other.email, other.password);
      const { body } = await t.http.get(`/users/${other.id}`).set(bearer(t.adminToken));
      const response = await post(
        `/console/admin/users/${other.id}`,
        { role: 'admin', active: 'false', version: String(body.version) },
        cookie,
        '/console/admin/users',
      );
      expect(response.status).toBe(303);
      expect(await getPage(t, '/console/admin/users', cookie)).toContain(
        'Sie können sich nicht selbst die Admin-Rolle nehmen oder sich deaktivieren.',
      );
      await t.http.get('/console/admin').set('Cookie', cookie).expect(200);
    });

    it('a password reset shows the new password once and ends the user’s sessions', async () => {
      const user = await createUser(t, 'consultant');
      const cookie = await pageLogin(t, user.email, user.password);
      const response = await post(
        `/console/admin/users/${user.id}/password`,
        {},
        admin,
        '/console/admin/users',
      );
      expect(response.status).toBe(200);
      const password = /id="generated-password">([^<]+)</.exec(response.text)![1];
      await t.http.get('/console').set('Cookie', cookie).expect(303);
      await pageLogin(t, user.email, password);
    });
  });

  describe('company profile and letterhead', () => {
    it('saves the profile through the form; a stale version is refused', async () => {
      const { body } = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
      const form = {
        legalName: 'Nordlicht IT GmbH',
        street: 'Hafenstraße 1',
        postalCode: '20457',
        city: 'Hamburg',
        countryCode: 'DE',
        vatId: 'DE123456789',
        iban: 'DE02 1203 0000 0000 2020 51',
        phone: '',
        defaultVatRate: '19',
        paymentTermsDays: '14',
        smallBusiness: 'false',
        version: String(body.version),
      };
      expect((await post('/console/admin/company', form)).status).toBe(303);
      const saved = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
      expect(saved.body).toMatchObject({
        legalName: 'Nordlicht IT GmbH',
        iban: 'DE02120300000000202051',
        phone: null,
        paymentTermsDays: 14,
      });
      expect(await getPage(t, '/console/admin/company', admin)).toContain(
        'Das Firmenprofil ist gespeichert.',
      );

      await post('/console/admin/company', { ...form, legalName: 'Veraltet GmbH' });
      expect(await getPage(t, '/console/admin/company', admin)).toContain(
        'Jemand anderes hat das Profil inzwischen geändert',
      );
      const after = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
      expect(after.body.legalName).toBe('Nordlicht IT GmbH');
    });

    it('previews the letterhead with the values as typed and saves nothing', async () => {
      await configureCompany(t);
      const before = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
      const fragment = await t.http
        .get('/console/admin/company/letterhead')
        .query({ legalName: 'Vorschau & Söhne GmbH', city: 'Kiel', version: '1' })
        .set('Cookie', admin)
        .set('HX-Request', 'true')
        .expect(200);
      expect(fragment.text).not.toContain('<html');
      const url = unescape(/data="([^"]+)"/.exec(fragment.text)![1]);
      expect(url).not.toContain('version');
      const pdf = await t.http
        .get(url)
        .set('Cookie', admin)
        .buffer(true)
        .parse(binaryBody as never);
      expect(pdf.status).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      const { text } = await pdfText(pdf.body as Buffer);
      expect(text).toContain('Vorschau & Söhne GmbH');
      expect(text).toContain('Kiel');
      expect(text).toContain('ENTWURF');

      // Without JavaScript the form posts its values to the same preview.
      const posted = await post(
        '/console/admin/company/letterhead.pdf',
        {
          legalName: 'Formular GmbH',
          version: String(before.body.version),
        },
        admin,
        '/console/admin/company',
      );
      expect(posted.status).toBe(200);
      expect(posted.headers['content-type']).toBe('application/pdf');
      const after = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
      expect(after.body).toEqual(before.body);
    });
  });

  describe('price list, number series, templates', () => {
    it('adds a service with the rate typed in euros, changes and retires it', async () => {
      expect(
        (
          await post('/console/admin/price-list', {
            code: 'NETZWERK',
            name: 'Netzwerkarbeiten',
            unit: 'hour',
            rateCents: '120,50',
            afterHoursSurchargePercent: '',
          })
        ).status,
      ).toBe(303);
      const list = await t.http.get('/price-list/services').set(bearer(t.adminToken)).expect(200);
      const service = list.body.items.find((s: { code: string }) => s.code === 'NETZWERK');
      expect(service).toMatchObject({ rateCents: 12050, afterHoursSurchargePercent: 0 });

      await post(`/console/admin/price-list/${service.id}`, {
        rateCents: '99.9',
        active: 'false',
        version: String(service.version),
      });
      const changed = await t.http.get('/price-list/services').set(bearer(t.adminToken));
      expect(changed.body.items.find((s: { id: string }) => s.id === service.id)).toMatchObject({
        rateCents: 9990,
        active: false,
      });

      await post('/console/admin/price-list', {
        code: 'NETZWERK',
        name: 'Noch einmal',
        unit: 'hour',
        rateCents: '1',
      });
      expect(await getPage(t, '/console/admin/price-list', admin)).toContain(
        'Eine Leistung mit diesem Kürzel gibt es schon.',
      );
    });

    it('changes an invoice number pattern; a pattern without a counter is refused', async () => {
      const series = await t.http.get('/invoice-series/invoice').set(bearer(t.adminToken));
      await post('/console/admin/number-series/invoice', {
        pattern: 'AR-{YY}-{SEQ:4}',
        version: String(series.body.version),
      });
      const page = await getPage(t, '/console/admin/number-series', admin);
      expect(page).toContain('value="AR-{YY}-{SEQ:4}"');
      expect(page).toMatch(/AR-\d\d-0001/);

      const now = await t.http.get('/invoice-series/invoice').set(bearer(t.adminToken));
      await post('/console/admin/number-series/invoice', {
        pattern: 'AR-{YYYY}',
        version: String(now.body.version),
      });
      expect(await getPage(t, '/console/admin/number-series', admin)).toContain(
        'the pattern must contain {SEQ} or {SEQ:n} exactly once',
      );
      const unchanged = await t.http.get('/invoice-series/invoice').set(bearer(t.adminToken));
      expect(unchanged.body.pattern).toBe('AR-{YY}-{SEQ:4}');
    });

    it('creates a project template and edits it', async () => {
      const created = await post('/console/admin/project-templates', {
        name: 'Mailserver-Migration',
        description: '',
        billingMode: 'fixed_price',
        background: 'Alter Exchange-Server',
        goals: 'Umzug ohne Mailverlust',
      });
      expect(created.status).toBe(303);
      const path = created.headers.location;
      expect(path).toMatch(/^\/console\/admin\/project-templates\/[0-9a-f-]{36}$/);
      const id = path.split('/').pop()!;
      const template = await t.http.get(`/project-templates/${id}`).set(bearer(t.adminToken));
      await post(path, {
        name: 'Mailserver-Migration (M365)',
        billingMode: 'time_and_materials',
        background: 'Alter Exchange-Server',
        goals: 'Umzug ohne Mailverlust',
        active: 'false',
        version: String(template.body.version),
      });
      const after = await t.http.get(`/project-templates/${id}`).set(bearer(t.adminToken));
      expect(after.body).toMatchObject({
        name: 'Mailserver-Migration (M365)',
        billingMode: 'time_and_materials',
        active: false,
      });
      expect(await getPage(t, '/console/admin/project-templates', admin)).toContain(
        'Mailserver-Migration (M365)',
      );
    });
  });

  describe('document previews', () => {
    it('lists every kind in both languages, each a watermarked draft PDF', async () => {
      const page = await getPage(t, '/console/admin/documents', admin);
      const links = [
        ...page.matchAll(/href="(\/console\/admin\/documents\/[a-z-]+\/(de|en)\.pdf)"/g),
      ];
      expect(links.length).toBeGreaterThanOrEqual(16);
      for (const kind of ['concept-paper', 'invoice', 'time-report']) {
        expect(page).toContain(`/console/admin/documents/${kind}/de.pdf`);
        expect(page).toContain(`/console/admin/documents/${kind}/en.pdf`);
      }
      const de = await t.http
        .get('/console/admin/documents/concept-paper/de.pdf')
        .set('Cookie', admin)
        .buffer(true)
        .parse(binaryBody as never)
        .expect(200);
      expect((await pdfText(de.body as Buffer)).text).toContain('ENTWURF');
      const en = await t.http
        .get('/console/admin/documents/invoice/en.pdf')
        .set('Cookie', admin)
        .buffer(true)
        .parse(binaryBody as never)
        .expect(200);
      expect((await pdfText(en.body as Buffer)).text).toContain('DRAFT');
      await t.http
        .get('/console/admin/documents/no-such-kind/de.pdf')
        .set('Cookie', admin)
        .expect(404);
      await t.http.get('/console/admin/documents/invoice/fr.pdf').set('Cookie', admin).expect(400);
    });
  });

  describe('audit log', () => {
    it('filters by actor, subject, action and period, pages by keyset, and verifies the chain', async () => {
      const finance = await createUser(t, 'finance');
      const rename = async (user: CreatedUser, name: string) => {
        const { body } = await t.http.get(`/users/${user.id}`).set(bearer(t.adminToken));
        await t.http
          .patch(`/users/${user.id}`)
          .set(bearer(t.adminToken))
          .send({ name, version: body.version })
          .expect(200);
      };
      for (const name of ['Eins', 'Zwei', 'Drei']) await rename(finance, name);

      const filtered = await getPage(
        t,
        `/console/admin/audit?entityType=user&entityId=${finance.id}&action=updated&actor=ADMIN@example.com&pageSize=2`,
        admin,
      );
      expect(filtered).toContain(
        '{&quot;name&quot;:{&quot;from&quot;:&quot;Zwei&quot;,&quot;to&quot;:&quot;Drei&quot;}}',
      );
      expect(filtered).not.toContain('&quot;to&quot;:&quot;Eins&quot;');
      const next = /href="(\/console\/admin\/audit\?[^"]*after&#x3D;[^"]+)"/.exec(filtered)![1];
      const older = await getPage(t, unescape(next), admin);
      expect(older).toContain('&quot;to&quot;:&quot;Eins&quot;');
      expect(older).not.toContain('&quot;to&quot;:&quot;Drei&quot;');

      const today = new Date().toISOString().slice(0, 10);
      const byOther = await getPage(t, `/console/admin/audit?actor=${finance.email}`, admin);
      expect(byOther).toContain('Keine Einträge.');
      const empty = await getPage(
        t,
        '/console/admin/audit?actor=&entityType=&entityId=&action=&from=&to=',
        admin,
      );
      expect(empty).toContain('&quot;to&quot;:&quot;Drei&quot;');
      const future = await getPage(t, '/console/admin/audit?from=2999-01-01', admin);
      expect(future).toContain('Keine Einträge.');
      const period = await t.http
        .get(`/audit?entityId=${finance.id}&from=2000-01-01&to=2999-12-31`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(period.body.items).toHaveLength(4);
      const none = await t.http
        .get(`/audit?entityId=${finance.id}&to=2000-01-01`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(none.body.items).toHaveLength(0);
      expect(today).toMatch(/^\d{4}/);
      await t.http.get('/audit?from=01.01.2026').set(bearer(t.adminToken)).expect(400);

      const verify = await t.http
        .get('/console/admin/audit/verify')
        .set('Cookie', admin)
        .set('HX-Request', 'true')
        .expect(200);
      expect(verify.text).toContain('Die Kette ist unversehrt');
    });

    it('shows the first broken entry when someone rewrote history in the database', async () => {
      // Someone with owner rights drops the append-only triggers; the hash chain still tells.
      const db = t.app.get(DataSource);
      if (t.config.database.kind === 'postgres') {
        await db.query('DROP TRIGGER audit_entries_append_only ON audit_entries');
      } else {
        await db.query('DROP TRIGGER audit_entries_no_update');
        await db.query('DROP TRIGGER audit_entries_no_delete');
      }
      await db.query('UPDATE audit_entries SET changes = \'{"name":"Forged"}\' WHERE seq = 2');
      const page = await getPage(t, '/console/admin/audit/verify', admin);
      expect(page).toContain('Die Kette ist bei Eintrag 2 unterbrochen.');
      expect(page).toContain('Sein Inhalt wurde nachträglich geändert.');
    });
  });

  describe('mail outbox', () => {
    async function failedMail(subject: string): Promise<string> {
      const id = await t.app.get(Transactions).run((tx) =>
        t.app.get(MailOutbox).enqueue(tx, {
          kind: 'test',
          to: { address: 'kunde@example.com', name: null },
          language: 'de',
          subject,
          text: 'Hallo',
          related: { type: 'test', id: subject },
        }),
      );
      await t.app.get(MailSender).flush();
      return id;
    }

    it('lists a failed mail with its error; retry puts it back in the queue, audited', async () => {
      const id = await failedMail('Rechnung RE-1');
      expect(await getPage(t, '/console/admin/outbox?status=', admin)).toContain('Rechnung RE-1');
      const page = await getPage(t, '/console/admin/outbox?status=failed', admin);
      expect(page).toContain('Rechnung RE-1');
      expect(page).toContain('gescheitert');
      expect(page).toMatch(/ECONNREFUSED|connect/);
      expect(page).toContain(`/console/admin/outbox/${id}/retry`);

      const retried = await post(
        `/console/admin/outbox/${id}/retry`,
        {},
        admin,
        '/console/admin/outbox',
      );
      expect(retried.status).toBe(303);
      const list = await t.http
        .get('/mail/outbox?status=queued')
        .set(bearer(t.adminToken))
        .expect(200);
      expect(list.body.items.find((m: { id: string }) => m.id === id)).toMatchObject({
        status: 'queued',
        attempts: 0,
      });
      expect(list.body.items[0]).not.toHaveProperty('textBody');
      const audit = await t.http
        .get(`/audit?entityType=mail&entityId=${id}`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(audit.body.items[0]).toMatchObject({ action: 'retried' });

      // Queued again: a second retry is refused, on the page and through the API.
      await post(`/console/admin/outbox/${id}/retry`, {}, admin, '/console/admin/outbox');
      expect(await getPage(t, '/console/admin/outbox', admin)).toContain(
        'Nur eine gescheiterte Mail kann erneut gesendet werden.',
      );
      const refused = await t.http
        .post(`/mail/outbox/${id}/retry`)
        .set(bearer(t.adminToken))
        .expect(409);
      expect(refused.body.code).toBe('MAIL.NOT_FAILED');
    });

    it('retries through the API; only admins may', async () => {
      const id = await failedMail('Mahnung');
      const finance = await createUser(t, 'finance');
      await t.http.post(`/mail/outbox/${id}/retry`).set(bearer(finance.token)).expect(403);
      await t.http.get('/mail/outbox').set(bearer(finance.token)).expect(403);
      const retried = await t.http
        .post(`/mail/outbox/${id}/retry`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(retried.body).toMatchObject({ id, status: 'queued' });
      await t.http
        .post('/mail/outbox/00000000-0000-4000-8000-000000000000/retry')
        .set(bearer(t.adminToken))
        .expect(404);
    });
  });
});

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { Transactions } from '../src/database/transactions.js';
import { MailOutbox } from '../src/mail/mail-outbox.service.js';
import { MailSender } from '../src/mail/mail-sender.service.js';
import { BrowserWalk, checkPage, describeInBrowser } from './support/browser.js';
import { configureCompany, createCustomer } from './support/factories.js';
import { ADMIN, type TestApp } from './support/test-app.js';

/** A walk drives a browser through many pages, each checked by axe and photographed. */
const WALK_TIMEOUT_MS = 300_000;

describeInBrowser('administration in a real browser', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  let admin: Page;
  let csp: string[];

  /** Clicks a form's button and waits for the page the post redirects to (post → get). */
  async function submit(page: Page, button: ReturnType<Page['locator']>) {
    await Promise.all([
      page.waitForResponse(
        (r) => r.request().method() === 'GET' && r.request().isNavigationRequest(),
      ),
      button.click(),
    ]);
    await page.waitForLoadState();
  }

  beforeAll(async () => {
    walk = await BrowserWalk.start({
      MAIL_MAX_ATTEMPTS: '1',
      // Nothing listens on port 9: the walk's mail fails and waits for the admin's retry.
      SMTP_URL: 'smtp://127.0.0.1:9',
    });
    ({ t, base, csp } = walk);
    await configureCompany(t);
    await createCustomer(t, { name: 'Bäckerei Müßig GmbH' });
    admin = await walk.newPage();
    await walk.login(admin, ADMIN);
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  it(
    'an admin creates a user, whose open session stops working once deactivated',
    async () => {
      await admin.click('nav.mainnav >> text=Verwaltung');
      await admin.waitForURL(`${base}/console/admin`);
      await checkPage(admin, 'admin-01-home');

      await admin.click('main >> text=Benutzer');
      await admin.waitForURL(`${base}/console/admin/users`);
      await admin.fill('#new-name', 'Udo Unterwegs');
      await admin.fill('#new-email', 'udo@freigabe.example');
      await admin.selectOption('#new-role', 'consultant');
      await admin.fill('#new-password', 'udo-password-2026');
      await Promise.all([
        admin.waitForURL(`${base}/console/admin/users`),
        admin.click('text=Benutzer anlegen'),
      ]);
      await expect(admin.locator('.banner-success').textContent()).resolves.toContain(
        'Der Benutzer ist angelegt.',
      );
      await checkPage(admin, 'admin-02-users');

      const udo = await walk.newPage();
      await walk.login(udo, { email: 'udo@freigabe.example', password: 'udo-password-2026' });
      await expect(udo.locator('h1').first().textContent()).resolves.toBeTruthy();

      const row = admin.locator('tr', { hasText: 'udo@freigabe.example' });
      await row.locator('select[name="active"]').selectOption('false');
      await submit(admin, row.locator('button', { hasText: 'Speichern' }));
      await expect(admin.locator('.banner-success').textContent()).resolves.toContain(
        'Gespeichert.',
      );
      await expect(
        admin
          .locator('tr', { hasText: 'udo@freigabe.example' })
          .locator('td .badge-danger')
          .textContent(),
      ).resolves.toBe('deaktiviert');

      // Udo's browser still holds the session cookie; the next click ends at the login form.
      await udo.goto(`${base}/console/projects`);
      expect(udo.url()).toBe(`${base}/login?next=%2Fconsole%2Fprojects`);

      // A password reset answers with the generated password, shown this once (no redirect).
      await Promise.all([
        admin.waitForURL(/\/console\/admin\/users\/[0-9a-f-]{36}\/password$/),
        admin
          .locator('tr', { hasText: 'udo@freigabe.example' })
          .locator('button', { hasText: 'Passwort zurücksetzen' })
          .click(),
      ]);
      await expect(admin.locator('#generated-password').textContent()).resolves.toMatch(/.{12,}/);
      await checkPage(admin, 'admin-02b-password');
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'edits the company profile with the letterhead preview following the typed values',
    async () => {
      await admin.goto(`${base}/console/admin/company`);
      const before = await admin.locator('#letterhead object').getAttribute('data');
      await admin.fill('#company-legalName', 'Nordlicht IT-Service GmbH');
      await admin.locator('#company-legalName').blur();
      await admin.waitForFunction(
        (old) =>
          (globalThis as any).document.querySelector('#letterhead object')?.getAttribute('data') !==
          old,
        before,
      );
      const data = await admin.locator('#letterhead object').getAttribute('data');
      expect(data).toContain('legalName=Nordlicht+IT-Service+GmbH');
      const preview = await admin.request.get(`${base}${data}`);
      expect(preview.headers()['content-type']).toBe('application/pdf');
      await checkPage(admin, 'admin-03-company');
      await submit(admin, admin.locator('button', { hasText: 'Profil speichern' }));
      await expect(admin.locator('.banner-success').textContent()).resolves.toContain(
        'Das Firmenprofil ist gespeichert.',
      );
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'walks the price list, number series, templates and document previews',
    async () => {
      await admin.goto(`${base}/console/admin/price-list`);
      await admin.fill('#new-code', 'BERATUNG');
      await admin.fill('#new-name', 'Beratung');
      await admin.fill('#new-rate', '120,50');
      await submit(admin, admin.locator('button', { hasText: 'Leistung anlegen' }));
      await expect(admin.locator('tr', { hasText: 'BERATUNG' }).textContent()).resolves.toContain(
        '120,50',
      );
      await checkPage(admin, 'admin-04-price-list');

      await admin.goto(`${base}/console/admin/number-series`);
      await checkPage(admin, 'admin-05-number-series');

      await admin.goto(`${base}/console/admin/project-templates`);
      await admin.fill('#template-name', 'Mailserver-Migration');
      await admin.fill('#template-background', 'Alter Exchange-Server im Keller.');
      await admin.fill('#template-goals', 'Umzug ohne Mailverlust.');
      await Promise.all([
        admin.waitForURL(/\/console\/admin\/project-templates\/[0-9a-f-]{36}$/),
        admin.click('text=Vorlage anlegen'),
      ]);
      await checkPage(admin, 'admin-06-template');
      await admin.goto(`${base}/console/admin/project-templates`);
      await checkPage(admin, 'admin-07-templates');

      await admin.goto(`${base}/console/admin/documents`);
      await checkPage(admin, 'admin-08-documents');
      const href = await admin.locator('a[href$="/invoice/en.pdf"]').getAttribute('href');
      const pdf = await admin.request.get(`${base}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'reads the audit log with a filter and the chain check, and retries a failed mail',
    async () => {
      await admin.goto(`${base}/console/admin/audit`);
      await expect(admin.locator('#audit-verify').textContent()).resolves.toBeTruthy();
      await admin.waitForSelector('#audit-verify .banner-success');
      // Without JavaScript the check is a page of its own.
      await admin.goto(`${base}/console/admin/audit/verify`);
      await checkPage(admin, 'admin-09b-audit-verify');
      await admin.goto(`${base}/console/admin/audit`);
      await admin.fill('#f-entityType', 'user');
      await admin.fill('#f-action', 'updated');
      await Promise.all([admin.waitForURL(/entityType=user/), admin.click('text=Filtern')]);
      // Udo's deactivation, and nothing but that field.
      await expect(admin.locator('tbody').textContent()).resolves.toContain(
        '{"active":{"from":true,"to":false}}',
      );
      await checkPage(admin, 'admin-09-audit');

      await t.app.get(Transactions).run((tx) =>
        t.app.get(MailOutbox).enqueue(tx, {
          kind: 'invoice',
          to: { address: 'buchhaltung@baeckerei.example', name: null },
          language: 'de',
          subject: 'Rechnung RE-2026-00001',
          text: 'Guten Tag',
          related: { type: 'invoice', id: 'walk' },
        }),
      );
      await t.app.get(MailSender).flush();
      await admin.goto(`${base}/console/admin/outbox`);
      await expect(admin.locator('tbody').textContent()).resolves.toContain('gescheitert');
      await checkPage(admin, 'admin-10-outbox');
      await submit(admin, admin.locator('button', { hasText: 'Erneut senden' }));
      await expect(admin.locator('.banner-success').textContent()).resolves.toContain(
        'Die Mail wartet wieder auf den Versand.',
      );
      await expect(admin.locator('tbody').textContent()).resolves.toContain('wartet');
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});

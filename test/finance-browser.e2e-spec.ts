import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserWalk, checkPage, describeInBrowser } from './support/browser.js';
import { updateCompany } from './support/factories.js';
import { acceptedProject, projectWorld, type ProjectWorld } from './support/projects.js';
import { ADMIN, bearer, type TestApp } from './support/test-app.js';

/** A walk drives a browser through many pages, each checked by axe and photographed twice. */
const WALK_TIMEOUT_MS = 300_000;

describeInBrowser('finance workspace in a real browser', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  let page: Page;
  let csp: string[];
  let world: ProjectWorld;
  let projectId: string;

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base, csp } = walk);
    world = await projectWorld(t);
    // 10 h × 120 € fixed price, accepted by the customer: ready for its final invoice.
    projectId = (await acceptedProject(t, world, { hours: '10' })).id;
    // The company's tax identifier is missing: issuing must be refused once for it.
    await updateCompany(t, { vatId: null, taxNumber: null });
    page = await walk.newPage();
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  const submit = (selector: string) =>
    Promise.all([page.waitForNavigation(), page.click(selector)]);
  const invoiceApi = async (id: string) =>
    (await t.http.get(`/invoices/${id}`).set(bearer(world.finance.token)).expect(200)).body;

  it(
    'drafts the final invoice of an accepted project, is refused for the tax id, issues it',
    async () => {
      await walk.login(page, world.finance, { from: '/console/finance' });
      await expect(page.locator('nav.mainnav a[aria-current="page"]').textContent()).resolves.toBe(
        'Finanzen',
      );
      await checkPage(page, 'finance-01-home');

      await submit(`button[data-final="${projectId}"]`);
      expect(page.url()).toMatch(/\/console\/finance\/invoices\/[0-9a-f-]{36}#draft$/);
      const id = /invoices\/([0-9a-f-]{36})/.exec(page.url())![1];
      await expect(page.locator('#totals [data-total="net"]').textContent()).resolves.toBe(
        '1.200,00\u00a0€',
      );
      await checkPage(page, 'finance-02-final-draft');

      await submit('button[data-action="issue"]');
      const missing = page.locator('[data-testid="missing"]');
      await expect(missing.textContent()).resolves.toContain('Firma: Steuernummer oder USt-IdNr.');
      const fix = missing.locator('[data-field="company.vatId or company.taxNumber"] a');
      await expect(fix.getAttribute('href')).resolves.toBe('/console/admin/company');
      expect((await invoiceApi(id)).status).toBe('draft');
      await checkPage(page, 'finance-03-issue-refused');

      // The company profile is the admin's to change: an admin opens the linked page (after
      // the login it leads to) and enters the identifier there.
      const href = (await fix.getAttribute('href'))!;
      const admin = await walk.newPage();
      try {
        await walk.login(admin, ADMIN, { from: href, landing: '/console/admin/company' });
        await admin.fill('#company-vatId', 'DE123456789');
        await Promise.all([
          admin.waitForNavigation(),
          admin.locator('button', { hasText: 'Profil speichern' }).click(),
        ]);
        await expect(admin.locator('.banner-success').textContent()).resolves.toContain(
          'Das Firmenprofil ist gespeichert.',
        );
      } finally {
        await admin.context().close();
      }
      const company = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
      expect(company.body).toMatchObject({ vatId: 'DE123456789' });

      await page.goto(`${base}/console/finance/invoices/${id}`);
      await submit('button[data-action="issue"]');
      await expect(page.locator('.banner-success').textContent()).resolves.toBe(
        'Rechnung ausgestellt.',
      );
      const issued = await invoiceApi(id);
      expect(issued).toMatchObject({ status: 'issued', kind: 'final', grossCents: 142_800 });
      await expect(page.locator('h1').textContent()).resolves.toContain(issued.number);
      // pdf.js draws the issued PDF's page(s) in the page.
      await page.locator('.pdf-viewer canvas').first().waitFor({ timeout: 30_000 });
      await checkPage(page, 'finance-04-issued');
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'records a partial payment, then cancels the invoice with a reason',
    async () => {
      const list = await t.http
        .get(`/invoices?projectId=${projectId}&status=issued`)
        .set(bearer(world.finance.token))
        .expect(200);
      const id = list.body.items[0].id as string;
      await page.goto(`${base}/console/finance/invoices/${id}`);

      await page.fill('#amount', '2000');
      await submit('#payments button[type="submit"]');
      await expect(page.locator('#amount-error').textContent()).resolves.toBe(
        'Offen sind höchstens 1.428,00\u00a0€.',
      );
      await checkPage(page, 'finance-05-overpayment');

      await page.fill('#amount', '428,00');
      await submit('#payments button[type="submit"]');
      await expect(page.locator('[data-testid="state"]').textContent()).resolves.toBe(
        'Teilweise bezahlt',
      );
      await expect(page.locator('[data-testid="open"]').textContent()).resolves.toBe(
        '1.000,00\u00a0€',
      );
      expect(await invoiceApi(id)).toMatchObject({ paidCents: 42_800, openCents: 100_000 });
      await checkPage(page, 'finance-06-partly-paid');

      await page.goto(`${base}/console/finance/invoices?state=partly_paid`);
      await expect(page.locator(`a[href="/console/finance/invoices/${id}"]`).count()).resolves.toBe(
        1,
      );
      await checkPage(page, 'finance-07-invoices-filtered');
      await page.goto(`${base}/console/finance/open`);
      await checkPage(page, 'finance-08-open');
      await page.goto(`${base}/console/finance`);
      await checkPage(page, 'finance-08b-home-with-figures');

      // The payment stays; a cancellation of a paid-in-part invoice is a business decision the
      // service allows: the Stornorechnung negates it and a replacement draft opens.
      await page.goto(`${base}/console/finance/invoices/${id}`);
      await page.click('#cancel summary');
      await page.fill('#cancel-reason', 'Falscher Leistungszeitraum');
      await submit('#cancel button[type="submit"]');
      expect(page.url()).not.toContain(id);
      await expect(page.locator('.banner-success').textContent()).resolves.toBe(
        'Rechnung storniert; hier ist der Ersatzentwurf.',
      );
      const replacement = /invoices\/([0-9a-f-]{36})/.exec(page.url())![1];
      expect((await invoiceApi(replacement)).status).toBe('draft');
      expect(await invoiceApi(id)).toMatchObject({
        status: 'cancelled',
        cancelReason: 'Falscher Leistungszeitraum',
      });
      await checkPage(page, 'finance-09-replacement-draft');
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'creates a manual draft and edits its lines with the totals refreshed in place (htmx)',
    async () => {
      await page.goto(`${base}/console/finance/drafts/new`);
      await checkPage(page, 'finance-10-new');
      await page.selectOption('#manual-customer', world.customerId);
      await page.fill('#manual-subject', 'Druckereinrichtung');
      await page.fill('#manual-from', '2026-11-02');
      await page.fill('#manual-to', '2026-11-02');
      await page.fill('#manual-title', 'Einrichtung');
      await page.fill('#manual-quantity', '1,5');
      await page.fill('#manual-price', '100');
      await submit('section[aria-labelledby="new-manual"] button.primary');
      await expect(page.locator('#totals [data-total="net"]').textContent()).resolves.toBe(
        '150,00\u00a0€',
      );

      await page.fill('input[name="lines[0][quantity]"]', '2');
      await page.fill('input[name="lines[1][title]"]', 'Kabel');
      await page.fill('input[name="lines[1][quantity]"]', '3');
      await page.selectOption('select[name="lines[1][unit]"]', 'piece');
      await page.fill('input[name="lines[1][unitPrice]"]', '9,99');
      const url = page.url();
      await page.click('#draft button[type="submit"]');
      await expect(page.locator('#draft .banner-success').textContent()).resolves.toBe(
        'Gespeichert; Summen neu berechnet.',
      );
      expect(page.url()).toBe(url); // swapped in place, no navigation
      await expect(page.locator('#totals [data-total="net"]').textContent()).resolves.toBe(
        '229,97\u00a0€',
      );
      await checkPage(page, 'finance-11-draft-edited');

      // A refused line: the page again, the error at its row's field in German; nothing saved,
      // and every value typed anywhere in the form is there again (not the saved ones).
      const typed: Record<string, string> = {
        '#subject': 'Druckereinrichtung Empfang',
        '#paymentTermsDays': '',
        'input[name="lines[0][title]"]': 'Einrichtung vor Ort',
        'input[name="lines[0][unitPrice]"]': '110',
        'input[name="lines[1][quantity]"]': 'drei',
        'input[name="lines[2][title]"]': 'Toner',
        'input[name="lines[2][quantity]"]': '4',
        'input[name="lines[2][unitPrice]"]': '45,90',
      };
      for (const [selector, value] of Object.entries(typed)) await page.fill(selector, value);
      await page.selectOption('select[name="lines[2][unit]"]', 'piece');
      await page.check('input[name="lines[0][remove]"]');
      await page.click('#draft button[type="submit"]');
      await expect(page.locator('[id="lines.1.quantity-error"]').textContent()).resolves.toBe(
        'Bitte eine Menge wie 1,5 eingeben.',
      );
      for (const [selector, value] of Object.entries(typed)) {
        await expect(page.locator(selector).inputValue()).resolves.toBe(value);
      }
      await expect(page.locator('select[name="lines[2][unit]"]').inputValue()).resolves.toBe(
        'piece',
      );
      await expect(page.locator('input[name="lines[0][remove]"]').isChecked()).resolves.toBe(true);
      await expect(
        page.locator('input[name="lines[1][quantity]"]').getAttribute('aria-invalid'),
      ).resolves.toBe('true');
      await expect(page.locator('header.topbar').count()).resolves.toBe(1); // no page in the page
      await expect(page.locator('#totals [data-total="net"]').textContent()).resolves.toBe(
        '229,97\u00a0€',
      );
      await checkPage(page, 'finance-12-draft-refused-line');
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});

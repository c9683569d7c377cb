import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserWalk, checkPage, describeInBrowser } from './support/browser.js';
import {
  configureCompany,
  createCustomer,
  createUser,
  type CreatedUser,
} from './support/factories.js';
import { offsetDays } from './support/factories.js';
import { projectWorld, readyForReview } from './support/projects.js';
import { bearer, type TestApp } from './support/test-app.js';

/** A walk drives a browser through many pages, each checked by axe and photographed twice. */
const WALK_TIMEOUT_MS = 300_000;

describeInBrowser('consultant console in a real browser', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  let page: Page;
  let csp: string[];
  let consultant: CreatedUser;
  let customerId: string;

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base, csp } = walk);
    await configureCompany(t);
    customerId = (await createCustomer(t, { name: 'Bäckerei Müßig GmbH' })).id;
    consultant = await createUser(t, 'consultant', { name: 'Clara Beraterin' });
    page = await walk.newPage();
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  it(
    'logs in, creates a project, fills the concept paper and the estimate',
    async () => {
      await page.goto(`${base}/console`);
      expect(page.url()).toBe(`${base}/login?next=%2Fconsole`);
      await checkPage(page, '01-login');
      await page.fill('#email', consultant.email);
      await page.fill('#password', consultant.password);
      await Promise.all([page.waitForURL(`${base}/console`), page.click('button[type="submit"]')]);
      // The stylesheet applied (same origin, allowed by the CSP) and htmx loaded.
      const topbar = await page
        .locator('.topbar')
        .evaluate((el) => (globalThis as any).getComputedStyle(el).backgroundColor);
      expect(topbar).toBe('rgb(23, 38, 59)');
      await expect(page.evaluate(() => typeof (globalThis as any).htmx)).resolves.toBe('object');
      await checkPage(page, '02-dashboard');

      await page.goto(`${base}/console/projects/new?customerId=${customerId}`);
      await checkPage(page, '03-new-project');
      await page.fill('#title', 'Mailserver-Migration');
      await page.click('button.primary');
      await page.waitForURL(/\/console\/projects\/[0-9a-f-]{36}$/);
      const id = page.url().split('/').pop()!;

      await page.fill(
        '#background',
        'Der alte Mailserver läuft auf nicht mehr unterstützter Hardware.',
      );
      await page.fill('#goals', 'Alle Postfächer auf dem neuen Server, ohne Mailverlust.');
      await Promise.all([page.waitForNavigation(), page.click('#concept button.primary')]);
      await page.fill('#req-text', 'Alle 40 Postfächer werden umgezogen.');
      await page.fill('#req-criterion', 'Jedes Postfach zeigt nach dem Umzug alle Mails.');
      await Promise.all([page.waitForNavigation(), page.click('#requirements form.card button')]);
      await page.fill('#item-title', 'Umzug der Postfächer');
      await page.fill('#item-quantity', '12,5');
      await page.fill('#item-price', '120');
      await Promise.all([page.waitForNavigation(), page.click('#estimate form.card button')]);
      await expect(page.locator('tfoot .total td.num').textContent()).resolves.toBe(
        '1.785,00\u00a0€',
      );
      await checkPage(page, '04-project');

      const project = await t.http.get(`/projects/${id}`).set(bearer(t.adminToken)).expect(200);
      expect(project.body.requirements).toHaveLength(1);
      expect(project.body.totals.grossCents).toBe(178500);

      await page.goto(`${base}/console/projects`);
      await checkPage(page, '05-projects');
      // Search as you type (htmx swaps the result table), then the customer with its projects.
      await page.goto(`${base}/console/customers`);
      await page.fill('#q', 'Müßig');
      await page.waitForURL(/q=M/);
      await expect(page.locator('#customer-results tbody tr').count()).resolves.toBe(1);
      await checkPage(page, '06-customers');
      await Promise.all([page.waitForNavigation(), page.click('#customer-results tbody a')]);
      await page.locator('#customer-projects').waitFor();
      await expect(page.locator('#customer-projects').textContent()).resolves.toContain(
        'Mailserver-Migration',
      );
      await checkPage(page, '07-customer');

      await page.goto(`${base}/account`);
      await checkPage(page, '08-account');
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'shows the later sections: revisions, sign-offs, paper decision, time, QA',
    async () => {
      const world = await projectWorld(t);
      const { id, p } = await readyForReview(t, world, 'time_and_materials');
      const staff = world.consultant.token;
      await p.post(staff, '/send');
      await p.post(world.customerUser.token, '/request-changes', { comment: 'Bitte mit Archiv' });
      await p.read(staff);
      await p.post(
        staff,
        '/items',
        { version: p.version, title: 'Archiv', quantity: '2', unit: 'hour', unitPriceCents: 9000 },
        201,
      );
      await p.post(staff, '/send');

      const login = await walk.newPage();
      await walk.login(login, world.consultant);

      await login.goto(`${base}/console/projects/${id}/revisions`);
      await expect(login.locator('table.diff').count()).resolves.toBe(1);
      await checkPage(login, '10-revisions');
      await login.goto(`${base}/console/projects/${id}/signoffs`);
      await Promise.all([login.waitForNavigation(), login.click('form.card button.primary')]);
      await expect(login.locator('.signoff-request').count()).resolves.toBe(1);
      await checkPage(login, '11-signoffs');

      // The customer approved on paper; recorded from the project page, by keyboard.
      await login.goto(`${base}/console/projects/${id}`);
      await checkPage(login, '12-project-in-review');
      await login.fill('#paper-name', 'Jörg Schäfer');
      await login.fill('#paper-at', '2026-11-20T14:30');
      await login.focus('#paper-comment');
      await login.keyboard.press('Tab');
      await Promise.all([login.waitForNavigation(), login.keyboard.press('Enter')]);
      await expect(login.locator('.banner-success').textContent()).resolves.toContain('Erledigt');
      expect((await p.read(staff)).stage).toBe('approved');

      await p.post(staff, '/schedule', { completionDate: offsetDays(10) });
      await p.post(staff, '/start-work');
      await login.goto(`${base}/console/projects/${id}`);
      await login.fill('#time-day', offsetDays(0));
      await login.fill('#time-duration', '2:15');
      await login.fill('#time-description', 'Postfächer umgezogen');
      await Promise.all([login.waitForNavigation(), login.click('#time form button')]);
      await expect(login.locator('#time tbody tr').count()).resolves.toBe(1);
      await checkPage(login, '13-project-in-progress');

      await p.read(staff);
      await p.post(staff, '/submit-qa');
      await login.goto(`${base}/console/projects/${id}`);
      await checkPage(login, '14-project-qa');
      await login.goto(`${base}/console`);
      await checkPage(login, '15-dashboard-busy');
      expect(walk.csp).toEqual([]);
      await login.close();
    },
    WALK_TIMEOUT_MS,
  );
});

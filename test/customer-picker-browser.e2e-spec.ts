import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserWalk, checkPage, describeInBrowser, watchCsp } from './support/browser.js';
import {
  configureCompany,
  createCustomer,
  createUser,
  type CreatedUser,
} from './support/factories.js';
import { bearer, type TestApp } from './support/test-app.js';

const WALK_TIMEOUT_MS = 300_000;
const CUSTOMERS = 150;

/**
 * With 150 customers (more than a select of the first page shows), the 150th can be chosen:
 * searched as you type on the new-draft form (htmx), and without JavaScript on the new-project
 * form (the search sends the page's GET form, the page comes back with the match).
 */
describeInBrowser('customer pickers with 150 customers', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  let finance: CreatedUser;
  let consultant: CreatedUser;
  let last: { id: string; name: string; number: string };

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base } = walk);
    await configureCompany(t);
    finance = await createUser(t, 'finance', { name: 'Fiona Finanz' });
    consultant = await createUser(t, 'consultant', { name: 'Konrad Berater' });
    // Named so that the list order (by name) puts the 150th last.
    for (let i = 1; i <= CUSTOMERS; i++) {
      const customer = await createCustomer(t, {
        name: `Picker Kunde ${String(i).padStart(3, '0')} GmbH`,
      });
      if (i === CUSTOMERS)
        last = { id: customer.id, number: customer.number, name: `Picker Kunde 150 GmbH` };
    }
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  const signedIn = async (user: CreatedUser, javaScriptEnabled: boolean): Promise<Page> => {
    const page = await walk.newPage({ javaScriptEnabled });
    await walk.login(page, user, { landing: /\/console/ });
    return page;
  };

  it(
    'the manual draft: typing the 150th’s name finds and chooses it (htmx)',
    async () => {
      const page = await signedIn(finance, true);
      const csp = watchCsp(page);
      await page.goto(`${base}/console/finance/drafts/new`);
      const options = page.locator('#manual-customer option');
      // The first page of customers, not all 150: the 150th is not offered until searched.
      await expect(options.count()).resolves.toBeLessThan(CUSTOMERS);
      await expect(
        page.locator(`#manual-customer option[value="${last.id}"]`).count(),
      ).resolves.toBe(0);
      await expect(page.locator('#manual-customer-found').textContent()).resolves.toContain(
        'bitte die Suche eingrenzen',
      );

      // Keyboard only: into the search field, type, the choices follow.
      await page.focus('#manual-customer-q');
      await page.keyboard.type('Kunde 150');
      await page
        .locator(`#manual-customer option[value="${last.id}"]`)
        .waitFor({ state: 'attached' });
      await expect(options.count()).resolves.toBe(2); // "Bitte wählen" and the one match
      await expect(page.locator('#manual-customer').inputValue()).resolves.toBe(last.id);
      await expect(page.locator('#manual-customer-found').textContent()).resolves.toContain(
        'Ein Kunde zur Auswahl',
      );
      await checkPage(page, 'picker-01-finance-search');

      await page.fill('#manual-subject', 'Einrichtung');
      await page.fill('#manual-title', 'Einrichtung');
      await page.fill('#manual-price', '100');
      await Promise.all([
        page.waitForURL(/\/console\/finance\/invoices\/[0-9a-f-]{36}/),
        page.click('section[aria-labelledby="new-manual"] button.primary'),
      ]);
      const id = /invoices\/([0-9a-f-]{36})/.exec(page.url())![1];
      const draft = await t.http.get(`/invoices/${id}`).set(bearer(finance.token)).expect(200);
      expect(draft.body.customerId).toBe(last.id);
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'the new project without JavaScript: the search sends a GET, the page offers the 150th',
    async () => {
      const page = await signedIn(consultant, false);
      await page.goto(`${base}/console/projects/new`);
      await expect(page.locator(`#customerId option[value="${last.id}"]`).count()).resolves.toBe(0);
      await page.fill('#customerId-q', last.number);
      await Promise.all([
        page.waitForURL(/customerQuery=/),
        page.click('.customers-picker button[type="submit"]'),
      ]);
      expect(page.url()).toContain(`/console/projects/new?customerQuery=${last.number}`);
      await expect(page.locator('#customerId-q').inputValue()).resolves.toBe(last.number);
      await expect(page.locator('#customerId').inputValue()).resolves.toBe(last.id);
      // axe needs scripts: the same page (with the search's answer) in a browser that runs them.
      const withScripts = await signedIn(consultant, true);
      await withScripts.goto(page.url());
      await checkPage(withScripts, 'picker-02-project-search');
      await page.fill('#title', 'Mailserver-Umzug');
      await Promise.all([
        page.waitForURL(/\/console\/projects\/[0-9a-f-]{36}/),
        page.click('form[action="/console/projects/new"] button[type="submit"].primary'),
      ]);
      await expect(page.locator('body').textContent()).resolves.toContain(last.name);
    },
    WALK_TIMEOUT_MS,
  );
});

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserWalk, checkPage, describeInBrowser, watchCsp } from './support/browser.js';
import { insertProjects } from './support/bulk-rows.js';
import { createCustomer, createTicket, type CreatedUser } from './support/factories.js';
import { apiDraft } from './support/finance.js';
import { acceptedProject, projectWorld, type ProjectWorld } from './support/projects.js';
import { bearer, type TestApp } from './support/test-app.js';

const WALK_TIMEOUT_MS = 300_000;
const CUSTOMERS = 150;
const ACCEPTED = 120;

/**
 * A company with more customers and accepted projects than a select of the first page holds:
 * the 150th customer is picked in the invoice list's filter (htmx) and in the support queue's
 * (without JavaScript), and the oldest of 121 accepted projects gets its final invoice drafted
 * through the project picker.
 */
describeInBrowser('long lists in the browser', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  let world: ProjectWorld;
  let finance: CreatedUser;
  let last: { id: string; name: string; number: string };
  let oldest: { id: string; number: string };
  let lastInvoice: string;
  let otherInvoice: string;
  let lastTicket: { id: string; number: string };
  let otherTicket: { id: string; number: string };

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base } = walk);
    world = await projectWorld(t);
    finance = world.finance;
    // The oldest accepted project, a real one: it is last in the picker's order (newest first).
    const project = (await acceptedProject(t, world, { hours: '10' })).id;
    const read = await t.http.get(`/projects/${project}`).set(bearer(finance.token)).expect(200);
    oldest = { id: project, number: read.body.number };
    await insertProjects(t, {
      customerId: world.customerId,
      createdBy: world.consultant.id,
      count: ACCEPTED,
      prefix: 'LB',
      stage: 'accepted',
      agreedNetCents: 100_000,
    });
    // Named so that the list order (by name) puts the 150th last.
    for (let i = 1; i <= CUSTOMERS; i++) {
      const customer = await createCustomer(t, {
        name: `Listen Kunde ${String(i).padStart(3, '0')} GmbH`,
      });
      if (i === CUSTOMERS)
        last = { id: customer.id, number: customer.number, name: 'Listen Kunde 150 GmbH' };
    }
    lastInvoice = (
      await apiDraft(
        t,
        finance.token,
        last.id,
        { unitPriceCents: 15_000 },
        { subject: 'Letzter Kunde' },
      )
    ).id;
    otherInvoice = (
      await apiDraft(
        t,
        finance.token,
        world.customerId,
        { unitPriceCents: 9_900 },
        { subject: 'Anderer Kunde' },
      )
    ).id;
    lastTicket = await createTicket(t, last.id, { title: 'Drucker des letzten Kunden' });
    otherTicket = await createTicket(t, world.customerId, {
      title: 'Drucker eines anderen Kunden',
    });
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  const signedIn = async (
    user: CreatedUser,
    javaScriptEnabled: boolean,
    home: RegExp = /\/console/,
  ): Promise<Page> => {
    const page = await walk.newPage({ javaScriptEnabled });
    await walk.login(page, user, { landing: home });
    return page;
  };

  it(
    'the invoice list: the 150th customer is found as you type and filters the list (htmx)',
    async () => {
      const page = await signedIn(finance, true);
      const csp = watchCsp(page);
      await page.goto(`${base}/console/finance/invoices`);
      await expect(page.locator(`#customerId option[value="${last.id}"]`).count()).resolves.toBe(0);
      await expect(page.locator('#customerId option').first().textContent()).resolves.toBe(
        'Alle Kunden',
      );
      await expect(
        page.locator(`a[href="/console/finance/invoices/${otherInvoice}"]`).count(),
      ).resolves.toBe(1);

      await page.focus('#customerId-q');
      await page.keyboard.type('Kunde 150');
      await page.locator(`#customerId option[value="${last.id}"]`).waitFor({ state: 'attached' });
      await expect(page.locator('#customerId').inputValue()).resolves.toBe(last.id);
      await Promise.all([
        page.waitForURL(/customerId=/),
        page.click('form.filter-form .actions button.primary'),
      ]);
      expect(new URL(page.url()).searchParams.get('customerId')).toBe(last.id);
      await expect(page.locator('#customerId').inputValue()).resolves.toBe(last.id);
      await expect(
        page.locator(`a[href="/console/finance/invoices/${lastInvoice}"]`).count(),
      ).resolves.toBe(1);
      await expect(
        page.locator(`a[href="/console/finance/invoices/${otherInvoice}"]`).count(),
      ).resolves.toBe(0);
      await checkPage(page, 'lists-01-invoice-filter');
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'the support queue without JavaScript: the search comes back with the 150th, which filters',
    async () => {
      const page = await signedIn(finance, false);
      await page.goto(`${base}/console/support`);
      await expect(page.locator(`#f-customer option[value="${last.id}"]`).count()).resolves.toBe(0);
      await expect(
        page.locator(`[data-testid="queue-${otherTicket.number}"]`).count(),
      ).resolves.toBe(1);

      await page.fill('#f-customer-q', last.number);
      await Promise.all([
        page.waitForURL(/customerQuery=/),
        page.click('.customers-picker button[type="submit"]'),
      ]);
      // The search alone filters nothing: "any" stays chosen until a customer is.
      await expect(page.locator('#f-customer').inputValue()).resolves.toBe('');
      await expect(page.locator(`#f-customer option[value="${last.id}"]`).count()).resolves.toBe(1);
      await page.selectOption('#f-customer', last.id);
      await Promise.all([
        page.waitForURL(/customerId=/),
        page.click('form.row-form > button[type="submit"]'),
      ]);
      await expect(
        page.locator(`[data-testid="queue-${lastTicket.number}"]`).count(),
      ).resolves.toBe(1);
      await expect(
        page.locator(`[data-testid="queue-${otherTicket.number}"]`).count(),
      ).resolves.toBe(0);
      await expect(page.locator('#f-customer').inputValue()).resolves.toBe(last.id);
      // axe needs scripts: the same page in a browser that runs them.
      const withScripts = await signedIn(finance, true);
      await withScripts.goto(page.url());
      await checkPage(withScripts, 'lists-02-queue-filter');
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'the final invoice: the oldest of 121 accepted projects is searched by number and drafted',
    async () => {
      const page = await signedIn(finance, true);
      const csp = watchCsp(page);
      await page.goto(`${base}/console/finance/drafts/new`);
      await expect(
        page.locator(`#final-project option[value="${oldest.id}"]`).count(),
      ).resolves.toBe(0);
      await expect(page.locator('#final-project-found').textContent()).resolves.toContain(
        'bitte die Suche eingrenzen',
      );
      await page.focus('#final-project-q');
      await page.keyboard.type(oldest.number);
      await page
        .locator(`#final-project option[value="${oldest.id}"]`)
        .waitFor({ state: 'attached' });
      await expect(page.locator('#final-project').inputValue()).resolves.toBe(oldest.id);
      await checkPage(page, 'lists-03-final-project');
      await Promise.all([
        page.waitForURL(/\/console\/finance\/invoices\/[0-9a-f-]{36}/),
        page.click('section[aria-labelledby="new-final"] button.primary'),
      ]);
      const id = /invoices\/([0-9a-f-]{36})/.exec(page.url())![1];
      const draft = await t.http.get(`/invoices/${id}`).set(bearer(finance.token)).expect(200);
      expect(draft.body).toMatchObject({ kind: 'final', projectId: oldest.id });
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'the portal: the customer pages through 121 projects to the oldest',
    async () => {
      const page = await signedIn(world.customerUser, true, /\/portal/);
      await expect(page.locator(`[data-testid="project-${oldest.number}"]`).count()).resolves.toBe(
        0,
      );
      let pages = 1;
      while ((await page.locator(`[data-testid="project-${oldest.number}"]`).count()) === 0) {
        await Promise.all([page.waitForURL(/after=/), page.click('a[rel="next"]')]);
        pages++;
        expect(pages).toBeLessThanOrEqual(7);
      }
      expect(pages).toBe(7); // 121 projects, 20 a page
      await expect(page.locator('a[rel="next"]').count()).resolves.toBe(0);
      await checkPage(page, 'lists-04-portal-last-page');
      await Promise.all([
        page.waitForURL(`${base}/portal`),
        page.click('.portal-pager a[href="/portal"]'),
      ]);
      await expect(page.locator('[data-testid^="project-"]').count()).resolves.toBe(20);
    },
    WALK_TIMEOUT_MS,
  );
});

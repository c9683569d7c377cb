import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { BrowserWalk, checkPage, describeInBrowser } from './support/browser.js';
import { createUser, offsetDays, type CreatedUser } from './support/factories.js';
import { bearer } from './support/test-app.js';

const WALK_TIMEOUT_MS = 300_000;

/**
 * Finance records a new customer, a contact and a service contract in the browser, then edits
 * the customer; a consultant sees the contract without the buttons. Every form page is checked
 * by axe and photographed at 1280 and 360 px.
 */
describeInBrowser('customer forms in a real browser', () => {
  let walk: BrowserWalk;
  let finance: CreatedUser;
  let consultant: CreatedUser;

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    finance = await createUser(walk.t, 'finance', { name: 'Fiona Finanz' });
    consultant = await createUser(walk.t, 'consultant', { name: 'Konrad Berater' });
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  it(
    'finance creates a customer, adds a contact and a contract, edits the customer',
    async () => {
      const { base, t } = walk;
      const page = await walk.newPage();
      await walk.login(page, finance);

      await page.goto(`${base}/console/customers`);
      await Promise.all([
        page.waitForURL(`${base}/console/customers/new`),
        page.click('a[href="/console/customers/new"]'),
      ]);
      await checkPage(page, 'customer-forms-01-new');
      await page.fill('#cu-name', 'Elektro Funke & Co. KG');
      await page.fill('#cu-street', 'Am Umspannwerk 7');
      await page.fill('#cu-postalCode', '01067');
      await page.fill('#cu-city', 'Dresden');
      await page.fill('#cu-vatId', 'DE-falsch');
      await Promise.all([page.waitForNavigation(), page.click('form button.primary')]);
      // Refused at the field, what was typed kept.
      await expect(page.locator('#vatId-error').textContent()).resolves.toContain('USt-IdNr.');
      await expect(page.inputValue('#cu-city')).resolves.toBe('Dresden');
      await checkPage(page, 'customer-forms-02-new-refused');
      await page.fill('#cu-vatId', 'DE811234567');
      await Promise.all([
        page.waitForURL(/\/console\/customers\/[0-9a-f-]{36}$/),
        page.click('form button.primary'),
      ]);
      const id = page.url().split('/').pop()!;

      await page.click('#contacts details > summary');
      await page.fill('#contact-new-name', 'Frida Funke');
      await page.fill('#contact-new-email', 'frida@funke.example');
      await page.selectOption('#contact-new-salutation', 'ms');
      await page.check('#contacts form[action$="/contacts"] input[name="isSignatory"]');
      await Promise.all([
        page.waitForNavigation(),
        page.click('#contacts form[action$="/contacts"] button'),
      ]);

      await page.click('#contracts details.card > summary');
      await page.selectOption('#contract-new-kind', 'service');
      await page.fill('#contract-new-reference', 'SV-2026-01');
      await page.fill('#contract-new-startDate', offsetDays(-7));
      await page.fill('#contract-new-hours-0-open', '07:00');
      await page.fill('#contract-new-hours-0-close', '18:00');
      await checkPage(page, 'customer-forms-03-contract-form');
      await Promise.all([
        page.waitForNavigation(),
        page.click('#contracts form[action$="/contracts"] button.primary'),
      ]);
      await expect(page.locator('.banner-success').textContent()).resolves.toContain('Gespeichert');
      await checkPage(page, 'customer-forms-04-customer');

      const customer = (await t.http.get(`/customers/${id}`).set(bearer(t.adminToken)).expect(200))
        .body;
      expect(customer.vatId).toBe('DE811234567');
      expect(customer.contacts).toMatchObject([
        { name: 'Frida Funke', salutation: 'ms', isSignatory: true },
      ]);
      expect(customer.contracts).toMatchObject([
        {
          kind: 'service',
          reference: 'SV-2026-01',
          coveredHours: [{ weekday: 1, open: '07:00', close: '18:00' }],
        },
      ]);
      expect(customer.hasActiveServiceContract).toBe(true);

      await page.goto(`${base}/console/customers/${id}/edit`);
      await checkPage(page, 'customer-forms-05-edit');
      await page.fill('#cu-vatId', '');
      await page.fill('#cu-invoiceEmail', 'buchhaltung@funke.example');
      await Promise.all([
        page.waitForURL(`${base}/console/customers/${id}`),
        page.click('form button.primary'),
      ]);
      const edited = (await t.http.get(`/customers/${id}`).set(bearer(t.adminToken)).expect(200))
        .body;
      expect(edited).toMatchObject({ vatId: null, invoiceEmail: 'buchhaltung@funke.example' });

      // A consultant reads the contract, without the contract forms.
      const reader = await walk.newPage();
      await walk.login(reader, consultant);
      await reader.goto(`${base}/console/customers/${id}`);
      await expect(reader.locator('#contracts table').textContent()).resolves.toContain(
        'SV-2026-01',
      );
      await expect(reader.locator('#contracts form').count()).resolves.toBe(0);
      await checkPage(reader, 'customer-forms-06-consultant');
      expect(walk.csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});

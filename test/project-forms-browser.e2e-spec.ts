import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserWalk, checkPage, describeInBrowser } from './support/browser.js';
import { projectWorld, readyForReview, type ProjectWorld } from './support/projects.js';
import { bearer, type TestApp } from './support/test-app.js';

/** The machine is shared and loaded: a browser walk gets minutes, not seconds. */
const WALK_TIMEOUT_MS = 300_000;

describeInBrowser('project page forms in a real browser', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  let page: Page;
  let csp: string[];
  let world: ProjectWorld;

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base, csp } = walk);
    world = await projectWorld(t);
    page = await walk.newPage();
    await walk.login(page, world.consultant);
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  const gross = () => page.locator('#estimate-totals [data-total="gross"]').textContent();
  /** Waits until htmx swapped in totals with this gross amount. */
  const grossBecomes = (amount: string) =>
    page.locator(`#estimate-totals [data-total="gross"]:text-is("${amount}\u00a0€")`).waitFor();
  const api = async (id: string) =>
    (await t.http.get(`/projects/${id}`).set(bearer(t.adminToken)).expect(200)).body;

  it(
    'shows the totals with the line being typed before it is saved; a reload shows the saved ones',
    async () => {
      const { id } = await readyForReview(t, world);
      const before = await api(id);
      await page.goto(`${base}/console/projects/${id}`);
      await expect(gross()).resolves.toBe('1.428,00\u00a0€');

      // A new line: 5 hours at 100 € → net 1,700 €, gross 2,023 €, marked as a preview.
      await page.fill('#item-title', 'Schulung');
      await page.locator('#item-price').pressSequentially('100');
      await page.locator('#item-quantity').fill('');
      await page.locator('#item-quantity').pressSequentially('5');
      await grossBecomes('2.023,00');
      await expect(page.locator('#estimate-totals .estimate-preview').count()).resolves.toBe(1);
      // Not a quantity: the totals stay as they were, no error appears.
      await page.locator('#item-quantity').pressSequentially('x');
      await page.waitForTimeout(1_500);
      await expect(gross()).resolves.toBe('2.023,00\u00a0€');
      await expect(page.locator('.field-error, .banner-error').count()).resolves.toBe(0);
      await checkPage(page, 'project-forms-01-live-totals');

      // Nothing was saved: a reload shows the saved totals, without the preview.
      await page.reload();
      await expect(gross()).resolves.toBe('1.428,00\u00a0€');
      await expect(page.locator('#estimate-totals .estimate-preview').count()).resolves.toBe(0);

      // The line edited in place: 20 hours → gross 2,856 € while typing; cancel keeps 1,428 €.
      const [item] = before.items as Array<{ id: string }>;
      await page.click(`[data-edit-item="${item.id}"]`);
      const quantity = page.locator(`#edit-quantity-${item.id}`);
      await quantity.waitFor();
      await quantity.fill('');
      await quantity.pressSequentially('20');
      await grossBecomes('2.856,00');
      await checkPage(page, 'project-forms-02-live-totals-edit');
      await page.click(`#item-${item.id} a[hx-get]`);
      await grossBecomes('1.428,00');

      const after = await api(id);
      expect(after.version).toBe(before.version);
      expect(after.totals).toEqual(before.totals);
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'a refused change request comes back with the rows typed and the error at its row',
    async () => {
      const { id, p } = await readyForReview(t, world);
      await p.post(world.consultant.token, '/send');
      await p.post(world.customerUser.token, '/approve', {});
      await page.goto(`${base}/console/projects/${id}#change-requests`);
      await page.fill('#cr-title', 'Zusätzliche Geräte');
      await page.fill('#cr-description', 'Drucker und Scanner im Empfang');
      await page.fill('#cr-title-0', 'Druckereinrichtung');
      await page.selectOption('#cr-unit-0', 'flat');
      await page.fill('#cr-price-0', '150');
      await page.fill('#cr-title-2', 'Scanner');
      await page.fill('#cr-quantity-2', '2,5');
      await page.selectOption('#cr-unit-2', 'day');
      await page.fill('#cr-price-2', '-5');
      await Promise.all([
        page.waitForNavigation(),
        page.click('#change-requests form.card button[type="submit"]'),
      ]);

      const value = (selector: string) => page.locator(selector).inputValue();
      await expect(value('#cr-title')).resolves.toBe('Zusätzliche Geräte');
      await expect(value('#cr-description')).resolves.toBe('Drucker und Scanner im Empfang');
      await expect(value('#cr-title-0')).resolves.toBe('Druckereinrichtung');
      await expect(value('#cr-unit-0')).resolves.toBe('flat');
      await expect(value('#cr-price-0')).resolves.toBe('150');
      await expect(value('#cr-title-2')).resolves.toBe('Scanner');
      await expect(value('#cr-quantity-2')).resolves.toBe('2,5');
      await expect(value('#cr-unit-2')).resolves.toBe('day');
      await expect(value('#cr-price-2')).resolves.toBe('-5');
      await expect(page.locator('[id="lines.2.unitPrice-error"]').textContent()).resolves.toBe(
        'Bitte einen Betrag wie 120,00 eingeben.',
      );
      await expect(page.locator('.field-error').count()).resolves.toBe(1);
      await page.locator('#change-requests').scrollIntoViewIfNeeded();
      await checkPage(page, 'project-forms-03-change-request-refused');
      const drafted = await t.http
        .get(`/projects/${id}/change-requests`)
        .set(bearer(t.adminToken))
        .expect(200);
      expect(drafted.body).toEqual([]);
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});

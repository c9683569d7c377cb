import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Locator, Page } from 'playwright-core';
import { BrowserWalk, checkPage, describeInBrowser } from './support/browser.js';
import { configureCompany, createCustomer } from './support/factories.js';
import { ADMIN, bearer, type TestApp } from './support/test-app.js';

/** Each walk drives a browser through several forms, each page checked by axe and photographed. */
const WALK_TIMEOUT_MS = 300_000;

/**
 * The admin's remaining settings in the browser: a project template's requirements and lines,
 * the support settings, and DATEV's BU keys and per-customer debtor accounts — each checked
 * against the API afterwards, with a refused input at its field and a stale form.
 */
describeInBrowser('admin settings in a real browser', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  let admin: Page;
  let csp: string[];

  const api = (path: string) => t.http.get(path).set(bearer(t.adminToken)).expect(200);

  /** Clicks a form's button and waits for the page the post redirects to (post → get). */
  async function submit(button: Locator) {
    await Promise.all([
      admin.waitForResponse(
        (r) => r.request().method() === 'GET' && r.request().isNavigationRequest(),
      ),
      button.click(),
    ]);
    await admin.waitForLoadState();
  }
  const banner = (kind: 'success' | 'error') => admin.locator(`.banner-${kind}`).textContent();

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base, csp } = walk);
    await configureCompany(t);
    admin = await walk.newPage();
    await walk.login(admin, ADMIN);
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  it(
    "edits a template's requirements and lines: add, edit, move, remove; refusals and a stale form",
    async () => {
      const rate = await t.http
        .post('/price-list/services')
        .set(bearer(t.adminToken))
        .send({ code: 'ADMIN-H', name: 'Administration', unit: 'hour', rateCents: 9800 })
        .expect(201);
      const created = await t.http
        .post('/project-templates')
        .set(bearer(t.adminToken))
        .send({
          name: 'Firewall-Tausch',
          billingMode: 'fixed_price',
          background: 'Alte Firewall.',
          goals: 'Neue Firewall.',
          requirements: [],
          items: [],
        })
        .expect(201);
      const id = created.body.id as string;
      const page = `${base}/console/admin/project-templates/${id}`;
      await admin.goto(page);

      const addRequirement = async (text: string, criterion: string, priority: string) => {
        await admin.fill('#req-text', text);
        await admin.fill('#req-criterion', criterion);
        await admin.selectOption('#req-priority', priority);
        await submit(admin.locator(`form[action$="${id}/requirements"] button[type="submit"]`));
        await expect(banner('success')).resolves.toContain('Die Vorlage ist gespeichert.');
      };
      await addRequirement('VPN für Außendienst', 'Drei Laptops verbinden sich', 'must');
      await addRequirement('Regelwerk übernehmen', 'Alle Regeln sind dokumentiert', 'should');
      await addRequirement('Schulung', 'Zwei Admins geschult', 'could');

      // "Schulung" up one place: VPN, Schulung, Regelwerk.
      const third = admin.locator('#requirements li.requirement').nth(2);
      await submit(third.locator('button[data-move="up"]'));
      // Edit the first: a new priority and text.
      const first = admin.locator('#requirements li.requirement').first();
      await first.locator('summary').click();
      await first.locator('textarea[name="text"]').fill('VPN für Außendienst und Homeoffice');
      await first.locator('select[name="priority"]').selectOption('should');
      await submit(first.locator('form button[type="submit"]', { hasText: 'Speichern' }));
      // Remove "Regelwerk" (now third).
      await submit(
        admin
          .locator('#requirements li.requirement')
          .nth(2)
          .locator('button', { hasText: 'Entfernen' }),
      );

      // Lines: a free one with a fixed price (decimal comma), one from the price list.
      await admin.fill('#edit-title-new', 'Firewall einrichten');
      await admin.fill('#edit-quantity-new', '2,5');
      await admin.selectOption('#edit-unit-new', 'hour');
      await admin.fill('#edit-price-new', '95,50');
      await admin.locator('form[action$="/items"] input[type="checkbox"][name="optional"]').check();
      await submit(admin.locator('form[action$="/items"] button[type="submit"]'));
      await admin.fill('#edit-title-new', 'Dokumentation');
      await admin.fill('#edit-quantity-new', '1');
      await admin.selectOption('#edit-rate-new', rate.body.id as string);
      await submit(admin.locator('form[action$="/items"] button[type="submit"]'));
      // The price-list line first.
      await submit(admin.locator('#items li.requirement').nth(1).locator('button[data-move="up"]'));
      await checkPage(admin, 'admin-settings-01-template');

      const saved = await api(`/project-templates/${id}`);
      expect(saved.body.requirements).toEqual([
        {
          text: 'VPN für Außendienst und Homeoffice',
          priority: 'should',
          acceptanceCriterion: 'Drei Laptops verbinden sich',
          solution: null,
        },
        {
          text: 'Schulung',
          priority: 'could',
          acceptanceCriterion: 'Zwei Admins geschult',
          solution: null,
        },
      ]);
      expect(saved.body.items).toEqual([
        expect.objectContaining({
          title: 'Dokumentation',
          quantity: '1',
          serviceRateId: rate.body.id,
          unitPriceCents: null,
          optional: false,
        }),
        expect.objectContaining({
          title: 'Firewall einrichten',
          quantity: '2.5',
          unit: 'hour',
          serviceRateId: null,
          unitPriceCents: 9550,
          optional: true,
        }),
      ]);

      // Refused: a line with neither a price nor a service, shown at the price; nothing saved.
      await admin.fill('#edit-title-new', 'Ohne Preis');
      await admin.fill('#edit-quantity-new', '1');
      await submit(admin.locator('form[action$="/items"] button[type="submit"]'));
      await expect(
        admin.locator('form[action$="/items"] .field-error').textContent(),
      ).resolves.toBe('Bitte einen Preis eingeben oder eine Leistung aus der Preisliste wählen.');
      // …and a quantity that is not one.
      await admin.fill('#edit-title-new', 'Unsinn');
      await admin.fill('#edit-quantity-new', 'zwei');
      await admin.fill('#edit-price-new', '10');
      await submit(admin.locator('form[action$="/items"] button[type="submit"]'));
      await expect(
        admin.locator('form[action$="/items"] #quantity-error').textContent(),
      ).resolves.toBeTruthy();
      const unchanged = await api(`/project-templates/${id}`);
      expect(unchanged.body.version).toBe(saved.body.version);
      expect(unchanged.body.items).toHaveLength(2);

      // Stale: someone renames the template through the API while the page is open.
      await admin.goto(page);
      await t.http
        .patch(`/project-templates/${id}`)
        .set(bearer(t.adminToken))
        .send({ name: 'Firewall-Tausch (neu)', version: saved.body.version })
        .expect(200);
      await submit(
        admin
          .locator('#requirements li.requirement')
          .first()
          .locator('button', { hasText: 'Entfernen' }),
      );
      await expect(banner('error')).resolves.toContain(
        'Jemand anderes hat diese Vorlage inzwischen geändert',
      );
      const after = await api(`/project-templates/${id}`);
      expect(after.body.requirements).toHaveLength(2);
      expect(after.body.name).toBe('Firewall-Tausch (neu)');
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'keeps the support settings: hours, closed days, threshold, fee share; refusals and a stale form',
    async () => {
      await admin.goto(`${base}/console/admin`);
      await Promise.all([
        admin.waitForURL(`${base}/console/admin/support-settings`),
        admin.click('main >> text=Support-Einstellungen'),
      ]);
      const before = await api('/support/settings');
      const rows = admin.locator('tbody tr');
      const filled = (before.body.businessHours as unknown[]).length;

      await admin.fill('#approvalThresholdWorkUnits', '6');
      await admin.fill('#analysisFeeBilledPercent', '25,5');
      await admin.selectOption('#federalState', 'SN');
      await admin.fill('#holidays', '2026-12-24\n2026-12-31');
      // Saturday morning in the first empty row.
      await rows.nth(filled).locator('select[name="weekday"]').selectOption('6');
      await rows.nth(filled).locator('input[name="open"]').fill('09:00');
      await rows.nth(filled).locator('input[name="close"]').fill('12:00');
      await submit(admin.locator('button', { hasText: 'Speichern' }));
      await expect(banner('success')).resolves.toContain('Gespeichert.');
      // The share as a German reads it, to be typed over.
      await expect(admin.locator('#analysisFeeBilledPercent').inputValue()).resolves.toBe('25,50');
      await checkPage(admin, 'admin-settings-02-support');

      const saved = await api('/support/settings');
      expect(saved.body).toEqual(
        expect.objectContaining({
          approvalThresholdWorkUnits: 6,
          analysisFeeBilledPercent: '25.50',
          federalState: 'SN',
          holidays: ['2026-12-24', '2026-12-31'],
          businessHours: [
            ...before.body.businessHours,
            { weekday: 6, open: '09:00', close: '12:00' },
          ],
        }),
      );
      expect(saved.body.version).toBe(before.body.version + 1);

      // Refused: a row that closes before it opens, shown at the hours; nothing saved.
      await rows.nth(filled).locator('input[name="close"]').fill('08:00');
      await submit(admin.locator('button', { hasText: 'Speichern' }));
      await expect(admin.locator('#businessHours-error').textContent()).resolves.toBe(
        'Jede Zeile muss öffnen, bevor sie schließt.',
      );
      // Refused: a closed day that is no day.
      await admin.fill('#holidays', '2026-02-30');
      await submit(admin.locator('button', { hasText: 'Speichern' }));
      await expect(admin.locator('#holidays-error').textContent()).resolves.toBe(
        'Bitte ein gültiges Datum eingeben.',
      );
      await expect(api('/support/settings').then((r) => r.body)).resolves.toEqual(saved.body);

      // Stale: the API changes the settings while the form is open.
      await admin.goto(`${base}/console/admin/support-settings`);
      await t.http
        .patch('/support/settings')
        .set(bearer(t.adminToken))
        .send({ approvalThresholdWorkUnits: 8, version: saved.body.version })
        .expect(200);
      await admin.fill('#approvalThresholdWorkUnits', '2');
      await submit(admin.locator('button', { hasText: 'Speichern' }));
      await expect(banner('error')).resolves.toContain(
        'Jemand anderes hat die Support-Einstellungen inzwischen geändert',
      );
      const after = await api('/support/settings');
      expect(after.body.approvalThresholdWorkUnits).toBe(8);
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'gives customers their own DATEV debtor accounts and sets BU keys; refusals and a stale form',
    async () => {
      const alpha = await createCustomer(t, { name: 'Alpha Hosting GmbH' });
      const beta = await createCustomer(t, { name: 'Beta Druck KG' });
      await admin.goto(`${base}/console/finance/exports`);

      await admin.fill('#bu_reverse_charge', '94');
      await submit(
        admin.locator('#datev-settings button[type="submit"]', { hasText: 'Speichern' }),
      );
      await expect(banner('success')).resolves.toContain('Gespeichert.');

      const giveAccount = async (name: string, account: string) => {
        // A refused form comes back with the search as it was: no new search then.
        if (!admin.url().includes(`customer=${name}`)) {
          await admin.fill('#debtor-customer', name);
          await submit(admin.locator('#debtor-accounts button', { hasText: 'Suchen' }));
        }
        const row = admin.locator('#debtor-accounts tr', { hasText: name });
        await row.locator('input[name="account"]').fill(account);
        await submit(row.locator('button[type="submit"]'));
        return row;
      };
      await giveAccount('Alpha', '12345');
      await expect(banner('success')).resolves.toContain('Gespeichert.');
      await expect(
        admin.locator('#debtor-accounts tbody tr', { hasText: alpha.number }).textContent(),
      ).resolves.toContain('12345');
      await checkPage(admin, 'admin-settings-03-datev');

      const saved = await api('/invoices/datev/settings');
      expect(saved.body.buKeys).toEqual({ reverse_charge: '94' });
      expect(saved.body.debtorAccounts).toEqual([{ customerNumber: alpha.number, account: 12345 }]);

      // Refused at the field: Alpha's account for Beta, then one outside the chart's range.
      let row = await giveAccount('Beta', '12345');
      await expect(row.locator('.field-error').textContent()).resolves.toBe(
        'Das Konto 12345 gehört schon einem anderen Kunden.',
      );
      row = await giveAccount('Beta', '70000');
      await expect(row.locator('.field-error').textContent()).resolves.toBe(
        'Bitte ein Debitorenkonto von 10000 bis 69999 eingeben.',
      );
      await checkPage(admin, 'admin-settings-04-datev-refused');
      // …and a BU key that is no number.
      await admin.fill('#bu_standard_7', '9a');
      await submit(
        admin.locator('#datev-settings button[type="submit"]', { hasText: 'Speichern' }),
      );
      await expect(admin.locator('#bu_standard_7-error').textContent()).resolves.toBe(
        'Ein BU-Schlüssel hat 1 bis 4 Ziffern.',
      );
      await expect(api('/invoices/datev/settings').then((r) => r.body)).resolves.toEqual(
        saved.body,
      );

      // Beta gets 12346; Alpha's account is removed.
      await giveAccount('Beta', '12346');
      await submit(
        admin
          .locator('#debtor-accounts tbody tr', { hasText: alpha.number })
          .locator('button', { hasText: 'Entfernen' }),
      );
      const now = await api('/invoices/datev/settings');
      expect(now.body.debtorAccounts).toEqual([{ customerNumber: beta.number, account: 12346 }]);

      // The API refuses the same as the page: one account for two customers.
      const { effectiveRevenueAccounts: _, ...settings } = now.body;
      const twice = await t.http
        .put('/invoices/datev/settings')
        .set(bearer(t.adminToken))
        .send({
          ...settings,
          debtorAccounts: [
            ...now.body.debtorAccounts,
            { customerNumber: alpha.number, account: 12346 },
          ],
        })
        .expect(400);
      expect(twice.body.errors).toEqual([
        {
          field: 'debtorAccounts.1.account',
          messages: ['account 12346 belongs to another customer already'],
        },
      ]);

      // Stale: the API changes the settings while the page is open.
      await admin.goto(`${base}/console/finance/exports`);
      await t.http
        .put('/invoices/datev/settings')
        .set(bearer(t.adminToken))
        .send({ ...settings, clientNumber: 4711 })
        .expect(200);
      await submit(
        admin
          .locator('#debtor-accounts tbody tr', { hasText: beta.number })
          .locator('button', { hasText: 'Entfernen' }),
      );
      await expect(banner('error')).resolves.toContain(
        'Die Einstellungen wurden inzwischen geändert',
      );
      const after = await api('/invoices/datev/settings');
      expect(after.body.debtorAccounts).toEqual(now.body.debtorAccounts);
      expect(after.body.clientNumber).toBe(4711);
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});

import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { addDays } from '../src/common/clock.js';
import { BrowserWalk, checkPage, describeInBrowser } from './support/browser.js';
import {
  createCustomer,
  createUser,
  configureCompany,
  type CreatedUser,
} from './support/factories.js';
import { pdfText } from './support/pdf-text.js';
import { issueInvoice, type IssuedInvoice } from './support/reminders.js';
import { MovableClock, type TestApp } from './support/test-app.js';

const WALK_TIMEOUT_MS = 300_000;
const plain = (text: string) => text.replace(/\u00a0/g, ' ');

/**
 * Finance runs the reminders for an overdue invoice in a real browser: the Zahlungserinnerung
 * on day 7, then — the clock moved on — the 1. Mahnung with fee, flat fee and interest as
 * computed by hand, on the page and in the PDF; on day 35 the 2. Mahnung; the exports page.
 * axe and screenshots on each.
 */
describeInBrowser('finance runs payment reminders in a browser', () => {
  const clock = new MovableClock('Europe/Berlin');
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  let page: Page;
  let csp: string[];
  let finance: CreatedUser;
  let invoice: IssuedInvoice;

  const at = (day: string) => clock.setTo(`${day}T09:00:00Z`);

  beforeAll(async () => {
    at('2026-01-05');
    walk = await BrowserWalk.start({}, { clock });
    ({ t, base, csp } = walk);
    await configureCompany(t);
    finance = await createUser(t, 'finance', { name: 'Fiona Finanz' });
    const customer = await createCustomer(t, { name: 'Bäckerei Müßig GmbH' });
    invoice = await issueInvoice(t, finance.token, customer.id);
    page = await walk.newPage();
  }, WALK_TIMEOUT_MS);
  afterAll(() => walk?.close());

  /** Logs in again: moving the clock by days ends the session (idle and absolute end). */
  const login = (path: string) => walk.login(page, finance, { from: path });

  /** The text of the newest reminder PDF linked on the page. */
  const newestPdf = async () => {
    const href = await page
      .locator('a[href*="/console/finance/reminders/documents/"]')
      .first()
      .getAttribute('href');
    const response = await page.request.get(`${base}${href}`);
    expect(response.headers()['content-type']).toBe('application/pdf');
    return plain((await pdfText(await response.body())).text);
  };

  it(
    'sends the Zahlungserinnerung seven days after the due date',
    async () => {
      at(addDays(invoice.dueDate, 7));
      await login('/console/finance/reminders');
      const row = page.locator('tbody tr', { hasText: invoice.number });
      await expect(row.textContent()).resolves.toContain('Zahlungserinnerung');
      await checkPage(page, 'reminders-01-due');
      await Promise.all([
        page.waitForURL(`${base}/console/finance/reminders`),
        page.click('button.primary'),
      ]);
      await expect(page.locator('.banner-success').textContent()).resolves.toContain(
        'Erinnerungen gesendet',
      );
      await expect(page.locator('#due-heading + p').textContent()).resolves.toContain(
        'Keine Erinnerung fällig',
      );
      const text = await newestPdf();
      expect(text).toContain('Zahlungserinnerung');
      expect(text).toContain('Zu zahlender Betrag 285,60 €');
      await checkPage(page, 'reminders-02-sent');
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'sends the 1. Mahnung on day 21 with fee, flat fee and interest as computed by hand',
    async () => {
      // A look ahead first: on day 21 the 1. Mahnung will be due (preview, nothing to send).
      await page.goto(`${base}/console/finance/reminders?on=${addDays(invoice.dueDate, 21)}`);
      await expect(page.locator('#due-heading').textContent()).resolves.toContain('Vorschau');
      await expect(page.locator('button.primary').count()).resolves.toBe(0);
      await checkPage(page, 'reminders-03-preview');

      at(addDays(invoice.dueDate, 21));
      await login('/console/finance/reminders');
      const row = plain(
        (await page.locator('tbody tr', { hasText: invoice.number }).first().textContent()) ?? '',
      );
      // 285,60 € × (1,27 % + 9 %) × 21 days / 365 = 1,6875 → 1,69 €; 285,60 + 5,00 + 40,00 + 1,69
      expect(row).toContain('1. Mahnung');
      expect(row).toContain('5,00 €');
      expect(row).toContain('40,00 €');
      expect(row).toContain('1,69 €');
      expect(row).toMatch(/21 Tage × 10,27 %/);
      expect(row).toContain('332,29 €');
      await Promise.all([
        page.waitForURL(`${base}/console/finance/reminders`),
        page.click('button.primary'),
      ]);
      const text = await newestPdf();
      expect(text).toContain('1. Mahnung');
      expect(text).toContain('Mahngebühr 5,00 €');
      expect(text).toContain('Pauschale § 288 Abs. 5 BGB 40,00 €');
      expect(text).toMatch(/21\s*285,60 €\s*10,27 %\s*1,69 €/);
      expect(text).toContain('Zu zahlender Betrag 332,29 €');
      await checkPage(page, 'reminders-04-mahnung');
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'sends the 2. Mahnung on day 35: its fee, interest to the day, the flat fee only as an earlier cost',
    async () => {
      at(addDays(invoice.dueDate, 35));
      await login('/console/finance/reminders');
      const row = plain(
        (await page.locator('tbody tr', { hasText: invoice.number }).first().textContent()) ?? '',
      );
      // 285,60 € × 10,27 % × 35 days (20.01.–23.02.2026) / 365 = 2,8125 → 2,81 €;
      // earlier costs 5,00 € + 40,00 € flat fee; 285,60 + 10,00 + 45,00 + 2,81 = 343,41 €
      expect(row).toContain('2. Mahnung');
      expect(row).toContain('10,00 €');
      expect(row).toContain('+ 45,00 €');
      expect(row).not.toContain('+ 40,00 €');
      expect(row).toMatch(/35 Tage × 10,27 %/);
      expect(row).toContain('2,81 €');
      expect(row).toContain('343,41 €');
      await checkPage(page, 'reminders-04b-mahnung-2-due');
      await Promise.all([
        page.waitForURL(`${base}/console/finance/reminders`),
        page.click('button.primary'),
      ]);
      const text = await newestPdf();
      expect(text).toContain('2. Mahnung');
      expect(text).toContain('Frühere Mahnkosten 45,00 €');
      expect(text).toContain('Mahngebühr 10,00 €');
      expect(text).toContain('Zu zahlender Betrag 343,41 €');
    },
    WALK_TIMEOUT_MS,
  );

  it(
    'keeps the settings (a refused rate comes back to the form) and offers the exports',
    async () => {
      await page.goto(`${base}/console/finance/reminders#settings`);
      await page.locator('input[name="ratePercent"]').last().fill('zwei');
      await page.locator('input[name="validFrom"]').last().fill('2026-07-01');
      await Promise.all([
        page.waitForLoadState('load'),
        page.click('#settings button[type="submit"]'),
      ]);
      await expect(page.locator('.banner-error').count()).resolves.toBe(1);
      await page.locator('input[name="ratePercent"]').last().fill('1,5');
      await page.locator('input[name="validFrom"]').last().fill('2026-07-01');
      await Promise.all([
        page.waitForLoadState('load'),
        page.click('#settings button[type="submit"]'),
      ]);
      await expect(page.locator('.banner-success').count()).resolves.toBe(1);
      await expect(page.locator('input[name="ratePercent"]').nth(-2).inputValue()).resolves.toBe(
        '1,50',
      );
      await checkPage(page, 'reminders-05-settings');

      await page.goto(`${base}/console/finance/exports`);
      await checkPage(page, 'reminders-06-exports');
      const download = await page.request.get(
        `${base}/console/finance/exports/datev.csv?from=2026-01-01&to=2026-01-31`,
      );
      expect(download.status()).toBe(200);
      const csv = new TextDecoder('windows-1252').decode(await download.body());
      expect(csv.startsWith('"EXTF";700;21;"Buchungsstapel";13;')).toBe(true);
      expect(csv).toContain(`"${invoice.number}"`);
      expect(csp).toEqual([]);
    },
    WALK_TIMEOUT_MS,
  );
});

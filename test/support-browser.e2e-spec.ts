import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import {
  BrowserWalk,
  checkPage,
  describeInBrowser,
  expectAccessible,
  type Credentials,
} from './support/browser.js';
import {
  configureCompany,
  createContract,
  createCustomer,
  createService,
  createTicket,
  createUser,
  type CreatedCustomer,
  type CreatedUser,
} from './support/factories.js';
import { bearer, MovableClock, type TestApp } from './support/test-app.js';

// Each step runs axe and full-page screenshots at two widths; on a shared 2-core machine the
// timer step took 150 s on PostgreSQL, so a step gets 5 minutes.
const STEP_MS = 300_000;

describeInBrowser('support desk and support portal in chromium', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let base: string;
  const clock = new MovableClock('Europe/Berlin');
  let staff: Page;
  let customer: Page;
  let consultant: CreatedUser;
  let contractCustomer: CreatedCustomer;
  let plainCustomer: CreatedCustomer;
  let plainUser: CreatedUser;
  let avUser: CreatedUser;
  let finance: CreatedUser;
  let ticketPath: string;
  let criticalId: string;
  let serviceId: string;

  /** Signed in wherever the login leads the person (console or portal). */
  const login = (page: Page, user: Credentials) =>
    walk.login(page, user, { landing: (url) => !url.pathname.startsWith('/login') });

  beforeAll(async () => {
    // A Wednesday in business hours, so the time logged carries no after-hours surcharge.
    clock.setTo('2026-11-18T08:30:00Z');
    walk = await BrowserWalk.start({}, { clock });
    ({ t, base } = walk);
    await configureCompany(t);
    consultant = await createUser(t, 'consultant', { name: 'Sven Support' });
    finance = await createUser(t, 'finance', { name: 'Fiona Finanz' });
    contractCustomer = await createCustomer(t, { name: 'Praxis Vertrag GmbH' });
    await createContract(t, contractCustomer.id, 'service');
    await createContract(t, contractCustomer.id, 'data_processing');
    plainCustomer = await createCustomer(t, { name: 'Laden Ohnevertrag KG' });
    plainUser = await createUser(t, 'customer', {
      customerId: plainCustomer.id,
      name: 'Eva Müller',
    });
    avUser = await createUser(t, 'customer', {
      customerId: contractCustomer.id,
      name: 'Anna Avtrag',
    });
    serviceId = (await createService(t, { name: 'Technischer Support' })).id;
    const admin = bearer(t.adminToken);
    await t.http
      .post('/support/articles')
      .set(admin)
      .send({
        title: 'VPN einrichten (intern)',
        body: '# Schritte\n- Client laden\n- Profil importieren',
        visibility: 'contract_customers',
      })
      .expect(201);
    await t.http
      .post('/support/articles')
      .set(admin)
      .send({
        title: 'Passwort ändern',
        body: 'Im Kundencenter unter „Konto“.',
        visibility: 'public',
      })
      .expect(201);
    await t.http
      .post('/support/sub-processors')
      .set(admin)
      .send({
        name: 'Rechenzentrum Nord GmbH',
        service: 'Hosting',
        location: 'Hamburg',
        since: '2024-01-01',
      })
      .expect(201);
    staff = await walk.newPage();
    customer = await walk.newPage();
  }, STEP_MS);
  afterAll(() => walk?.close());

  it(
    'a contract customer’s critical ticket jumps the queue',
    async () => {
      await createTicket(t, plainCustomer.id, {
        title: 'Drucker druckt nicht',
        severity: 'high',
      });
      clock.advanceMinutes(5);
      const critical = await createTicket(t, contractCustomer.id, {
        title: 'Server steht',
        severity: 'critical',
      });
      criticalId = critical.id;
      await login(staff, consultant);
      await staff.goto(`${base}/console/support`);
      const rows = await staff.locator('tbody tr').allTextContents();
      expect(rows[0]).toContain('Server steht');
      expect(rows[1]).toContain('Drucker druckt nicht');
      // "Why here" in German, from the placement's parts.
      expect(rows[0].replace(/\s+/g, ' ')).toContain('Servicevertrag · Kritisch · wartet seit');
      expect(rows[1].replace(/\s+/g, ' ')).toContain('Kein Vertrag · Hoch · wartet seit 5 min');
      await checkPage(staff, 'support-01-queue');
      await staff.click(`text=${critical.number}`);
      await checkPage(staff, 'support-02-ticket-contract');
      await staff.click('button:has-text("Mir zuweisen")');
      await expect(staff.locator('.banner-success').textContent()).resolves.toContain(
        'Gespeichert',
      );
    },
    STEP_MS,
  );

  it(
    'the customer opens a ticket with the keyboard only',
    async () => {
      await login(customer, plainUser);
      await customer.goto(`${base}/portal/support`);
      await checkPage(customer, 'portal-support-01-tickets');
      for (let i = 0; i < 40; i++) {
        await customer.keyboard.press('Tab');
        if (
          (await customer.evaluate(() => (globalThis as any).document.activeElement?.id)) ===
          'title'
        )
          break;
      }
      await customer.keyboard.type('Alle Mails weg');
      await customer.keyboard.press('Tab');
      await customer.keyboard.type('Seit heute Morgen ist das Postfach leer.');
      await customer.keyboard.press('Tab'); // the checked severity (normal)
      await customer.keyboard.press('ArrowUp'); // high
      await customer.keyboard.press('Tab'); // the optional file field
      await expect(
        customer.evaluate(() => (globalThis as any).document.activeElement?.id),
      ).resolves.toBe('ticket-files');
      await customer.keyboard.press('Tab');
      await Promise.all([
        customer.waitForURL(/\/portal\/support\/tickets\//),
        customer.keyboard.press('Enter'),
      ]);
      ticketPath = new URL(customer.url()).pathname;
      await expect(customer.locator('h1').textContent()).resolves.toBe('Alle Mails weg');
      await expect(customer.locator('dl.facts').textContent()).resolves.toContain('Hoch');
      await checkPage(customer, 'portal-support-02-ticket');
    },
    STEP_MS,
  );

  it(
    'support finds the customer’s own error, tells them, and the customer accepts the quote',
    async () => {
      const id = ticketPath.split('/').pop()!;
      await staff.goto(`${base}/console/support/tickets/${id}`);
      await staff.selectOption('#cause', 'customer_error');
      await staff.click('button:has-text("Entscheidung erfassen")');
      await expect(staff.locator('[data-testid=cost-outcome]').textContent()).resolves.toContain(
        'Kostenpflichtig',
      );
      await staff.fill(
        '#notice-message',
        'Die Mails wurden im Postfach gelöscht; die Wiederherstellung ist kostenpflichtig.',
      );
      await staff.click('button:has-text("Kunden informieren")');
      await staff.fill('#quote-description', 'Wiederherstellung aus dem Backup');
      await staff.fill('#quote-minutes', '60');
      await staff.click('button:has-text("Angebot senden")');
      await expect(staff.locator('[data-testid=quote]').textContent()).resolves.toContain('120,00');
      await checkPage(staff, 'support-03-ticket-customer-error');

      clock.advanceMinutes(2);
      await customer.goto(`${base}${ticketPath}`);
      await expect(
        customer.locator('[data-testid=portal-notice]').textContent(),
      ).resolves.toContain('kostenpflichtig');
      await checkPage(customer, 'portal-support-03-quote');
      await customer.click('button:has-text("Angebot annehmen")');
      await expect(customer.locator('.banner-success').textContent()).resolves.toContain(
        'angenommen',
      );
    },
    STEP_MS,
  );

  it(
    'support times the work with the timer, then bills it: time report and invoice draft',
    async () => {
      clock.advanceMinutes(3);
      await staff.goto(`${base}${ticketPath.replace('/portal/support', '/console/support')}`);
      await staff.click('button:has-text("Zeitmessung starten")');
      // The start is stored (the page after its redirect shows it) before time moves on, and
      // the reload below does not race that navigation.
      await staff.locator('[data-testid=timer-running]').waitFor();
      clock.advanceMinutes(45);
      await staff.reload(); // the timer is stored, not kept in the page
      await expect(staff.locator('[data-testid=timer-running]').count()).resolves.toBe(1);
      await staff.fill('#timer-description', 'Postfach aus dem Backup wiederhergestellt');
      await staff.click('button:has-text("Stoppen und erfassen")');
      await expect(staff.locator('[data-testid=entry]').textContent()).resolves.toContain('45');
      await checkPage(staff, 'support-04-ticket-time');

      await staff.goto(`${base}/console/support/billing?month=2026-11`);
      const section = staff.locator(`[data-testid=billing-${plainCustomer.number}]`);
      await expect(section.locator('[data-testid=billing-net]').textContent()).resolves.toContain(
        // 45 minutes: 3 started quarter hours at 120,00 €/h (hand-computed), no surcharge.
        '90,00',
      );
      await checkPage(staff, 'support-05-billing');
      const [pdf] = await Promise.all([
        staff.waitForResponse((r) => r.url().includes('/console/support/billing/documents/')),
        section.locator('button:has-text("Leistungsnachweis")').click(),
      ]);
      expect(pdf.headers()['content-type']).toBe('application/pdf');

      const financePage = await walk.newPage();
      await login(financePage, finance);
      await financePage.goto(`${base}/console/support/billing?month=2026-11`);
      await financePage
        .locator(
          `[data-testid=billing-${plainCustomer.number}] button:has-text("An die Buchhaltung")`,
        )
        .click();
      await expect(
        financePage.locator('[data-testid=draft-link] a').getAttribute('href'),
      ).resolves.toMatch(/^\/console\/finance\/invoices\/[0-9a-f-]{36}$/);
      await expectAccessible(financePage, 'support-06-handed-over');
    },
    STEP_MS,
  );

  it(
    'the customer replies with a screenshot; support grants goodwill on the ticket and one entry',
    async () => {
      await customer.goto(`${base}${ticketPath}`);
      await customer.fill('#reply', 'Hier ein Bildschirmfoto der Fehlermeldung.');
      await customer.setInputFiles('#reply-files', {
        name: 'fehlermeldung.png',
        mimeType: 'image/png',
        buffer: Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(64, 7)]),
      });
      await customer.click('button:has-text("Senden")');
      await expect(customer.locator('.banner-success').count()).resolves.toBe(1);
      await expect(
        customer.locator('[data-testid=portal-reply] [data-testid=attachment]').textContent(),
      ).resolves.toBe('fehlermeldung.png');
      await checkPage(customer, 'portal-support-08-reply-attachment');

      const consoleTicket = ticketPath.replace('/portal/support', '/console/support');
      await staff.goto(`${base}${consoleTicket}`);
      await expect(staff.locator('[data-testid=attachment]').textContent()).resolves.toBe(
        'fehlermeldung.png',
      );

      // Goodwill on the contract customer's ticket, with one entry of its own.
      await t.http
        .post(`/support/tickets/${criticalId}/time-entries`)
        .set(bearer(consultant.token))
        .send({ serviceId, minutes: 30, description: 'Dienst neu gestartet' })
        .expect(201);
      await staff.goto(`${base}/console/support/tickets/${criticalId}`);
      await staff.fill('#goodwill-percent', '50');
      await staff.fill('#goodwill-reason', 'Erster Fall dieser Art');
      await staff.click('button:has-text("Kulanz speichern")');
      await expect(staff.locator('[data-testid=goodwill-ticket]').textContent()).resolves.toBe(
        'Arbeit: 50\u00a0% berechnet · Erster Fall dieser Art',
      );
      const entry = staff.locator('[data-testid=entry]').first();
      await entry.locator('input[name=billedPercent]').fill('0');
      await entry.locator('input[name=reason]').fill('Wartezeit auf uns');
      await entry.locator('button:has-text("Setzen")').click();
      await expect(
        staff.locator('[data-testid=entry-goodwill]').first().textContent(),
      ).resolves.toContain('0\u00a0% berechnet · Wartezeit auf uns');
      await checkPage(staff, 'support-09-ticket-goodwill-attachment');
    },
    STEP_MS,
  );

  it(
    'the knowledge base editor previews what the portal will show',
    async () => {
      await staff.goto(`${base}/console/support/articles/new`);
      await staff.fill('#article-title', 'Mails wiederherstellen');
      await staff.fill('#article-body', '# So geht es\n- Kundencenter öffnen\n- Papierkorb prüfen');
      await staff.click('button:has-text("Vorschau")');
      await expect(staff.locator('[data-testid=article-preview] li').count()).resolves.toBe(2);
      await checkPage(staff, 'support-07-article-preview');
      await staff.click('button:has-text("Speichern")');
      await staff.goto(`${base}/console/support/articles`);
      await checkPage(staff, 'support-08-articles');
    },
    STEP_MS,
  );

  it(
    'no internal guides nor sub-processors without AV; both with it',
    async () => {
      await customer.goto(`${base}/portal/support/articles`);
      await expect(customer.locator('main').textContent()).resolves.not.toContain('VPN einrichten');
      await checkPage(customer, 'portal-support-04-articles-no-av');
      await customer.goto(`${base}/portal/support/sub-processors`);
      await expect(customer.locator('[data-testid=no-dpa]').count()).resolves.toBe(1);
      await expect(customer.locator('main').textContent()).resolves.not.toContain('Rechenzentrum');
      await checkPage(customer, 'portal-support-05-sub-processors-no-av');

      const av = await walk.newPage();
      await login(av, avUser);
      await av.goto(`${base}/portal/support/articles`);
      await av.click('text=VPN einrichten (intern)');
      await expect(av.locator('main li').count()).resolves.toBe(2);
      await av.click('button:has-text("Ja")');
      await expect(av.locator('.banner-success').textContent()).resolves.toContain('Danke');
      await checkPage(av, 'portal-support-06-article-av');
      await av.goto(`${base}/portal/support/sub-processors`);
      await expect(av.locator('[data-testid=sub-processors]').textContent()).resolves.toContain(
        'Rechenzentrum Nord GmbH',
      );
      await checkPage(av, 'portal-support-07-sub-processors-av');
    },
    STEP_MS,
  );
});

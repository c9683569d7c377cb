import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { BrowserWalk, describeInBrowser, SCREENSHOTS } from './support/browser.js';
import { offsetDays } from './support/factories.js';
import {
  acceptedProject,
  projectWorld,
  readyForReview,
  type ProjectWorld,
} from './support/projects.js';
import { bearer, type TestApp } from './support/test-app.js';

/** Git-ignored: a person looks at the pages at desktop and phone width. */

/** Each walk below is a dozen pages with axe and two screenshots each: minutes on a busy machine. */
const WALK_MS = 300_000;

describeInBrowser('customer portal in a real browser (Debian chromium)', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let world: ProjectWorld;
  let base: string;
  let page: Page;
  let cspViolations: string[];

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base, csp: cspViolations } = walk);
    world = await projectWorld(t);
    mkdirSync(SCREENSHOTS, { recursive: true });
    page = await walk.newPage();
  });
  afterAll(() => walk?.close());

  /** No serious or critical axe violation, and screenshots at 1280 and 360 px. */
  async function check(name: string) {
    const results = await new AxeBuilder({ page }).analyze();
    const bad = results.violations.filter((v) => ['serious', 'critical'].includes(v.impact ?? ''));
    expect(bad.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual(
      [],
    );
    for (const width of [1280, 360]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({
        path: join(SCREENSHOTS, `portal-${name}-${width}.png`),
        fullPage: true,
      });
      // Usable on a phone: nothing makes the page scroll sideways.
      const scrollWidth = await page.evaluate(
        () => (globalThis as any).document.documentElement.scrollWidth as number,
      );
      expect({ name, width, scrollWidth }).toEqual({ name, width, scrollWidth: width });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  const stageOf = async (id: string) =>
    (await t.http.get(`/projects/${id}`).set(bearer(world.consultant.token)).expect(200)).body;

  it(
    'reads the diff of revision 2, asks for changes, then approves with an option by keyboard',
    async () => {
      const { id, p } = await readyForReview(t, world);
      const staff = world.consultant.token;
      await p.post(
        staff,
        '/items',
        {
          version: p.version,
          title: 'Schulung der Mitarbeitenden',
          quantity: '2',
          unit: 'hour',
          serviceRateId: world.serviceRateId,
          optional: true,
        },
        201,
      );
      await p.post(staff, '/send');

      await walk.login(page, world.customerUser, { landing: '/portal', byEnter: true });
      const number = (await stageOf(id)).number as string;
      await expect(page.getByTestId(`project-${number}`).textContent()).resolves.toContain(
        'Ihr Lösungsvorschlag wartet auf Ihre Freigabe',
      );
      await check('home');

      await page.goto(`${base}/portal/projects/${id}`);
      await check('project-revision-1');
      await page.fill('#comment', 'Bitte auch die alten Mails archivieren.');
      await Promise.all([
        page.waitForURL(`${base}/portal/projects/${id}`),
        page.click('[data-testid="request-changes"]'),
      ]);
      await expect(page.locator('.banner-success').textContent()).resolves.toContain(
        'Änderungswünsche',
      );
      expect((await stageOf(id)).stage).toBe('solution');

      await p.read(staff);
      await p.post(
        staff,
        '/requirements',
        {
          version: p.version,
          text: 'Alte Mails werden archiviert',
          priority: 'should',
          acceptanceCriterion: 'Archiv durchsuchbar',
          solution: 'Exchange Online Archiving',
        },
        201,
      );
      await p.post(staff, '/send');

      await page.goto(`${base}/portal/projects/${id}`);
      const diff = page.getByTestId('diff');
      await expect(diff.textContent()).resolves.toContain('Was sich seit Version 1 geändert hat');
      await expect(diff.textContent()).resolves.toContain('Alte Mails werden archiviert');
      await check('project-revision-2');

      // The solution document, drawn page by page by pdf.js (no iframe), as on a phone.
      await page.click('text=Lösungsdokument lesen');
      await page.waitForSelector('[data-pdf-viewer][data-pages]', { timeout: 30_000 });
      const pages = await page.locator('canvas.portal-page').count();
      expect(pages).toBeGreaterThan(0);
      await check('document');
      await page.goBack();

      // A refused approval (not the account's name) comes back to this page, the error next
      // to the field: the browser sends the Referer to the app.
      await page.goto(`${base}/portal/projects/${id}`);
      await page.fill('#signerName', 'Jemand Anderes');
      await page.check('#consent');
      await Promise.all([
        page.waitForURL(`${base}/portal/projects/${id}`),
        page.click('[data-testid="approve"]'),
      ]);
      await expect(page.locator('#signerName-error').textContent()).resolves.toContain(
        'Jörg Schäfer',
      );
      await expect(page.locator('#signerName').inputValue()).resolves.toBe('Jemand Anderes');
      expect((await stageOf(id)).stage).toBe('in_review');

      // Keyboard only: Tab to the option, Space, the name, the consent, Enter on the button.
      const project = await stageOf(id);
      const option = project.items.find((i: { optional: boolean }) => i.optional);
      await page.goto(`${base}/portal/projects/${id}`);
      await tabUntil(page, `option-${option.id}`);
      await page.keyboard.press('Space');
      await tabUntil(page, 'signerName');
      await page.keyboard.type('Jörg Schäfer');
      await tabUntil(page, 'consent');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() =>
          (globalThis as any).document.activeElement?.getAttribute('data-testid'),
        ),
      ).toBe('approve');
      await Promise.all([
        page.waitForURL(`${base}/portal/projects/${id}`),
        page.keyboard.press('Enter'),
      ]);
      await expect(page.locator('.banner-success').textContent()).resolves.toContain(
        'Ihre Freigabe ist eingegangen',
      );
      const approved = await stageOf(id);
      expect(approved.stage).toBe('approved');
      expect(approved.approval).toMatchObject({
        revision: 2,
        chosenOptionalItemIds: [option.id],
      });
      await check('project-approved');

      await page.goto(`${base}/portal/documents`);
      await check('documents');
      expect(cspViolations).toEqual([]);
    },
    WALK_MS,
  );

  it(
    'shows the acceptance, a change request and invoices readably; rejects with defects',
    async () => {
      const staff = world.consultant.token;
      const working = async () => {
        const { id, p } = await readyForReview(t, world);
        await p.post(staff, '/send');
        await p.post(world.customerUser.token, '/approve', {});
        await p.post(staff, '/schedule', { completionDate: offsetDays(60) });
        await p.post(staff, '/start-work');
        return { id, p };
      };
      const withChange = await working();
      const cr = await t.http
        .post(`/projects/${withChange.id}/change-requests`)
        .set(bearer(staff))
        .send({
          title: 'Zusätzlicher Drucker',
          description: 'Ein Netzwerkdrucker im Empfang',
          lines: [
            { title: 'Druckereinrichtung', quantity: '1', unit: 'flat', unitPriceCents: 15_000 },
          ],
        })
        .expect(201);
      await t.http
        .post(`/projects/${withChange.id}/change-requests/${cr.body.id}/send`)
        .set(bearer(staff))
        .expect(200);

      const inAcceptance = await working();
      await inAcceptance.p.post(staff, '/submit-qa');
      const rounds = await t.http
        .get(`/projects/${inAcceptance.id}/qa-rounds`)
        .set(bearer(staff))
        .expect(200);
      for (const qaCheck of rounds.body[0].checks as Array<{ id: string }>) {
        await t.http
          .put(`/projects/${inAcceptance.id}/qa-checks/${qaCheck.id}`)
          .set(bearer(staff))
          .send({ result: 'passed' })
          .expect(200);
      }
      await inAcceptance.p.post(staff, '/complete-qa');

      const { id: invoiced } = await acceptedProject(t, world, { hours: '10' });
      const draft = await t.http
        .post(`/projects/${invoiced}/invoices/final`)
        .set(bearer(world.finance.token))
        .send({})
        .expect(201);
      await t.http
        .post(`/invoices/${draft.body.id}/issue`)
        .set(bearer(world.finance.token))
        .send({})
        .expect(200);

      await page.goto(`${base}/portal`);
      await check('home-waiting');
      await page.goto(`${base}/portal/projects/${withChange.id}`);
      await check('project-change-request');
      await page.goto(`${base}/portal/documents`);
      await check('documents-invoices');

      await page.goto(`${base}/portal/projects/${inAcceptance.id}`);
      await check('project-acceptance');
      await page.fill('#defects', 'Postfach Buchhaltung fehlt');
      await Promise.all([
        page.waitForURL(`${base}/portal/projects/${inAcceptance.id}`),
        page.click('[data-testid="reject"]'),
      ]);
      await expect(page.locator('.banner-success').textContent()).resolves.toContain('Mängel');
      const acceptances = await t.http
        .get(`/projects/${inAcceptance.id}/acceptances`)
        .set(bearer(staff))
        .expect(200);
      expect(acceptances.body[0]).toMatchObject({ decision: 'rejected' });
      expect(cspViolations).toEqual([]);
    },
    WALK_MS,
  );
});

/** Presses Tab until the element with this id has the focus (at most 80 times). */
async function tabUntil(page: Page, id: string): Promise<void> {
  for (let i = 0; i < 80; i += 1) {
    if ((await page.evaluate(() => (globalThis as any).document.activeElement?.id)) === id) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached #${id}`);
}

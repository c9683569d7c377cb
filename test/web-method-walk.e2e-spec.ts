import { afterAll, beforeAll, expect, it } from '@jest/globals';
import type { Page } from 'playwright-core';
import { BrowserWalk, checkPage, describeInBrowser, watchCsp } from './support/browser.js';
import { offsetDays } from './support/factories.js';
import { projectWorld, type ProjectWorld } from './support/projects.js';
import { bearer, type TestApp } from './support/test-app.js';

/*
 * The whole method in the browser, as issue 17 asks: a consultant and a customer take one
 * project from a template to accepted. Every step is checked on the page and in the API's
 * state (GET /projects/:id with a bearer token); every page of the walk is checked by axe and
 * photographed at 1280 and 360 px (test-output/screenshots/walk-*).
 */
/** Per step: generous, since the machine running the suites may be busy (the walk itself is short). */
const STEP_MS = 300_000;

const euro = (cents: number) =>
  new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }).format(cents / 100);

describeInBrowser('the method in the browser, start to end', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let world: ProjectWorld;
  let base: string;
  let staff: Page;
  let customer: Page;
  let csp: string[][];
  let templateId: string;
  let id: string;
  let shot = 0;

  /** axe and screenshots of the page as it is, numbered in walk order. */
  const check = (page: Page, name: string) =>
    checkPage(page, `walk-${String(++shot).padStart(2, '0')}-${name}`);
  const api = async () =>
    (await t.http.get(`/projects/${id}`).set(bearer(world.consultant.token)).expect(200)).body;
  /** Submits a form by clicking and waits for the post → redirect → get to land. */
  const submit = (page: Page, selector: string) =>
    Promise.all([page.waitForNavigation(), page.click(selector)]);
  const notice = (page: Page) => page.locator('.banner-success').textContent();
  const projectPage = (page: Page) => page.goto(`${base}/console/projects/${id}`);
  const portalPage = (page: Page) => page.goto(`${base}/portal/projects/${id}`);
  const act = (action: string) => submit(staff, `button[data-action="${action}"]`);

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base } = walk);
    world = await projectWorld(t);
    // A template is an administrator's API resource; the walk starts from it.
    const template = await t.http
      .post('/project-templates')
      .set(bearer(t.adminToken))
      .send({
        name: 'Mailserver-Umzug',
        billingMode: 'fixed_price',
        background: 'Der Mailserver ist veraltet.',
        goals: 'Alle Postfächer in der Cloud.',
        requirements: [
          {
            text: 'Alle Postfächer werden übernommen',
            priority: 'must',
            acceptanceCriterion: 'Stichprobe von 10 Postfächern vollständig',
            solution: 'Migration mit dem Migrations-Assistenten',
          },
        ],
        items: [],
      })
      .expect(201);
    templateId = template.body.id;
    staff = await walk.newPage();
    customer = await walk.newPage();
    csp = [watchCsp(staff), watchCsp(customer)];
  }, STEP_MS);
  afterAll(() => walk?.close());

  it(
    'the consultant creates the project from a template and drafts concept and estimate',
    async () => {
      await staff.goto(`${base}/login`);
      await check(staff, 'login');
      await walk.login(staff, world.consultant, { byEnter: true });
      await check(staff, 'dashboard');

      await staff.goto(`${base}/console/projects/new?customerId=${world.customerId}`);
      await staff.fill('#title', 'Umzug des Mailservers');
      await staff.selectOption('#templateId', templateId);
      await check(staff, 'new-project');
      await submit(staff, 'button.primary');
      expect(staff.url()).toMatch(/\/console\/projects\/[0-9a-f-]{36}$/);
      id = staff.url().split('/').pop()!;
      // The template's concept paper came along.
      await expect(staff.locator('#background').inputValue()).resolves.toBe(
        'Der Mailserver ist veraltet.',
      );
      expect(await api()).toMatchObject({ stage: 'concept', templateId, requirements: [{}] });

      await staff.fill('#goals', 'Alle Postfächer in Microsoft 365, ohne Mailverlust.');
      await staff.fill('#validUntil', offsetDays(30));
      await submit(staff, '#concept button.primary');
      await expect(notice(staff)).resolves.toBeTruthy();
      await staff.fill('#req-text', 'Alte Mails werden archiviert');
      await staff.selectOption('#req-priority', 'should');
      await staff.fill('#req-criterion', 'Archiv durchsuchbar');
      await staff.fill('#req-solution', 'Exchange Online Archiving');
      await submit(staff, '#requirements form.card button');
      await expect(staff.locator('#requirements li.requirement').count()).resolves.toBe(2);
      const concept = await api();
      expect(concept).toMatchObject({
        goals: 'Alle Postfächer in Microsoft 365, ohne Mailverlust.',
        validUntil: offsetDays(30),
      });
      expect(concept.requirements.map((r: { text: string }) => r.text)).toEqual([
        'Alle Postfächer werden übernommen',
        'Alte Mails werden archiviert',
      ]);
      await check(staff, 'concept');

      await act('start_solution');
      expect((await api()).stage).toBe('solution');
      await addItem({ title: 'Migration', quantity: '10', rate: world.serviceRateId });
      await addItem({ title: 'Lizenzeinrichtung', quantity: '1', unit: 'flat', price: '250' });
      await addItem({
        title: 'Schulung der Mitarbeitenden',
        quantity: '2',
        rate: world.serviceRateId,
        optional: true,
      });
      const estimate = await api();
      expect(
        estimate.items.map((i: any) => [i.title, i.unitPriceCents, i.optional, i.netCents]),
      ).toEqual([
        ['Migration', 12_000, false, 120_000],
        ['Lizenzeinrichtung', 25_000, false, 25_000],
        ['Schulung der Mitarbeitenden', 12_000, true, 24_000],
      ]);
      expect(estimate.totals).toMatchObject({ netCents: 145_000, optionalNetCents: 24_000 });
      await expect(staff.locator('#estimate tfoot .total td.num').textContent()).resolves.toBe(
        euro(estimate.totals.grossCents),
      );
      await check(staff, 'estimate');
    },
    STEP_MS,
  );

  async function addItem(line: {
    title: string;
    quantity: string;
    unit?: string;
    rate?: string;
    price?: string;
    optional?: boolean;
  }) {
    await staff.fill('#item-title', line.title);
    await staff.fill('#item-quantity', line.quantity);
    await staff.selectOption('#item-unit', line.unit ?? 'hour');
    await staff.selectOption('#item-rate', line.rate ?? '');
    await staff.fill('#item-price', line.price ?? '');
    await staff.setChecked('#estimate input[name="optional"]', line.optional ?? false);
    await submit(staff, '#estimate form.card button[type="submit"]');
    await expect(
      staff.locator('#estimate tbody tr', { hasText: line.title }).count(),
    ).resolves.toBe(1);
  }

  it(
    'sends revision 1; the customer asks for changes; the consultant revises and sends revision 2',
    async () => {
      await act('send');
      expect(await api()).toMatchObject({ stage: 'in_review', currentRevision: 1 });
      await expect(staff.locator('#revisions li').count()).resolves.toBe(1);
      await check(staff, 'sent-1');

      await walk.login(customer, world.customerUser, { landing: '/portal', byEnter: true });
      await expect(customer.locator('main').textContent()).resolves.toContain(
        'Ihr Lösungsvorschlag wartet auf Ihre Freigabe',
      );
      await check(customer, 'portal-home');
      await portalPage(customer);
      await check(customer, 'portal-revision-1');
      await customer.fill('#comment', 'Bitte auch die Kalender übernehmen.');
      await submit(customer, '[data-testid="request-changes"]');
      await expect(notice(customer)).resolves.toContain('Änderungswünsche');
      expect(await api()).toMatchObject({ stage: 'solution' });

      await projectPage(staff);
      await expect(staff.locator('#revisions').textContent()).resolves.toContain(
        'Bitte auch die Kalender übernehmen.',
      );
      await staff.fill('#req-text', 'Kalender werden übernommen');
      await staff.fill('#req-criterion', 'Termine der nächsten 12 Monate vorhanden');
      await staff.fill('#req-solution', 'Kalender-Export und -Import');
      await submit(staff, '#requirements form.card button');
      await addItem({ title: 'Kalenderumzug', quantity: '1,5', rate: world.serviceRateId });
      // The migration line edited in place (htmx): the table and its totals come back from the
      // service, and the page's other forms carry the new version (the send below).
      const migration = (await api()).items.find((i: any) => i.title === 'Migration');
      await staff.click(`[data-edit-item="${migration.id}"]`);
      await staff.fill(`#edit-quantity-${migration.id}`, '12');
      await check(staff, 'item-inline-edit');
      await staff.click(`#item-${migration.id} button.primary`);
      await staff.locator(`[data-edit-item="${migration.id}"]`).waitFor();
      const revised = await api();
      expect(revised.items.find((i: any) => i.id === migration.id).netCents).toBe(144_000);
      await expect(staff.locator('#estimate tfoot .total td.num').textContent()).resolves.toBe(
        euro(revised.totals.grossCents),
      );
      await act('send');
      expect(await api()).toMatchObject({ stage: 'in_review', currentRevision: 2 });
    },
    STEP_MS,
  );

  it(
    'the customer reads the diff of revision 2 and asks again; the consultant sends revision 3',
    async () => {
      await portalPage(customer);
      const diff = customer.getByTestId('diff');
      await expect(diff.textContent()).resolves.toContain('Was sich seit Version 1 geändert hat');
      await expect(diff.textContent()).resolves.toContain('Kalender werden übernommen');
      await expect(diff.textContent()).resolves.toContain('Kalenderumzug');
      await check(customer, 'portal-diff-2');

      await customer.click('text=Lösungsdokument lesen');
      await customer.waitForSelector('[data-pdf-viewer][data-pages]', { timeout: 30_000 });
      expect(await customer.locator('canvas.portal-page').count()).toBeGreaterThan(0);
      // pdf.js's text layer lies over each page: the words can be selected and searched.
      const layer = customer.locator('.textLayer').first();
      const [canvasBox, layerBox] = await Promise.all([
        customer.locator('canvas.portal-page').first().boundingBox(),
        layer.boundingBox(),
      ]);
      expect(Math.abs(canvasBox!.width - layerBox!.width)).toBeLessThan(4);
      expect(Math.abs(canvasBox!.height - layerBox!.height)).toBeLessThan(4);
      const selected = await layer.evaluate((element) => {
        const doc = (globalThis as any).document;
        const range = doc.createRange();
        range.selectNodeContents(element);
        const selection = (globalThis as any).getSelection();
        selection.removeAllRanges();
        selection.addRange(range);
        return String(selection.toString());
      });
      expect(selected.replace(/\s+/g, ' ')).toContain('Umzug des Mailservers');
      await check(customer, 'portal-document');

      await portalPage(customer);
      await customer.fill('#comment', 'Die Schulung bitte für zwei Gruppen.');
      await submit(customer, '[data-testid="request-changes"]');
      await expect(notice(customer)).resolves.toContain('Änderungswünsche');
      const asked = await api();
      expect(asked.stage).toBe('solution');

      await staff.goto(`${base}/console/projects/${id}/revisions?from=1&to=2`);
      await expect(staff.locator('table.diff').textContent()).resolves.toContain(
        'Kalender werden übernommen',
      );
      await check(staff, 'revisions-diff');

      await projectPage(staff);
      const training = asked.items.find((i: any) => i.optional);
      await submit(staff, `#estimate form[action$="/items/${training.id}/delete"] button`);
      await addItem({
        title: 'Schulung in zwei Gruppen',
        quantity: '4',
        rate: world.serviceRateId,
        optional: true,
      });
      await act('send');
      expect(await api()).toMatchObject({ stage: 'in_review', currentRevision: 3 });
    },
    STEP_MS,
  );

  it(
    'the customer approves revision 3 with the optional training, by keyboard only',
    async () => {
      const project = await api();
      const option = project.items.find((i: any) => i.optional);
      await portalPage(customer);
      await expect(customer.getByTestId('diff').textContent()).resolves.toContain(
        'Schulung in zwei Gruppen',
      );
      await check(customer, 'portal-revision-3');
      await tabUntil(customer, `option-${option.id}`);
      await customer.keyboard.press('Space');
      await tabUntil(customer, 'signerName');
      await customer.keyboard.type('Jörg Schäfer');
      await tabUntil(customer, 'consent');
      await customer.keyboard.press('Space');
      await customer.keyboard.press('Tab');
      await expect(
        customer.evaluate(() =>
          (globalThis as any).document.activeElement?.getAttribute('data-testid'),
        ),
      ).resolves.toBe('approve');
      await Promise.all([customer.waitForNavigation(), customer.keyboard.press('Enter')]);
      await expect(notice(customer)).resolves.toContain('Ihre Freigabe ist eingegangen');
      const approved = await api();
      expect(approved).toMatchObject({
        stage: 'approved',
        approvedRevision: 3,
        approval: { revision: 3, chosenOptionalItemIds: [option.id] },
      });
      await check(customer, 'portal-approved');
    },
    STEP_MS,
  );

  it(
    'the consultant schedules, logs time and runs QA: a failed round, then a passed one',
    async () => {
      await projectPage(staff);
      await staff.fill('#completionDate', offsetDays(21));
      await submit(staff, '#schedule form button');
      expect(await api()).toMatchObject({ stage: 'scheduled', completionDate: offsetDays(21) });
      await check(staff, 'scheduled');
      await act('start_work');
      await staff.fill('#time-day', offsetDays(0));
      await staff.fill('#time-duration', '2:15');
      await staff.fill('#time-description', 'Postfächer umgezogen');
      await submit(staff, '#time form button');
      await expect(staff.locator('#time tbody tr').count()).resolves.toBe(1);
      const time = await t.http
        .get(`/projects/${id}/time-entries`)
        .set(bearer(world.consultant.token))
        .expect(200);
      expect(time.body.items).toMatchObject([{ minutes: 135, billable: true }]);
      await check(staff, 'in-progress');

      await act('submit_qa');
      expect((await api()).stage).toBe('qa');
      await check(staff, 'qa-round-1');
      await recordRound({ fail: 'Archiv nicht durchsuchbar' });
      await act('complete_qa');
      expect((await api()).stage).toBe('in_progress');
      let rounds = await qaRounds();
      expect(rounds[0].status).toBe('failed');

      await act('submit_qa');
      await recordRound({});
      await act('complete_qa');
      expect((await api()).stage).toBe('acceptance');
      rounds = await qaRounds();
      expect(rounds.map((r: any) => r.status)).toEqual(['failed', 'passed']);
      await check(staff, 'acceptance');
    },
    STEP_MS,
  );

  const qaRounds = async () =>
    (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(world.consultant.token)).expect(200))
      .body;

  /** Records every open check as passed; with `fail`, the first one fails with that note. */
  async function recordRound(options: { fail?: string }) {
    const open = (await qaRounds()).find((r: any) => r.status === 'open');
    for (const [index, qaCheck] of (open.checks as Array<{ id: string }>).entries()) {
      const failing = index === 0 && options.fail;
      await staff.selectOption(`#qa-result-${qaCheck.id}`, failing ? 'failed' : 'passed');
      if (failing) await staff.fill(`#qa-note-${qaCheck.id}`, options.fail!);
      await submit(staff, `form[action$="/qa-checks/${qaCheck.id}"] button`);
    }
    const recorded = (await qaRounds()).find((r: any) => r.id === open.id);
    expect(recorded.checks.map((c: any) => c.result)).toEqual(
      open.checks.map((_: unknown, i: number) => (i === 0 && options.fail ? 'failed' : 'passed')),
    );
  }

  it(
    'the customer rejects the acceptance with a defect, then accepts the reworked project',
    async () => {
      await portalPage(customer);
      await check(customer, 'portal-acceptance');
      await customer.fill('#defects', 'Postfach der Buchhaltung fehlt');
      await submit(customer, '[data-testid="reject"]');
      await expect(notice(customer)).resolves.toContain('Mängel');
      expect((await api()).stage).toBe('in_progress');
      const acceptances = await t.http
        .get(`/projects/${id}/acceptances`)
        .set(bearer(world.consultant.token))
        .expect(200);
      expect(acceptances.body).toMatchObject([{ decision: 'rejected' }]);
      expect(JSON.stringify(acceptances.body)).toContain('Postfach der Buchhaltung fehlt');

      await projectPage(staff);
      // The history is read when its section is opened (htmx puts the entries in).
      await staff.click('#trail summary');
      await expect(staff.locator('#trail ol.trail li').first().textContent()).resolves.toBeTruthy();
      await act('submit_qa');
      await recordRound({});
      await act('complete_qa');
      expect((await api()).stage).toBe('acceptance');

      await portalPage(customer);
      await customer.fill('#accept-signerName', 'Jörg Schäfer');
      await customer.check('#accept-consent');
      await submit(customer, '[data-testid="accept"]');
      const accepted = await api();
      expect(accepted.stage).toBe('accepted');
      expect(accepted.acceptedOn).toBe(offsetDays(0));
      await check(customer, 'portal-accepted');
      await projectPage(staff);
      await expect(staff.locator('.timeline [aria-current="step"]').textContent()).resolves.toBe(
        'Abgenommen',
      );
      await check(staff, 'accepted');
      await staff.goto(`${base}/console`);
      await check(staff, 'dashboard-end');
      expect(csp).toEqual([[], []]);
    },
    STEP_MS,
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

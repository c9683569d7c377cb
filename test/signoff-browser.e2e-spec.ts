import { afterAll, beforeAll, expect, it } from '@jest/globals';
import { BrowserWalk, describeInBrowser } from './support/browser.js';
import { projectWorld, type ProjectWorld } from './support/projects.js';
import { solutionSentForSignoff } from './support/signoff.js';
import { bearer, type TestApp } from './support/test-app.js';

describeInBrowser('sign-off page in a real browser (Debian chromium)', () => {
  let walk: BrowserWalk;
  let t: TestApp;
  let world: ProjectWorld;
  let base: string;

  beforeAll(async () => {
    walk = await BrowserWalk.start();
    ({ t, base } = walk);
    world = await projectWorld(t);
  });
  afterAll(() => walk?.close());

  it('opens a link, types a name, ticks consent, approves and sees the confirmation', async () => {
    const { projectId: id, document, token } = await solutionSentForSignoff(t, world);

    const page = await walk.newPage();
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      const response = await page.goto(`${base}/signoff/${token}`);
      expect(response?.status()).toBe(200);
      await expect(page.getByTestId('sha256').textContent()).resolves.toBe(document.sha256);
      // The stylesheet applied (same origin, allowed by the CSP).
      const buttonColour = await page
        .locator('button[data-testid="approve"]')
        .evaluate(
          (el) =>
            (
              globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }
            ).getComputedStyle(el).backgroundColor,
        );
      expect(buttonColour).toBe('rgb(31, 111, 67)');

      // The browser refuses to submit without consent (required checkbox).
      await page.fill('#signerName', 'Jörg Weiß');
      await page.click('button[data-testid="approve"]');
      expect(page.url()).toBe(`${base}/signoff/${token}`);

      await page.check('input[name="consent"]');
      await Promise.all([
        page.waitForURL(`${base}/signoff/${token}/approve`),
        page.click('button[data-testid="approve"]'),
      ]);
      await expect(page.getByTestId('result').textContent()).resolves.toContain('freigegeben');
      await expect(page.content()).resolves.toContain('Jörg Weiß');
      expect(walk.csp).toEqual([]);
    } finally {
      await page.context().close();
    }
    const project = await t.http
      .get(`/projects/${id}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(project.body.stage).toBe('approved');
  });
});

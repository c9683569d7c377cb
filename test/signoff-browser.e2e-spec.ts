import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CHROMIUM, chromiumAvailable, launchChromium } from './support/browser.js';
import { projectWorld, type ProjectWorld } from './support/projects.js';
import { solutionSentForSignoff } from './support/signoff.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const available = chromiumAvailable;
if (!available && process.env.CI === 'true') {
  // In CI the browser test must run: .ci/run installs Debian's chromium.
  throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium package`);
}
if (!available) {
  process.stderr.write(
    `signoff-browser: ${CHROMIUM} not found, skipping (apt-get install chromium)\n`,
  );
}

(available ? describe : describe.skip)('sign-off page in a real browser (Debian chromium)', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let base: string;
  let profile: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as AddressInfo;
    base = `http://127.0.0.1:${address.port}`;
    world = await projectWorld(t);
    profile = mkdtempSync(join(tmpdir(), 'freigabe-chromium-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('opens a link, types a name, ticks consent, approves and sees the confirmation', async () => {
    const { projectId: id, document, token } = await solutionSentForSignoff(t, world);

    const context = await launchChromium(profile);
    try {
      const page = await context.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
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
      expect(violations).toEqual([]);
    } finally {
      await context.close();
    }
    const project = await t.http
      .get(`/projects/${id}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(project.body.stage).toBe('approved');
  });
});

import AxeBuilder from '@axe-core/playwright';
import { expect } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const chromiumAvailable = existsSync(CHROMIUM);

/** Where the browser tests write their screenshots (git-ignored): look at them. */
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

const LAUNCH_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(profile: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: LAUNCH_ARGS,
  });
}

/** One browser for walks with several people: each gets a context (own cookies) of its own. */
export async function launchChromiumBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
}

/** Collects Content-Security-Policy complaints from the page's console. */
export function watchCsp(page: Page): string[] {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

/** axe-core on the page as it is: no serious or critical violation. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
    );
  expect(bad).toEqual([]);
}

/** Full-page screenshots at desktop (1280 px) and phone (360 px) width. */
export async function screenshots(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
    await page.screenshot({ path: join(SCREENSHOTS, `${name}-${width}.png`), fullPage: true });
    expect(await overflowing(page, width)).toEqual([]);
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** A checked page of a walk: accessible, and photographed at both widths. */
export async function checkPage(page: Page, name: string): Promise<void> {
  await expectAccessible(page, name);
  await screenshots(page, name);
}

/** Elements reaching past the viewport's right edge: the page would scroll sideways. */
function overflowing(page: Page, width: number): Promise<string[]> {
  return page.evaluate((limit) => {
    const doc = (globalThis as any).document;
    const scrollWidth = doc.documentElement.scrollWidth;
    if (scrollWidth <= limit) return [];
    const offenders = [...doc.querySelectorAll('body *')]
      .filter((el: any) => el.getBoundingClientRect().right > limit + 1)
      .filter((el: any) => !el.closest('.table-wrap'))
      .slice(0, 5)
      .map(
        (el: any) =>
          `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)} px)`,
      );
    return [`page ${scrollWidth} px wide`, ...offenders];
  }, width);
}

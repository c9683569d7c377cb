import AxeBuilder from '@axe-core/playwright';
import { describe, expect } from '@jest/globals';
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import type { AppOverrides } from '../../src/app.module.js';
import { startTestApp, type TestApp } from './test-app.js';

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

/** Collects Content-Security-Policy complaints from the page's console. */
export function watchCsp(page: Page, violations: string[] = []): string[] {
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

/**
 * A browser test's `describe`: skipped where Debian's chromium is missing, except on CI,
 * where a missing browser fails the run instead of passing it silently.
 */
export function describeInBrowser(name: string, suite: () => void): void {
  if (!chromiumAvailable && process.env.CI === 'true') {
    throw new Error(`${CHROMIUM} is missing; CI must install Debian's chromium package`);
  }
  (chromiumAvailable ? describe : describe.skip)(name, suite);
}

/** Whoever signs in: a created user, the admin, … */
export interface Credentials {
  email: string;
  password: string;
}

/**
 * Where a sign-in starts (`from`, a path: /login unless a protected page is asked for first) and
 * where it lands (a path, or a pattern or test of the URL).
 */
export interface LoginRoute {
  from?: string;
  landing?: string | RegExp | ((url: URL) => boolean);
  /** Sends the form with Enter in the password field, as a keyboard user does, not a click. */
  byEnter?: boolean;
}

/**
 * A browser walk's set-up in one place: the app listening on 127.0.0.1, one Chromium, and a
 * context (own cookies) per person in the walk. Content-Security-Policy complaints of every
 * page opened here are collected in `csp`.
 */
export class BrowserWalk {
  readonly csp: string[] = [];
  // A promise, so that two pages asked for at once still share one browser.
  private browser: Promise<Browser> | undefined;

  private constructor(
    readonly t: TestApp,
    readonly base: string,
  ) {}

  static async start(
    env: Record<string, string> = {},
    overrides: AppOverrides = {},
  ): Promise<BrowserWalk> {
    const t = await startTestApp(
      { RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0', ...env },
      overrides,
    );
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    return new BrowserWalk(t, `http://127.0.0.1:${port}`);
  }

  /**
   * A page for one more person: a context of its own, so its session is its own. Options such
   * as `javaScriptEnabled: false` go to that context.
   */
  async newPage(options: BrowserContextOptions = {}): Promise<Page> {
    // One browser for the walk, launched with its first page.
    this.browser ??= chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: LAUNCH_ARGS,
    });
    const page = await (await (await this.browser).newContext(options)).newPage();
    watchCsp(page, this.csp);
    return page;
  }

  /**
   * Signs in through the login form and waits for the landing page. `from` is the page asked
   * for first: a protected page sends the browser to the form, and the form back to it, so the
   * landing defaults to `from` (to the console when signing in at /login).
   */
  async login(
    page: Page,
    who: Credentials,
    { from, landing, byEnter = false }: LoginRoute = {},
  ): Promise<void> {
    const target = landing ?? from ?? '/console';
    await page.goto(`${this.base}${from ?? '/login'}`);
    await page.fill('#email', who.email);
    await page.fill('#password', who.password);
    await Promise.all([
      page.waitForURL(typeof target === 'string' ? `${this.base}${target}` : target),
      byEnter
        ? page.press('#password', 'Enter')
        : page.click('form[action="/login"] button[type="submit"]'),
    ]);
  }

  /** Closes the browser (its contexts with it), then the app, even when the browser failed. */
  async close(): Promise<void> {
    try {
      await (await this.browser)?.close();
    } finally {
      await this.t.close();
    }
  }
}

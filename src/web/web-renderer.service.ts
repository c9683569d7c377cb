import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import Handlebars from 'handlebars';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Role } from '../common/access.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Flash, PageContext, WebLocale } from './page-context.js';
import { loadWebAssets, type WebAsset } from './web-assets.js';
import { registerWebHelpers } from './web-helpers.js';
import { loadWebLabels, lookupLabel, type WebLabels } from './web-labels.js';
import { WebSessionsService } from './web-sessions.service.js';

/** An entry of the main navigation; modules register theirs at start. */
export interface NavItem {
  href: string;
  /** A label key, e.g. 'projects.nav.dashboard'. */
  label: string;
  roles: readonly Role[];
  /** Position in the bar: lower first. */
  order: number;
}

type Template = Handlebars.TemplateDelegate;

/**
 * Renders pages: a template from templates/web/<module>/<page>.hbs inside layout.hbs, with the
 * navigation for the user's role, the CSRF token, the flash and the user's language. The
 * page's <title> is its label `<module>.<page>.title` unless the view brings `title`.
 */
@Injectable()
export class WebRenderer {
  readonly assets: Map<string, WebAsset>;
  private readonly labels: WebLabels;
  private readonly hbs = Handlebars.create();
  private readonly templates = new Map<string, Template>();
  private readonly layout: Template;
  private readonly nav: NavItem[] = [];

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: WebSessionsService,
  ) {
    const dir = join(config.documents.templatesDir, 'web');
    this.assets = loadWebAssets(config.documents.templatesDir);
    this.labels = loadWebLabels(join(dir, 'labels'));
    registerWebHelpers(this.hbs, this.labels, this.assets, config.timezone);
    for (const file of hbsFiles(join(dir, 'partials'))) {
      this.hbs.registerPartial(baseName(file), readFileSync(file, 'utf8'));
    }
    for (const file of hbsFiles(dir)) {
      const name = relative(dir, file).replace(/\.hbs$/, '');
      if (!name.startsWith('partials/')) this.templates.set(name, this.compile(file));
    }
    this.layout = this.templates.get('layout')!;
  }

  registerNav(item: NavItem): void {
    this.nav.push(item);
    this.nav.sort((a, b) => a.order - b.order);
  }

  /** A full page: the template in the layout. */
  page(res: Response, name: string, view: object, page: PageContext, status = 200): void {
    const body = this.template(name)({ ...view, page });
    const title = (view as { title?: string }).title ?? this.label(page.locale, titleKey(name));
    const html = this.layout({ body, title, page, nav: this.navFor(page), locale: page.locale });
    this.send(res, status, html);
  }

  /** A fragment for htmx: the template alone, no layout. */
  fragment(res: Response, name: string, view: object, page: PageContext, status = 200): void {
    this.send(res, status, this.template(name)({ ...view, page }));
  }

  /** Post → redirect → get: 303 to `location`, with a notice (a label key) shown there once. */
  async redirect(res: Response, page: PageContext, location: string, notice?: string) {
    if (notice && page.sessionId) await this.sessions.setFlash(page.sessionId, { notice });
    res.redirect(303, location);
  }

  async flashAndRedirect(res: Response, sessionId: string, flash: Flash, location: string) {
    await this.sessions.setFlash(sessionId, flash);
    res.redirect(303, location);
  }

  /** The same for an htmx request: htmx loads `location` as a whole page (HX-Redirect). */
  async flashAndHxRedirect(res: Response, sessionId: string, flash: Flash, location: string) {
    await this.sessions.setFlash(sessionId, flash);
    res.setHeader('HX-Redirect', location);
    res.status(200).end();
  }

  label(locale: WebLocale, key: string): string {
    const text = lookupLabel(this.labels.texts[locale], key);
    if (text === undefined) throw new Error(`Missing web label ${key}`);
    return text;
  }

  private navFor(page: PageContext) {
    const role = page.actor?.role;
    if (!role) return [];
    const path = page.path.split('?')[0];
    const items = this.nav.filter((item) => item.roles.includes(role));
    // The longest entry the path lies under is the current one (/console/projects/… is
    // "Projects", not also "Overview" at /console).
    const current = items
      .filter((item) => path === item.href || path.startsWith(`${item.href}/`))
      .sort((a, b) => b.href.length - a.href.length)[0];
    return items.map((item) => ({ ...item, current: item === current }));
  }

  private template(name: string): Template {
    const template = this.templates.get(name);
    if (!template) throw new Error(`Unknown page template ${name}`);
    return template;
  }

  private compile(file: string): Template {
    return this.hbs.compile(readFileSync(file, 'utf8'));
  }

  /**
   * Pages are never cached (`no-store`), so no ETag: Express's `send` would hash every page
   * and copy it into a Buffer first (about a tenth of a project page's server time).
   */
  private send(res: Response, status: number, html: string): void {
    res.status(status);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Length', Buffer.byteLength(html));
    res.end(html);
  }
}

function hbsFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.hbs'))
    .map((file) => join(dir, file))
    .sort();
}

const baseName = (file: string) => file.slice(file.lastIndexOf('/') + 1).replace(/\.hbs$/, '');
const titleKey = (name: string) => `${name.replace(/\//g, '.')}.title`;

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { SupportTicket } from '../src/support/ticket.entity.js';
import { expectStatus } from './support/expect-status.js';
import { insertProjects, insertSupportTime } from './support/bulk-rows.js';
import {
  configureCompany,
  createCustomer,
  createService,
  createTicket,
  createUser,
  type CreatedUser,
} from './support/factories.js';
import { postForm } from './support/finance.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

const CUSTOMERS = 150;
const MANY = 120;

/** An address as the browser reads it from an attribute (Handlebars escapes `=` and `&`). */
const unescape = (href: string) => href.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

/** The `rel="next"` link of a page, if it has one. */
const nextOf = (html: string) => {
  const match = /<a [^>]*href="([^"]+)"[^>]*rel="next"/.exec(html);
  return match ? unescape(match[1]) : null;
};

/**
 * No page offers only the first 100 rows: with 150 customers, 120 projects, tickets, articles
 * and time entries, the last of each can be chosen or reached — through the customer and project
 * pickers (searched without JavaScript, and their htmx fragments) and through every list's link
 * to its next page.
 */
describe('lists longer than a page', () => {
  let t: TestApp;
  let admin: string;
  let finance: CreatedUser;
  let financeCookie: string;
  let last: { id: string; number: string };
  let portalCustomer: { id: string; number: string };
  let customerUser: CreatedUser;
  let customerCookie: string;
  let projects: Array<{ id: string; number: string; title: string }>;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    await configureCompany(t);
    for (let i = 1; i <= CUSTOMERS; i++) {
      const customer = await createCustomer(t, {
        name: `Lang Kunde ${String(i).padStart(3, '0')} GmbH`,
      });
      if (i === CUSTOMERS) last = customer;
    }
    portalCustomer = await createCustomer(t, { name: 'Aaa Portal Kunde KG' });
    finance = await createUser(t, 'finance', { name: 'Fiona Finanz' });
    customerUser = await createUser(t, 'customer', {
      customerId: portalCustomer.id,
      name: 'Paula Portal',
    });
    projects = await insertProjects(t, {
      customerId: portalCustomer.id,
      createdBy: finance.id,
      count: MANY,
      prefix: 'LP',
      stage: 'in_progress',
      agreedNetCents: 50_000,
    });
    admin = await pageLogin(t, 'admin@example.com', 'admin-password-123');
    financeCookie = await pageLogin(t, finance.email, finance.password);
    customerCookie = await pageLogin(t, customerUser.email, customerUser.password);
  }, 300_000);
  afterAll(() => t?.close());

  /** Follows the `rel="next"` links from `path`; returns every page's HTML. */
  async function allPages(path: string, cookie: string): Promise<string[]> {
    const pages: string[] = [];
    for (let next: string | null = path; next; next = nextOf(pages.at(-1)!)) {
      pages.push(await getPage(t, next, cookie));
      if (pages.length > 20) throw new Error(`${path}: more than 20 pages`);
    }
    return pages;
  }

  it('the admin’s new user: the 150th customer is found, chosen, kept after a refusal and named', async () => {
    const users = '/console/admin/users';
    expect(await getPage(t, users, admin)).not.toContain(`value="${last.id}"`);
    const searched = await getPage(t, `${users}?customerQuery=${last.number}`, admin);
    expect(searched).toContain(
      `<option value="${last.id}" selected>Lang Kunde 150 GmbH (${last.number})</option>`,
    );

    const csrf = csrfOf(searched);
    const form = {
      name: 'Kai Kunde',
      role: 'customer',
      customerId: last.id,
      password: 'ein-langes-passwort-123',
    };
    const refused = await postForm(t, admin, csrf, users, { ...form, email: 'kein-mail' }, users);
    expectStatus(refused, 303);
    // The refused form comes back with its customer still chosen, though not among the first 50.
    expect(await getPage(t, users, admin)).toContain(`<option value="${last.id}" selected>`);

    const created = await postForm(t, admin, csrf, users, {
      ...form,
      email: 'kai@lang-kunde.example',
    });
    expectStatus(created, 303);
    const list = await getPage(t, users, admin);
    expect(list).toContain(`<a href="/console/customers/${last.id}">Lang Kunde 150 GmbH</a>`);
    const api = await t.http
      .get('/users')
      .query({ pageSize: 100 })
      .set(bearer(t.adminToken))
      .expect(200);
    const kai = (api.body.items as Array<{ email: string; customerId: string }>).find(
      (u) => u.email === 'kai@lang-kunde.example',
    );
    expect(kai?.customerId).toBe(last.id);
  });

  it('the invoice list’s and the queue’s customer filters answer a search without JavaScript', async () => {
    const invoices = await getPage(
      t,
      `/console/finance/invoices?customerQuery=${last.number}`,
      financeCookie,
    );
    expect(invoices).toContain(
      `<option value="${last.id}">Lang Kunde 150 GmbH (${last.number})</option>`,
    );
    const filtered = await getPage(
      t,
      `/console/finance/invoices?customerId=${last.id}`,
      financeCookie,
    );
    expect(filtered).toContain(`<option value="${last.id}" selected>`);
    const queue = await getPage(t, `/console/support?customerQuery=${last.number}`, financeCookie);
    expect(queue).toContain(
      `<option value="${last.id}">Lang Kunde 150 GmbH (${last.number})</option>`,
    );
    // The htmx fragment of a filter offers "any" first.
    const fragment = await t.http
      .get(
        `/console/customers/picker?picker=f-customer&field=customerId&empty=any&customerQuery=${last.number}`,
      )
      .set('Cookie', financeCookie)
      .set('HX-Request', 'true');
    expectStatus(fragment, 200);
    expect(fragment.text).toContain('<option value="">Alle Kunden</option>');
    expect(fragment.text).toContain(`<option value="${last.id}" selected>`);
  });

  it('the down payment’s project picker: 120 running projects, the oldest found by number', async () => {
    const oldest = projects[0];
    const page = await getPage(t, '/console/finance/drafts/new', financeCookie);
    expect(page).not.toContain(`value="${oldest.id}"`);
    expect(page).toContain('50 Projekte zur Auswahl. Weitere passen: bitte die Suche eingrenzen.');

    const searched = await getPage(
      t,
      `/console/finance/drafts/new?projectQuery=${oldest.number}`,
      financeCookie,
    );
    expect(searched).toContain(
      `<option value="${oldest.id}" selected>${oldest.number} ${oldest.title} (500,00`,
    );

    const picker = (query: string) =>
      t.http
        .get(`/console/projects/picker?picker=dp-project&field=projectId&required=1&${query}`)
        .set('Cookie', financeCookie)
        .set('HX-Request', 'true');
    const byTitle = await picker(
      `only=down_payment&projectQuery=${encodeURIComponent(oldest.title)}`,
    );
    expectStatus(byTitle, 200);
    expect(byTitle.text).toMatch(/^<div id="dp-project-select"/);
    expect(byTitle.text).toContain(`<option value="${oldest.id}" selected>`);
    expect(byTitle.text).toContain('Ein Projekt zur Auswahl.');
    // Running, not accepted: no final invoice yet.
    const final = await picker(`only=final&projectQuery=${oldest.number}`);
    expect(final.text).toContain('Kein Projekt passt zur Suche.');
    expectStatus(await picker('only=everything'), 400);

    // A refused form comes back with its project still chosen, though not among the newest 50.
    const refused = await postForm(
      t,
      financeCookie,
      csrfOf(searched),
      '/console/finance/drafts/down-payment',
      { projectId: oldest.id, percent: 'dreißig' },
      '/console/finance/drafts/new',
    );
    expectStatus(refused, 303);
    expect(refused.headers.location).toBe('/console/finance/drafts/new');
    const back = await getPage(t, '/console/finance/drafts/new', financeCookie);
    expect(back).toContain(`<option value="${oldest.id}" selected>`);
  });

  it('the portal: every one of 120 projects is reached through the next-page links', async () => {
    const pages = await allPages('/portal', customerCookie);
    expect(pages).toHaveLength(6);
    const shown = pages.flatMap((html) =>
      [...html.matchAll(/data-testid="project-(LP-\d+)"/g)].map((m) => m[1]),
    );
    expect(shown).toHaveLength(MANY);
    expect(new Set(shown).size).toBe(MANY);
    expect(shown.at(-1)).toBe('LP-001');
    expect(pages.at(-1)).toContain('href="/portal"');

    const documents = await getPage(t, '/portal/documents', customerCookie);
    const more = nextOf(documents);
    expect(more).toMatch(/^\/portal\/documents\?projectsAfter=[A-Za-z0-9_-]+#docs$/);
    expect(await getPage(t, more!, customerCookie)).toContain('href="/portal/documents"');
  });

  it('the console’s project list of a customer reaches the oldest of 120', async () => {
    const pages = await allPages(
      `/console/projects?customerId=${portalCustomer.id}`,
      financeCookie,
    );
    expect(pages).toHaveLength(3);
    expect(pages[0]).not.toContain(`>${projects[0].number}</a>`);
    expect(pages.at(-1)).toContain(`>${projects[0].number}</a>`);
    expect(pages.at(-1)).toContain(`href="/console/projects?customerId&#x3D;${portalCustomer.id}"`);
  });

  it('the customer’s tickets in the portal and the staff’s closed list reach the first of 120', async () => {
    const tickets: Array<{ id: string; number: string }> = [];
    for (let i = 1; i <= MANY; i++) {
      tickets.push(
        await createTicket(t, portalCustomer.id, {
          title: `Anfrage ${String(i).padStart(3, '0')}`,
        }),
      );
    }
    const portal = await allPages('/portal/support', customerCookie);
    expect(portal.length).toBeGreaterThan(1);
    expect(portal[0]).not.toContain(`/portal/support/tickets/${tickets[0].id}"`);
    expect(portal.at(-1)).toContain(`/portal/support/tickets/${tickets[0].id}"`);
    const listed = portal.flatMap((html) =>
      [...html.matchAll(/href="\/portal\/support\/tickets\/([0-9a-f-]{36})"/g)].map((m) => m[1]),
    );
    expect(new Set(listed).size).toBe(MANY);

    await t.app
      .get(DataSource)
      .createQueryBuilder()
      .update(SupportTicket)
      .set({ status: 'closed' })
      .where('customerId = :customerId', { customerId: portalCustomer.id })
      .execute();
    const closed = await allPages(
      `/console/support?status=closed&customerId=${portalCustomer.id}`,
      financeCookie,
    );
    expect(closed).toHaveLength(3);
    expect(closed[0]).not.toContain(`>${tickets[0].number}</a>`);
    expect(closed.at(-1)).toContain(`>${tickets[0].number}</a>`);
  });

  it('the knowledge base, staff’s and customers’, reaches the last of 120 articles', async () => {
    for (let i = 1; i <= MANY; i++) {
      await t.http
        .post('/support/articles')
        .set(bearer(t.adminToken))
        .send({
          title: `Artikel ${String(i).padStart(3, '0')}`,
          body: 'Text',
          visibility: 'public',
        })
        .expect(201);
    }
    for (const [path, cookie] of [
      ['/console/support/articles', financeCookie],
      ['/portal/support/articles', customerCookie],
    ] as const) {
      const pages = await allPages(path, cookie);
      expect(pages).toHaveLength(3);
      expect(pages[0]).not.toContain('Artikel 120');
      expect(pages.at(-1)).toContain('Artikel 120');
      expect(pages.at(-1)).toContain(`href="${path}?page=2"`);
    }
  });

  it('a ticket’s 120 time entries: the page shows 100 and links to the rest', async () => {
    const ticket = await createTicket(t, last.id, { title: 'Lange Analyse' });
    const service = await createService(t);
    await insertSupportTime(t, {
      ticketId: ticket.id,
      customerId: last.id,
      userId: finance.id,
      serviceId: service.id,
      count: MANY,
      from: new Date('2026-01-05T08:00:00Z'),
    });
    const pages = await allPages(`/console/support/tickets/${ticket.id}`, financeCookie);
    expect(pages).toHaveLength(2);
    const entries = pages.map((html) => html.match(/data-testid="entry"/g)?.length ?? 0);
    expect(entries).toEqual([100, 20]);
    expect(pages[0]).toContain('Eintrag 100');
    expect(pages[1]).toContain('Eintrag 120');
    expect(pages[1]).not.toContain('Eintrag 100<');
  });
});

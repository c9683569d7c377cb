import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { binary, solutionSentForSignoff } from './support/signoff.js';
import { createCustomer, createUser, offsetDays, type CreatedUser } from './support/factories.js';
import {
  acceptedProject,
  projectClient,
  projectWorld,
  readyForReview,
  type ProjectWorld,
} from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

const decode = (html: string) =>
  html
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

describe('customer portal pages', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let customer: string;
  let stranger: string;
  let strangerUser: CreatedUser;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    customer = await pageLogin(t, world.customerUser.email, world.customerUser.password);
    const other = await createCustomer(t, { name: 'Andere GmbH' });
    strangerUser = await createUser(t, 'customer', { customerId: other.id, name: 'Eva Fremd' });
    stranger = await pageLogin(t, strangerUser.email, strangerUser.password);
  });
  afterAll(() => t.close());

  const api = (id: string) =>
    t.http.get(`/projects/${id}`).set(bearer(world.consultant.token)).expect(200);

  /** POSTs a portal form with the page's CSRF token; returns the redirect target. */
  async function submit(path: string, form: Record<string, unknown>, from: string) {
    const html = await getPage(t, from, customer);
    const response = await t.http
      .post(path)
      .set('Cookie', customer)
      .set('Host', 'portal.test')
      .set('Referer', `http://portal.test${from}`)
      .type('form')
      .send({ _csrf: csrfOf(html), ...form });
    expect(response.status).toBe(303);
    return response.headers.location;
  }

  async function inReview() {
    const { id, p } = await readyForReview(t, world);
    await p.post(
      world.consultant.token,
      '/items',
      {
        version: p.version,
        title: 'Schulung',
        quantity: '2',
        unit: 'hour',
        serviceRateId: world.serviceRateId,
        optional: true,
      },
      201,
    );
    await p.post(world.consultant.token, '/send');
    return { id, p };
  }

  it('lists my projects with the stage in plain words and what waits on me; nothing of others', async () => {
    const { id } = await inReview();
    const html = decode(await getPage(t, '/portal', customer));
    expect(html).toContain('Meine Projekte');
    expect(html).toContain('Migration des Mailservers');
    expect(html).toContain('Ihr Lösungsvorschlag wartet auf Ihre Freigabe');
    expect(html).toContain('Lösungsvorschlag freigeben oder Änderungen erbitten');
    expect(html).toContain(`/portal/projects/${id}`);

    const theirs = await getPage(t, '/portal', stranger);
    expect(theirs).not.toContain(id);
    expect(theirs).toContain('Noch keine Projekte.');
  });

  it("answers 404 for another customer's project, document and invoice, and 403 to staff", async () => {
    const { id } = await inReview();
    const documents = await t.http
      .get(`/projects/${id}/documents`)
      .set(bearer(world.consultant.token))
      .expect(200);
    const documentId = documents.body.items[0].id as string;
    for (const path of [
      `/portal/projects/${id}`,
      `/portal/documents/${documentId}`,
      `/portal/documents/${documentId}/pdf`,
    ]) {
      const response = await t.http.get(path).set('Cookie', stranger);
      expect(response.status).toBe(404);
    }
    const consultant = await pageLogin(t, world.consultant.email, world.consultant.password);
    expect((await t.http.get('/portal').set('Cookie', consultant)).status).toBe(403);
    expect((await t.http.get(`/portal/projects/${id}`)).status).toBe(303);
  });

  it('refuses a decision on another customer’s project with 404 and changes nothing', async () => {
    const { id } = await inReview();
    const html = await getPage(t, '/portal', stranger);
    const response = await t.http
      .post(`/portal/projects/${id}/request-changes`)
      .set('Cookie', stranger)
      .type('form')
      .send({ _csrf: csrfOf(html), version: '1', revision: '1', comment: 'Nicht meins' });
    expect(response.status).toBe(404);
    expect((await api(id)).body.stage).toBe('in_review');
  });

  it('requests changes, then shows what changed in revision 2 and approves with an option', async () => {
    const { id, p } = await inReview();
    const page = `/portal/projects/${id}`;
    const first = decode(await getPage(t, page, customer));
    expect(first).toContain('Ihr Lösungsvorschlag, Version 1');
    expect(first).not.toContain('Was sich seit Version');
    const version = (await api(id)).body.version as number;

    expect(
      await submit(
        `${page}/request-changes`,
        { version, revision: 1, comment: 'Bitte auch die Archivierung' },
        page,
      ),
    ).toBe(page);
    expect((await api(id)).body.stage).toBe('solution');

    const staff = world.consultant.token;
    await p.read(staff);
    await p.post(
      staff,
      '/requirements',
      {
        version: p.version,
        text: 'Alte Mails werden archiviert',
        priority: 'should',
        acceptanceCriterion: 'Archiv durchsuchbar',
        solution: 'Archivierung mit Exchange Online Archiving',
      },
      201,
    );
    await p.post(staff, '/send');

    const second = decode(await getPage(t, page, customer));
    expect(second).toContain('Was sich seit Version 1 geändert hat');
    expect(second).toContain('Neue Anforderungen');
    expect(second).toContain('Alte Mails werden archiviert');
    const project = (await api(id)).body;
    const option = project.items.find((i: { optional: boolean }) => i.optional);

    // The typed name must be the account's, and consent is required: refused, nothing changes.
    const back = await submit(
      `${page}/approve`,
      {
        version: project.version,
        revision: 2,
        signerName: 'Jemand Anderes',
        consent: 'on',
        optionalItemIds: option.id,
      },
      page,
    );
    expect(back).toBe(page);
    const refused = decode(await getPage(t, page, customer));
    expect(refused).toContain('Bitte prüfen Sie die markierten Felder.');
    expect(refused).toContain('type your name as in your account: Jörg Schäfer');
    expect((await api(id)).body.stage).toBe('in_review');
    await submit(
      `${page}/approve`,
      { version: project.version, revision: 2, signerName: 'Jörg Schäfer' },
      page,
    );
    expect((await api(id)).body.stage).toBe('in_review');

    await submit(
      `${page}/approve`,
      {
        version: project.version,
        revision: 2,
        signerName: 'jörg  schäfer',
        consent: 'on',
        optionalItemIds: option.id,
      },
      page,
    );
    const approved = (await api(id)).body;
    expect(approved.stage).toBe('approved');
    expect(approved.approval).toMatchObject({
      revision: 2,
      approvedBy: 'Jörg Schäfer',
      method: 'portal',
      chosenOptionalItemIds: [option.id],
    });
    const done = decode(await getPage(t, page, customer));
    expect(done).toContain('Vielen Dank – Ihre Freigabe ist eingegangen.');
    expect(done).toContain('Freigegeben – wir planen die Umsetzung');
  });

  it('shows what changed since the version the customer saw last, skipping one they never saw', async () => {
    const { id, p } = await inReview();
    const page = `/portal/projects/${id}`;
    await getPage(t, page, customer); // sees version 1
    const staff = world.consultant.token;
    const revise = async (text: string) => {
      await p.read(staff);
      await p.post(staff, '/withdraw', { version: p.version, reason: 'Nachbesserung' });
      await p.read(staff);
      await p.post(
        staff,
        '/requirements',
        {
          version: p.version,
          text,
          priority: 'must',
          acceptanceCriterion: 'geprüft',
          solution: 'so',
        },
        201,
      );
      await p.post(staff, '/send');
    };
    await revise('Anforderung aus Version 2');
    await revise('Anforderung aus Version 3');

    const html = decode(await getPage(t, page, customer));
    expect(html).toContain('Ihr Lösungsvorschlag, Version 3');
    expect(html).toContain('Was sich seit Version 1 geändert hat');
    expect(html).toContain('Anforderung aus Version 2');
    expect(html).toContain('Anforderung aus Version 3');
    // Another customer user who never opened the project reads it against the version before.
    const colleague = await createUser(t, 'customer', {
      customerId: world.customerId,
      name: 'Jana Schäfer',
    });
    const theirs = decode(
      await getPage(t, page, await pageLogin(t, colleague.email, colleague.password)),
    );
    expect(theirs).toContain('Was sich seit Version 2 geändert hat');
  });

  it('decides a revision sent for sign-off through its request, which keeps the evidence', async () => {
    const { projectId: id, document } = await solutionSentForSignoff(t, world);
    const [request] = (
      await t.http.get('/portal/signoffs').set(bearer(world.customerUser.token)).expect(200)
    ).body;
    const home = decode(await getPage(t, '/portal', customer));
    expect(home).toContain('Offene Freigaben');
    expect(home).toContain(`href="/portal/projects/${id}">Jetzt entscheiden`);

    const page = `/portal/projects/${id}`;
    const version = (await api(id)).body.version as number;
    await submit(
      `${page}/approve`,
      { version, revision: 1, signerName: 'Jörg Schäfer', consent: 'on' },
      page,
    );
    const project = (await api(id)).body;
    expect(project.stage).toBe('approved');
    expect(project.approval).toMatchObject({ approvedBy: 'Jörg Schäfer', method: 'sign_off' });
    const signoff = await t.http
      .get(`/signoffs/${request.id}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(signoff.body).toMatchObject({ status: 'decided', decision: 'approved' });
    expect(signoff.body.evidence).toMatchObject({
      via: 'portal',
      signerName: 'Jörg Schäfer',
      documentSha256: document.sha256,
    });
    expect(signoff.body.evidence.ipAddress).not.toBe('');
    expect(signoff.body.evidence.signedDocumentId).toEqual(expect.any(String));
    expect(await getPage(t, '/portal', customer)).not.toContain('Offene Freigaben');
  });

  it('shows a decision in the wrong stage as a message and changes nothing', async () => {
    const { id } = await inReview();
    const page = `/portal/projects/${id}`;
    const version = (await api(id)).body.version as number;
    await submit(
      `${page}/approve`,
      { version, revision: 1, signerName: 'Jörg Schäfer', consent: 'on' },
      page,
    );
    const before = (await api(id)).body;
    expect(before.stage).toBe('approved');

    // The same form again (a second tab): the project no longer waits for approval.
    await submit(
      `${page}/request-changes`,
      { version: before.version, revision: 1, comment: 'Doch noch etwas' },
      page,
    );
    const html = decode(await getPage(t, page, customer));
    expect(html).toContain('Das ist in diesem Stand des Projekts nicht (mehr) möglich.');
    const after = (await api(id)).body;
    expect(after.stage).toBe('approved');
    expect(after.version).toBe(before.version);

    await submit(
      `${page}/accept`,
      { version: after.version, signerName: 'Jörg Schäfer', consent: 'on' },
      page,
    );
    expect(decode(await getPage(t, page, customer))).toContain(
      'Das ist in diesem Stand des Projekts nicht (mehr) möglich.',
    );
    expect((await api(id)).body.stage).toBe('approved');
  });

  it('rejects the acceptance with defects, then accepts', async () => {
    const { id, p } = await readyForReview(t, world);
    const staff = world.consultant.token;
    await p.post(staff, '/send');
    await p.post(world.customerUser.token, '/approve', {});
    await p.post(staff, '/schedule', { completionDate: offsetDays(60) });
    await p.post(staff, '/start-work');
    await p.post(staff, '/submit-qa');
    const passAll = async () => {
      const rounds = (await t.http.get(`/projects/${id}/qa-rounds`).set(bearer(staff)).expect(200))
        .body as Array<{ checks: Array<{ id: string; result: string | null }> }>;
      for (const check of rounds.at(-1)!.checks) {
        await t.http
          .put(`/projects/${id}/qa-checks/${check.id}`)
          .set(bearer(staff))
          .send({ result: 'passed' })
          .expect(200);
      }
      await p.post(staff, '/complete-qa');
    };
    await passAll();
    const page = `/portal/projects/${id}`;
    const html = decode(await getPage(t, page, customer));
    expect(html).toContain('Ihr Projekt wartet auf Ihre Abnahme');
    let version = (await api(id)).body.version as number;
    await submit(
      `${page}/reject`,
      { version, defects: 'Postfach Buchhaltung fehlt\n\nKalender leer', comment: '' },
      page,
    );
    const acceptances = await t.http
      .get(`/projects/${id}/acceptances`)
      .set(bearer(staff))
      .expect(200);
    expect(acceptances.body[0]).toMatchObject({
      decision: 'rejected',
      defects: [
        { title: 'Postfach Buchhaltung fehlt', description: null },
        { title: 'Kalender leer', description: null },
      ],
    });
    const after = decode(await getPage(t, page, customer));
    expect(after).toContain('Die Mängel sind bei uns angekommen');
    expect(after).toContain('Postfach Buchhaltung fehlt');

    await p.read(staff);
    await p.post(staff, '/submit-qa');
    await passAll();
    version = (await api(id)).body.version as number;
    await submit(`${page}/accept`, { version, signerName: 'Jörg Schäfer', consent: 'on' }, page);
    expect((await api(id)).body.stage).toBe('accepted');
  });

  it('approves one change request and rejects another', async () => {
    const { id, p } = await readyForReview(t, world);
    const staff = world.consultant.token;
    await p.post(staff, '/send');
    await p.post(world.customerUser.token, '/approve', {});
    await p.post(staff, '/schedule', { completionDate: offsetDays(60) });
    await p.post(staff, '/start-work');
    const crIds: string[] = [];
    for (const title of ['Zusätzlicher Drucker', 'Zweiter Standort']) {
      const cr = await t.http
        .post(`/projects/${id}/change-requests`)
        .set(bearer(staff))
        .send({
          title,
          description: 'Beschreibung',
          lines: [{ title, quantity: '1', unit: 'flat', unitPriceCents: 15_000 }],
        })
        .expect(201);
      await t.http
        .post(`/projects/${id}/change-requests/${cr.body.id}/send`)
        .set(bearer(staff))
        .expect(200);
      crIds.push(cr.body.id);
    }
    const page = `/portal/projects/${id}`;
    const html = decode(await getPage(t, page, customer));
    expect(html).toContain('Nachtrag 1: Zusätzlicher Drucker');
    expect(decode(await getPage(t, '/portal', customer))).toContain(
      'Nachtrag annehmen oder ablehnen',
    );
    await submit(
      `${page}/change-requests/${crIds[0]}/approve`,
      { signerName: 'Jörg Schäfer', consent: 'on' },
      page,
    );
    await submit(`${page}/change-requests/${crIds[1]}/reject`, { comment: 'Nicht nötig' }, page);
    const list = await t.http.get(`/projects/${id}/change-requests`).set(bearer(staff)).expect(200);
    expect(list.body.map((cr: { status: string }) => cr.status)).toEqual(['approved', 'rejected']);
    // Deciding again: shown as a message, nothing changes.
    await submit(`${page}/change-requests/${crIds[1]}/reject`, { comment: 'Nochmal' }, page);
    expect(decode(await getPage(t, page, customer))).toContain(
      'Über diesen Nachtrag ist bereits entschieden.',
    );
  });

  it('lists documents and invoices with payment status; PDF and XML download; none of others', async () => {
    const { id: projectId } = await acceptedProject(t, world, { hours: '10' });
    const finance = world.finance.token;
    const draft = await t.http
      .post(`/projects/${projectId}/invoices/final`)
      .set(bearer(finance))
      .send({})
      .expect(201);
    const invoice = await t.http
      .post(`/invoices/${draft.body.id}/issue`)
      .set(bearer(finance))
      .send({})
      .expect(200);
    const html = decode(await getPage(t, '/portal/documents', customer));
    expect(html).toContain('Dokumente & Rechnungen');
    expect(html).toContain('Abnahmeprotokoll');
    expect(html).toContain(invoice.body.number);
    expect(html).toContain('offen');
    expect(html).toContain(`/portal/invoices/${invoice.body.id}/xml`);

    const pdf = await t.http
      .get(`/portal/invoices/${invoice.body.id}/pdf`)
      .set('Cookie', customer)
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect((pdf.body as Buffer).subarray(0, 5).toString()).toBe('%PDF-');
    const xml = await t.http
      .get(`/portal/invoices/${invoice.body.id}/xml`)
      .set('Cookie', customer)
      .expect(200);
    expect(xml.text).toContain('CrossIndustryInvoice');
    for (const path of [
      `/portal/invoices/${invoice.body.id}/pdf`,
      `/portal/invoices/${invoice.body.id}/xml`,
    ]) {
      expect((await t.http.get(path).set('Cookie', stranger)).status).toBe(404);
    }
    const theirs = await getPage(t, '/portal/documents', stranger);
    expect(theirs).not.toContain(invoice.body.id);

    const documentId = /\/portal\/documents\/([0-9a-f-]{36})"/.exec(html)![1];
    const viewer = await getPage(t, `/portal/documents/${documentId}`, customer);
    expect(viewer).toContain(`data-src="/portal/documents/${documentId}/pdf"`);
    expect(viewer).toMatch(/data-pdfjs="\/static\/[0-9a-f]{16}\/pdf\.min\.mjs"/);
    const worker = /data-worker="([^"]+)"/.exec(viewer)![1];
    const asset = await t.http.get(worker).expect(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/text\/javascript/);
  });

  it('shows user text inert: script tags and attribute breakers are escaped', async () => {
    const payload = '<script>alert(1)</script>"onmouseover="alert(2)';
    const created = await t.http
      .post('/projects')
      .set(bearer(world.consultant.token))
      .send({ customerId: world.customerId, title: `Titel ${payload}` })
      .expect(201);
    const id = created.body.id as string;
    const p = projectClient(t, id);
    const staff = world.consultant.token;
    await p.read(staff);
    await p.patch(staff, '', { background: payload, goals: payload });
    await p.post(
      staff,
      '/requirements',
      {
        version: p.version,
        text: payload,
        priority: 'must',
        acceptanceCriterion: payload,
        solution: payload,
      },
      201,
    );
    await p.post(staff, '/start-solution');
    await p.post(
      staff,
      '/items',
      { version: p.version, title: payload, quantity: '1', unit: 'flat', unitPriceCents: 100 },
      201,
    );
    await p.post(
      staff,
      '/items',
      {
        version: p.version,
        title: `Option ${payload}`,
        quantity: '1',
        unit: 'flat',
        unitPriceCents: 100,
        optional: true,
      },
      201,
    );
    await p.patch(staff, '', { validUntil: offsetDays(30) });
    await p.post(staff, '/send');
    for (const path of ['/portal', `/portal/projects/${id}`, '/portal/documents']) {
      const html = await getPage(t, path, customer);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('"onmouseover="');
    }
    const page = await getPage(t, `/portal/projects/${id}`, customer);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('speaks English to a customer user whose customer writes English', async () => {
    const english = await createCustomer(t, { name: 'Acme Ltd', language: 'en' });
    const user = await createUser(t, 'customer', { customerId: english.id, name: 'Ann Smith' });
    const created = await t.http
      .post('/projects')
      .set(bearer(world.consultant.token))
      .send({ customerId: english.id, title: 'Website relaunch' })
      .expect(201);
    const cookie = await pageLogin(t, user.email, user.password);
    const html = await getPage(t, '/portal', cookie);
    expect(html).toContain('My projects');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('We are working out the concept with you');
    const project = await getPage(t, `/portal/projects/${created.body.id}`, cookie);
    expect(project).toContain('Status');
    expect(project).toContain('not scheduled yet');
  });
});

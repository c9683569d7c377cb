import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectStatus } from './support/expect-status.js';
import { createContract, createCustomer, createUser, offsetDays } from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

/*
 * The customer forms: a new customer, its edit form, contacts and contracts on the customer
 * page. Each goes through the same services as the API; the API's state is the proof.
 */
describe('customer forms', () => {
  let t: TestApp;
  let consultant: string;
  let finance: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    const c = await createUser(t, 'consultant');
    const f = await createUser(t, 'finance');
    consultant = await pageLogin(t, c.email, c.password);
    finance = await pageLogin(t, f.email, f.password);
  });
  afterAll(() => t.close());

  /** Posts a form as the browser does (from the page at `from`, its CSRF token): 303. */
  const post = async (
    cookie: string,
    from: string,
    action: string,
    form: Record<string, unknown>,
  ) => {
    const csrf = csrfOf(await getPage(t, from, cookie));
    const response = await t.http
      .post(action)
      .set('Cookie', cookie)
      .set('Host', '127.0.0.1')
      .set('Referer', `http://127.0.0.1${from}`)
      .type('form')
      .send({ ...form, _csrf: csrf });
    expectStatus(response, 303);
    return response;
  };
  const api = async (id: string) =>
    (await t.http.get(`/customers/${id}`).set(bearer(t.adminToken)).expect(200)).body;
  /** One form of a page: from its action to its end. */
  const formOf = (html: string, action: string) => {
    const start = html.indexOf(`action="${action}"`);
    expect(start).toBeGreaterThan(-1);
    return html.slice(start, html.indexOf('</form>', start));
  };
  /** Covered-hours rows as the form names its fields: `hours[0][open]`. */
  const hourRows = (...rows: Array<[string, string, string]>) =>
    Object.fromEntries(
      rows.flatMap(([weekday, open, close], i) => [
        [`hours[${i}][weekday]`, weekday],
        [`hours[${i}][open]`, open],
        [`hours[${i}][close]`, close],
      ]),
    );
  const newCustomer = {
    name: 'Bäckerei Krume & Söhne',
    street: 'Mühlenweg 3',
    postalCode: '04109',
    city: 'Leipzig',
    countryCode: 'DE',
    language: 'en',
    email: 'info@krume.example',
    invoiceEmail: '',
    phone: '+49 341 1234',
    vatId: 'DE123456789',
    buyerReference: '',
    notes: 'liefert montags',
  };

  it('creates a customer from the new-customer form and shows it', async () => {
    const list = await getPage(t, '/console/customers', consultant);
    expect(list).toContain('href="/console/customers/new"');
    const form = await getPage(t, '/console/customers/new', consultant);
    // The API's defaults are the form's: Germany, German.
    expect(form).toMatch(/id="cu-countryCode"[^>]*value="DE"/);
    expect(form).toContain('<option value="de" selected>');

    const created = await post(consultant, '/console/customers/new', '/console/customers/new', {
      ...newCustomer,
    });
    const id = /\/console\/customers\/([0-9a-f-]{36})$/.exec(created.headers.location)![1];
    const customer = await api(id);
    expect(customer).toMatchObject({
      name: 'Bäckerei Krume & Söhne',
      city: 'Leipzig',
      language: 'en',
      vatId: 'DE123456789',
      phone: '+49 341 1234',
      notes: 'liefert montags',
      invoiceEmail: null,
      buyerReference: null,
      active: true,
    });
    const page = await getPage(t, created.headers.location, consultant);
    expect(page).toContain('Der Kunde ist angelegt.');
    expect(page).toContain('Bäckerei Krume &amp; Söhne');
    expect(page).toContain(`href="/console/customers/${id}/edit"`);
  });

  it('refuses bad input at its fields, keeps what was typed and writes nothing', async () => {
    const before = await t.http.get('/customers?pageSize=100').set(bearer(t.adminToken));
    const refused = await post(consultant, '/console/customers/new', '/console/customers/new', {
      ...newCustomer,
      name: 'Nie angelegt <GmbH>',
      vatId: '123',
      email: 'kein-mail',
      countryCode: 'Deutschland',
    });
    expect(refused.headers.location).toBe('/console/customers/new');
    const html = await getPage(t, refused.headers.location, consultant);
    expect(html).toMatch(/id="cu-name"[^>]*value="Nie angelegt &lt;GmbH&gt;"/);
    expect(html).toMatch(/id="cu-vatId"[^>]*value="123"/);
    expect(html).toContain('id="vatId-error">Eine USt-IdNr. sieht aus wie DE123456789.');
    expect(html).toContain('id="email-error">Bitte eine gültige E-Mail-Adresse eingeben.');
    expect(html).toContain('id="countryCode-error">Bitte ein Länderkürzel wie DE eingeben.');
    expect(html).toMatch(/id="cu-email"[^>]*aria-invalid="true"/);
    const after = await t.http.get('/customers?pageSize=100').set(bearer(t.adminToken));
    expect(after.body.total).toBe(before.body.total);
  });

  it('edits a customer; an emptied field is cleared', async () => {
    const customer = await createCustomer(t, {
      name: 'Alt & Neu KG',
      phone: '030 111',
      vatId: 'DE987654321',
      notes: 'alte Notiz',
      buyerReference: '991-12345-67',
    });
    const edit = `/console/customers/${customer.id}/edit`;
    const form = await getPage(t, edit, consultant);
    expect(form).toMatch(/id="cu-phone"[^>]*value="030 111"/);
    expect(form).toContain('name="version" value="1"');

    await post(consultant, edit, edit, {
      name: 'Alt & Neu KG',
      street: 'Lindenstraße 12',
      postalCode: '10969',
      city: 'Potsdam',
      countryCode: 'DE',
      language: 'de',
      email: '',
      invoiceEmail: 'rechnung@altneu.example',
      phone: '',
      vatId: '',
      buyerReference: '991-12345-67',
      notes: '',
      active: ['off', 'on'],
      version: '1',
    });
    const after = await api(customer.id);
    expect(after).toMatchObject({
      city: 'Potsdam',
      invoiceEmail: 'rechnung@altneu.example',
      phone: null,
      vatId: null,
      notes: null,
      buyerReference: '991-12345-67',
      active: true,
      version: 2,
    });
  });

  it('shows "changed by someone else" when the customer changed since the form was read', async () => {
    const customer = await createCustomer(t, { name: 'Konflikt GmbH' });
    const edit = `/console/customers/${customer.id}/edit`;
    const stale = await getPage(t, edit, consultant);
    // Someone else saves first (through the API).
    await t.http
      .patch(`/customers/${customer.id}`)
      .set(bearer(t.adminToken))
      .send({ city: 'Hamburg', version: 1 })
      .expect(200);
    const refused = await t.http
      .post(edit)
      .set('Cookie', consultant)
      .set('Host', '127.0.0.1')
      .set('Referer', `http://127.0.0.1${edit}`)
      .type('form')
      .send({
        _csrf: csrfOf(stale),
        name: 'Konflikt GmbH',
        street: 'Lindenstraße 12',
        postalCode: '10969',
        city: 'München',
        countryCode: 'DE',
        language: 'de',
        active: 'off',
        version: '1',
      })
      .expect(303);
    const html = await getPage(t, refused.headers.location, consultant);
    expect(html).toContain(
      'Jemand anderes hat diesen Kunden inzwischen geändert — bitte die Seite neu laden.',
    );
    // What was typed stays in the form; nothing was written.
    expect(html).toMatch(/id="cu-city"[^>]*value="München"/);
    // The box was sent unticked: it stays unticked, though the stored customer is active.
    expect(html).toContain('<input type="checkbox" name="active"> ');
    const after = await api(customer.id);
    expect(after).toMatchObject({ city: 'Hamburg', active: true, version: 2 });
  });

  it('adds and edits contacts on the customer page; an emptied phone is cleared', async () => {
    const customer = await createCustomer(t, { name: 'Kontakt AG', contacts: [] });
    const show = `/console/customers/${customer.id}`;
    await post(consultant, show, `${show}/contacts`, {
      _form: 'contact',
      name: 'Eva Müller',
      email: 'Eva@Kontakt.example',
      phone: '0170 1',
      position: 'IT-Leitung',
      salutation: 'ms',
      isSignatory: 'on',
    });
    let contacts = (await api(customer.id)).contacts;
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({
      name: 'Eva Müller',
      email: 'eva@kontakt.example',
      phone: '0170 1',
      salutation: 'ms',
      isSignatory: true,
    });
    const eva = contacts[0];

    // A refused contact edit opens its own form with the error; the others stay folded.
    const refused = await post(consultant, show, `${show}/contacts/${eva.id}`, {
      _form: `contact-${eva.id}`,
      name: 'Eva Müller',
      email: 'nicht-gültig',
      phone: '',
      position: '',
      salutation: '',
      isSignatory: 'off',
      active: ['off', 'on'],
      version: String(eva.version),
    });
    let html = await getPage(t, refused.headers.location, consultant);
    const opened = html.indexOf('<details class="edit" open>');
    expect(html.slice(opened, opened + 400)).toContain(`${show}/contacts/${eva.id}"`);
    expect(html.split('<details class="edit" open>')).toHaveLength(2);
    expect(html).toMatch(new RegExp(`id="contact-${eva.id}-email"[^>]*value="nicht-gültig"`));
    expect(html).toContain('Bitte eine gültige E-Mail-Adresse eingeben.');
    expect(formOf(html, `${show}/contacts`)).not.toContain('nicht-gültig');
    // Eva signs today; the refused form was sent with the box unticked, and shows it so.
    const evaForm = formOf(html, `${show}/contacts/${eva.id}`);
    expect(evaForm).toContain('<input type="checkbox" name="isSignatory"> ');
    expect(evaForm).toContain('<input type="checkbox" name="active" checked> ');

    await post(consultant, show, `${show}/contacts/${eva.id}`, {
      _form: `contact-${eva.id}`,
      name: 'Eva Schmidt',
      email: 'eva@kontakt.example',
      phone: '',
      position: '',
      salutation: '',
      isSignatory: 'off',
      active: ['off', 'on'],
      version: String(eva.version),
    });
    contacts = (await api(customer.id)).contacts;
    expect(contacts[0]).toMatchObject({
      name: 'Eva Schmidt',
      phone: null,
      position: null,
      salutation: null,
      isSignatory: false,
      active: true,
    });
    html = await getPage(t, show, consultant);
    expect(html).toContain('Eva Schmidt');
  });

  it('lets finance add, edit and end contracts, with covered hours', async () => {
    const customer = await createCustomer(t, { name: 'Vertrag GmbH' });
    const show = `/console/customers/${customer.id}`;
    const html = await getPage(t, show, finance);
    expect(html).toContain(`action="${show}/contracts"`);
    const start = offsetDays(-30);

    await post(finance, show, `${show}/contracts`, {
      _form: 'contract',
      kind: 'service',
      reference: 'SV-1',
      startDate: start,
      endDate: '',
      signedOn: '',
      terms: '',
      ...hourRows(['1', '08:00', '17:00'], ['2', '', ''], ['6', '09:00', '12:00']),
    });
    let [contract] = (await api(customer.id)).contracts;
    expect(contract).toMatchObject({
      kind: 'service',
      reference: 'SV-1',
      startDate: start,
      endDate: null,
      coveredHours: [
        { weekday: 1, open: '08:00', close: '17:00' },
        { weekday: 6, open: '09:00', close: '12:00' },
      ],
    });

    // A slot that closes before it opens is the service's refusal, shown at the hours.
    const refused = await post(finance, show, `${show}/contracts/${contract.id}`, {
      _form: `contract-${contract.id}`,
      reference: 'SV-1',
      startDate: start,
      endDate: '',
      signedOn: '',
      terms: '',
      ...hourRows(['1', '17:00', '08:00']),
      version: String(contract.version),
    });
    const page = await getPage(t, refused.headers.location, finance);
    expect(page).toContain('Jede Zeile muss öffnen, bevor sie schließt.');
    expect(page).toMatch(new RegExp(`id="contract-${contract.id}-hours-0-open"[^>]*value="17:00"`));

    // Emptied: no reference, the company's business hours again.
    await post(finance, show, `${show}/contracts/${contract.id}`, {
      _form: `contract-${contract.id}`,
      reference: '',
      startDate: start,
      endDate: '',
      signedOn: '',
      terms: '',
      ...hourRows(['1', '', '']),
      version: String(contract.version),
    });
    [contract] = (await api(customer.id)).contracts;
    expect(contract).toMatchObject({ reference: null, coveredHours: null, version: 2 });

    const lastDay = offsetDays(-1);
    await post(finance, show, `${show}/contracts/${contract.id}/end`, {
      _form: `contract-end-${contract.id}`,
      endDate: lastDay,
      version: String(contract.version),
    });
    const after = await api(customer.id);
    expect(after.contracts[0]).toMatchObject({ endDate: lastDay, inForce: false });
    expect(after.hasActiveServiceContract).toBe(false);
  });

  it('refuses a data processing agreement without its signing day, at the field', async () => {
    const customer = await createCustomer(t, { name: 'AV ohne Datum GmbH' });
    const show = `/console/customers/${customer.id}`;
    const refused = await post(finance, show, `${show}/contracts`, {
      _form: 'contract',
      kind: 'data_processing',
      reference: 'AV-7',
      startDate: offsetDays(0),
      endDate: '',
      signedOn: '',
      terms: '',
    });
    const html = await getPage(t, refused.headers.location, finance);
    expect(formOf(html, `${show}/contracts`)).toContain(
      'id="signedOn-error">Ein AV-Vertrag braucht den Tag der Unterzeichnung.',
    );
    expect(formOf(html, `${show}/contracts`)).toMatch(
      /id="contract-new-reference"[^>]*value="AV-7"/,
    );
    expect((await api(customer.id)).contracts).toEqual([]);
  });

  it('shows contracts read-only to a consultant and refuses their contract posts', async () => {
    const customer = await createCustomer(t, { name: 'Nur Lesen GmbH' });
    const contract = await createContract(t, customer.id, 'service');
    const show = `/console/customers/${customer.id}`;
    const html = await getPage(t, show, consultant);
    expect(html).toContain('Service- und Wartungsvertrag');
    expect(html).not.toContain(`action="${show}/contracts"`);
    expect(html).not.toContain(`${show}/contracts/${contract.id}`);
    expect(html).not.toContain('Vertrag beenden');
    // Contacts stay theirs to edit.
    expect(html).toContain(`action="${show}/contacts"`);

    const csrf = csrfOf(html);
    const send = (path: string, form: Record<string, string>) =>
      t.http
        .post(path)
        .set('Cookie', consultant)
        .type('form')
        .send({ ...form, _csrf: csrf });
    expectStatus(
      await send(`${show}/contracts`, { kind: 'update', startDate: offsetDays(0) }),
      403,
    );
    expectStatus(
      await send(`${show}/contracts/${contract.id}/end`, {
        endDate: offsetDays(0),
        version: '1',
      }),
      403,
    );
    const after = await api(customer.id);
    expect(after.contracts).toHaveLength(1);
    expect(after.contracts[0].endDate).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AttachmentContent, TicketAttachment } from '../src/support/ticket.entity.js';
import { createCustomer, createTicket, createUser, type CreatedUser } from './support/factories.js';
import { postForm } from './support/finance.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { csrfOf, getPage, pageLogin } from './support/web.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.alloc(32, 1)]);
const LOG = Buffer.from('2026-11-18 09:00:01 smtpd[42]: connect from unknown\n');
const MIB = 1024 * 1024;

describe('ticket attachments', () => {
  let t: TestApp;
  let consultant: CreatedUser;
  let customerUser: CreatedUser;
  let otherUser: CreatedUser;
  let ticketId: string;
  let customerId: string;

  const counts = async () => {
    const ds = t.app.get(DataSource);
    return {
      rows: await ds.getRepository(TicketAttachment).count(),
      contents: await ds.getRepository(AttachmentContent).count(),
    };
  };
  const upload = (token: string, id = ticketId) =>
    t.http.post(`/support/tickets/${id}/attachments`).set(bearer(token));

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    consultant = await createUser(t, 'consultant');
    const customer = await createCustomer(t);
    const other = await createCustomer(t);
    customerUser = await createUser(t, 'customer', { customerId: customer.id });
    otherUser = await createUser(t, 'customer', { customerId: other.id });
    customerId = customer.id;
    ticketId = (await createTicket(t, customer.id)).id;
  });
  afterAll(() => t.close());

  it('stores a customer’s files with their SHA-256 and serves them back as downloads', async () => {
    const created = await upload(customerUser.token)
      .attach('files', PDF, 'Fehlerbericht März.pdf')
      .attach('files', LOG, { filename: 'mail.log', contentType: 'application/octet-stream' })
      .expect(201);
    expect(created.body).toHaveLength(2);
    expect(created.body[0]).toMatchObject({
      fileName: 'Fehlerbericht März.pdf',
      mediaType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      noteId: null,
      uploadedBy: customerUser.email,
    });
    // The type comes from the name and the bytes, not from what the browser claimed.
    expect(created.body[1]).toMatchObject({ fileName: 'mail.log', mediaType: 'text/plain' });

    const download = await t.http
      .get(`/support/tickets/${ticketId}/attachments/${created.body[0].id}`)
      .set(bearer(consultant.token))
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(Buffer.compare(download.body as Buffer, PDF)).toBe(0);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="Fehlerbericht Marz.pdf"; filename*=UTF-8''Fehlerbericht%20M%C3%A4rz.pdf`,
    );

    const audit = await t.http
      .get('/audit')
      .query({ entityType: 'support_ticket', entityId: ticketId })
      .set(bearer(t.adminToken))
      .expect(200);
    const actions = (audit.body.items as Array<{ action: string }>).map((e) => e.action);
    expect(actions.filter((a) => a === 'attachment_added')).toHaveLength(2);
  });

  it('answers another customer with 404, for the list and for the file', async () => {
    const [first] = (
      await t.http
        .get(`/support/tickets/${ticketId}/attachments`)
        .set(bearer(customerUser.token))
        .expect(200)
    ).body as Array<{ id: string }>;
    await t.http
      .get(`/support/tickets/${ticketId}/attachments`)
      .set(bearer(otherUser.token))
      .expect(404);
    await t.http
      .get(`/support/tickets/${ticketId}/attachments/${first.id}`)
      .set(bearer(otherUser.token))
      .expect(404);
    await upload(otherUser.token).attach('files', PDF, 'x.pdf').expect(404);
  });

  it.each([
    {
      rule: 'more than 10 MiB',
      code: 'ATTACHMENT.TOO_LARGE',
      files: [{ bytes: Buffer.concat([PDF, Buffer.alloc(10 * MIB)]), name: 'big.pdf' }],
    },
    {
      rule: 'more than 5 files',
      code: 'ATTACHMENT.TOO_MANY',
      files: Array.from({ length: 6 }, (_, i) => ({ bytes: LOG, name: `l${i}.log` })),
    },
    {
      rule: 'a type off the list',
      code: 'ATTACHMENT.TYPE_NOT_ALLOWED',
      files: [
        { bytes: PDF, name: 'ok.pdf' },
        { bytes: Buffer.from('MZ\x90\x00'), name: 'setup.exe' },
      ],
    },
    {
      rule: 'bytes that are not what the name says',
      code: 'ATTACHMENT.CONTENT_MISMATCH',
      files: [{ bytes: Buffer.from('MZ\x90\x00\x03\x00'), name: 'screenshot.png' }],
    },
  ])('refuses $rule with $code and stores nothing', async ({ code, files }) => {
    const before = await counts();
    let request = upload(customerUser.token);
    for (const file of files) request = request.attach('files', file.bytes, file.name);
    const refused = await request.expect(400);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code, field: 'attachments' });
    expect(refused.body.limits).toMatchObject({ maxBytesPerFile: 10 * MIB, maxFilesPerMessage: 5 });
    expect(await counts()).toEqual(before);
  });

  it('accepts a file of exactly 10 MiB', async () => {
    const exact = Buffer.concat([PNG, Buffer.alloc(10 * MIB - PNG.length)]);
    const created = await upload(consultant.token).attach('files', exact, 'full.png').expect(201);
    expect(created.body[0]).toMatchObject({ sizeBytes: 10 * MIB, mediaType: 'image/png' });
  });

  it('never shows the customer a file on an internal note', async () => {
    const note = await t.http
      .post(`/support/tickets/${ticketId}/notes`)
      .set(bearer(consultant.token))
      .send({ body: 'Log des Kunden ausgewertet', visibility: 'internal' })
      .expect(201);
    const secret = await upload(consultant.token)
      .field('noteId', note.body.id)
      .attach('files', Buffer.from('interne Notiz\n'), 'analyse.txt')
      .expect(201);
    const staffList = await t.http
      .get(`/support/tickets/${ticketId}/attachments`)
      .set(bearer(consultant.token))
      .expect(200);
    expect((staffList.body as Array<{ id: string }>).map((a) => a.id)).toContain(secret.body[0].id);
    const customerList = await t.http
      .get(`/support/tickets/${ticketId}/attachments`)
      .set(bearer(customerUser.token))
      .expect(200);
    expect((customerList.body as Array<{ id: string }>).map((a) => a.id)).not.toContain(
      secret.body[0].id,
    );
    const hidden = await t.http
      .get(`/support/tickets/${ticketId}/attachments/${secret.body[0].id}`)
      .set(bearer(customerUser.token))
      .expect(404);
    expect(hidden.body.code).toBe('ATTACHMENT.NOT_FOUND');
    // Nor may a customer hang files on staff's internal note.
    await upload(customerUser.token)
      .field('noteId', note.body.id)
      .attach('files', LOG, 'x.log')
      .expect(400);
  });

  describe('in the portal and on the ticket page', () => {
    let customerCookie: string;
    let otherCookie: string;
    let staffCookie: string;
    const origin = () => {
      const address = t.app.getHttpServer().address() as { port: number } | null;
      return `http://127.0.0.1${address ? `:${address.port}` : ''}`;
    };
    /** A multipart page form, as the browser sends it (the CSRF field first). */
    const postFiles = async (
      cookie: string,
      from: string,
      action: string,
      fields: Record<string, string>,
      files: Array<{ bytes: Buffer; name: string }>,
      csrf = true,
    ) => {
      let request = t.http.post(action).set('Cookie', cookie).set('Referer', `${origin()}${from}`);
      if (csrf) request = request.field('_csrf', csrfOf(await getPage(t, from, cookie)));
      for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
      for (const file of files) request = request.attach('files', file.bytes, file.name);
      return request;
    };

    beforeAll(async () => {
      customerCookie = await pageLogin(t, customerUser.email, customerUser.password);
      otherCookie = await pageLogin(t, otherUser.email, otherUser.password);
      staffCookie = await pageLogin(t, consultant.email, consultant.password);
    });

    it('opens a ticket with a file from the portal form, and refuses the form without its CSRF token', async () => {
      const fields = { title: 'Drucker offline', description: 'Siehe Log.', severity: 'high' };
      const before = await counts();
      const forged = await postFiles(
        customerCookie,
        '/portal/support',
        '/portal/support/tickets',
        fields,
        [{ bytes: LOG, name: 'drucker.log' }],
        false,
      );
      expect(forged.status).toBe(403);
      // Without a session the upload is not even read: off to the login.
      const anonymous = await t.http
        .post('/portal/support/tickets')
        .field('title', 'x')
        .attach('files', LOG, 'x.log');
      expect(anonymous.status).toBe(303);
      expect(anonymous.headers.location).toMatch(/^\/login/);
      expect(await counts()).toEqual(before);

      const opened = await postFiles(
        customerCookie,
        '/portal/support',
        '/portal/support/tickets',
        fields,
        [
          { bytes: LOG, name: 'drucker.log' },
          { bytes: PNG, name: 'anzeige.png' },
        ],
      );
      expect(opened.status).toBe(303);
      const path = opened.headers.location;
      expect(path).toMatch(/^\/portal\/support\/tickets\/[0-9a-f-]{36}$/);
      const page = await getPage(t, path, customerCookie);
      expect(page).toContain('enctype="multipart/form-data"');
      const links = [
        ...page.matchAll(/href="([^"]+)" download data-testid="attachment">([^<]+)</g),
      ];
      expect(links.map((l) => l[2])).toEqual(['drucker.log', 'anzeige.png']);
      const file = await t.http.get(links[0][1]).set('Cookie', customerCookie).expect(200);
      expect(file.text).toBe(LOG.toString());
      expect(file.headers['content-disposition']).toMatch(/^attachment; filename="drucker.log"/);
      // Another customer's session gets a 404 for the very same link.
      expect((await t.http.get(links[0][1]).set('Cookie', otherCookie)).status).toBe(404);
    });

    it('refuses a file off the list next to the field, in German, and writes no ticket', async () => {
      const before = await counts();
      const tickets = (await t.http.get('/support/tickets').set(bearer(customerUser.token))).body
        .items.length as number;
      const refused = await postFiles(
        customerCookie,
        '/portal/support',
        '/portal/support/tickets',
        { title: 'Mit Virus', description: 'x', severity: 'normal' },
        [{ bytes: Buffer.from('MZ\x90\x00'), name: 'rechnung.exe' }],
      );
      expect(refused.status).toBe(303);
      const page = await getPage(t, '/portal/support', customerCookie);
      expect(page).toContain(
        'id="attachments-error">rechnung.exe: erlaubt sind nur PDF, PNG, JPEG, Text (.txt, .log) und ZIP.<',
      );
      // What was typed stays in the form.
      expect(page).toContain('value="Mit Virus"');
      expect(await counts()).toEqual(before);
      const after = await t.http.get('/support/tickets').set(bearer(customerUser.token));
      expect(after.body.items).toHaveLength(tickets);
    });

    it('keeps a file on an internal note off the portal, and shows a reply’s file there', async () => {
      const path = `/console/support/tickets/${ticketId}`;
      const internal = await postFiles(
        staffCookie,
        path,
        `${path}/notes`,
        {
          visibility: 'internal',
          body: 'Analyse intern',
        },
        [{ bytes: Buffer.from('nur intern\n'), name: 'intern-analyse.txt' }],
      );
      expect(internal.status).toBe(303);
      const reply = await postFiles(
        staffCookie,
        path,
        `${path}/notes`,
        {
          visibility: 'customer',
          body: 'Bitte diese Anleitung nutzen.',
        },
        [{ bytes: PDF, name: 'anleitung.pdf' }],
      );
      expect(reply.status).toBe(303);
      const staffPage = await getPage(t, path, staffCookie);
      expect(staffPage).toContain('intern-analyse.txt');
      expect(staffPage).toContain('anleitung.pdf');

      const portalPath = `/portal/support/tickets/${ticketId}`;
      const portal = await getPage(t, portalPath, customerCookie);
      expect(portal).toContain('anleitung.pdf');
      expect(portal).not.toContain('intern-analyse.txt');
      const secret = (
        await t.http.get(`/support/tickets/${ticketId}/attachments`).set(bearer(consultant.token))
      ).body.find((a: { fileName: string }) => a.fileName === 'intern-analyse.txt') as {
        id: string;
      };
      const direct = await t.http
        .get(`${portalPath}/attachments/${secret.id}`)
        .set('Cookie', customerCookie);
      expect(direct.status).toBe(404);

      // The customer answers with a file of their own.
      const answered = await postFiles(
        customerCookie,
        portalPath,
        `${portalPath}/replies`,
        {
          body: 'Danke, anbei der Screenshot.',
        },
        [{ bytes: PNG, name: 'screenshot.png' }],
      );
      expect(answered.status).toBe(303);
      const withReply = await getPage(t, portalPath, customerCookie);
      expect(withReply).toContain('Danke, anbei der Screenshot.');
      expect(withReply).toContain('screenshot.png');
    });
  });
  describe('limits read while streaming, sizes, closed tickets', () => {
    let port: number;
    let customerCookie: string;
    let staffCookie: string;

    beforeAll(async () => {
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as AddressInfo).port;
      customerCookie = await pageLogin(t, customerUser.email, customerUser.password);
      staffCookie = await pageLogin(t, consultant.email, consultant.password);
    });

    /**
     * A multipart POST that announces `length` bytes and sends only its first line: the answer
     * must come without the rest (a server that waits for it never answers).
     */
    const announce = (path: string, length: number, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: IncomingHttpHeaders; body: string }>(
        (resolve, reject) => {
          const request = httpRequest(
            {
              host: '127.0.0.1',
              port,
              method: 'POST',
              path,
              headers: {
                'content-type': 'multipart/form-data; boundary=freigabe',
                'content-length': String(length),
                ...headers,
              },
            },
            (response) => {
              let body = '';
              response.setEncoding('utf8');
              response.on('data', (chunk: string) => (body += chunk));
              response.on('end', () => {
                resolve({ status: response.statusCode ?? 0, headers: response.headers, body });
                request.destroy();
              });
            },
          );
          request.on('error', reject);
          request.write('--freigabe\r\n');
        },
      );

    it('refuses a 12 MiB file as it streams in, with problem+json naming the rule; stores nothing', async () => {
      const before = await counts();
      const refused = await upload(customerUser.token)
        .attach('files', Buffer.concat([PDF, Buffer.alloc(12 * MIB)]), 'scan.pdf')
        .expect(400);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        code: 'ATTACHMENT.TOO_LARGE',
        field: 'attachments',
        detail: 'scan.pdf is larger than 10 MiB, the limit per file',
        limits: { maxBytesPerFile: 10 * MIB, maxFilesPerMessage: 5 },
      });
      expect(await counts()).toEqual(before);
    });

    it('refuses a request announcing 60 MiB at once, before reading it (API and page)', async () => {
      const before = await counts();
      const api = await announce(`/support/tickets/${ticketId}/attachments`, 60 * MIB, {
        authorization: `Bearer ${customerUser.token}`,
      });
      expect(api.status).toBe(400);
      expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(api.headers.connection).toBe('close');
      expect(JSON.parse(api.body)).toMatchObject({
        code: 'ATTACHMENT.TOO_LARGE',
        field: 'attachments',
        limits: { maxBytesPerRequest: 51 * MIB },
      });

      // The portal's reply form: back to the form, the refusal at the file field.
      const portalPath = `/portal/support/tickets/${ticketId}`;
      const page = await announce(`${portalPath}/replies`, 60 * MIB, {
        cookie: customerCookie,
        referer: `http://127.0.0.1:${port}${portalPath}`,
        host: `127.0.0.1:${port}`,
      });
      expect(page.status).toBe(303);
      expect(page.headers.location).toBe(portalPath);
      const html = await getPage(t, portalPath, customerCookie);
      expect(html).toContain(
        'id="attachments-error">Alles zusammen ist größer als 51 MiB, die Grenze je Nachricht.<',
      );
      expect(await counts()).toEqual(before);
    });

    it('shows each file’s size in the reader’s language, on the ticket page and in the portal', async () => {
      const sized = await createTicket(t, customerId);
      const bytes = Buffer.concat([PNG, Buffer.alloc(1_258_291 - PNG.length)]);
      await upload(consultant.token, sized.id).attach('files', bytes, 'bildschirm.png').expect(201);
      await upload(consultant.token, sized.id).attach('files', LOG, 'mail.log').expect(201);
      const size = (html: string, name: string) =>
        new RegExp(`>${name}</a> <span class="hint" data-testid="attachment-size">([^<]+)<`).exec(
          html,
        )?.[1];

      const staff = await getPage(t, `/console/support/tickets/${sized.id}`, staffCookie);
      expect(size(staff, 'bildschirm.png')).toBe('1,2\u00a0MB');
      expect(size(staff, 'mail.log')).toBe(`${LOG.length}\u00a0B`);
      const german = await getPage(t, `/portal/support/tickets/${sized.id}`, customerCookie);
      expect(size(german, 'bildschirm.png')).toBe('1,2\u00a0MB');

      const reader = await createUser(t, 'customer', { customerId });
      const english = await pageLogin(t, reader.email, reader.password);
      const csrf = csrfOf(await getPage(t, '/account', english));
      expect((await postForm(t, english, csrf, '/account/locale', { locale: 'en' })).status).toBe(
        303,
      );
      const portal = await getPage(t, `/portal/support/tickets/${sized.id}`, english);
      expect(size(portal, 'bildschirm.png')).toBe('1.2\u00a0MB');
    });

    it('takes no files on a closed ticket: 409 from the API, no file field on the pages, a forced post refused', async () => {
      const ticket = await createTicket(t, customerId);
      await t.http
        .post(`/support/tickets/${ticket.id}/status`)
        .set(bearer(consultant.token))
        .send({ status: 'closed', version: ticket.version })
        .expect(200);
      const before = await counts();

      const refused = await upload(customerUser.token, ticket.id)
        .attach('files', PDF, 'nachtrag.pdf')
        .expect(409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({
        code: 'SUPPORT.TICKET_CLOSED',
        currentStatus: 'closed',
        field: 'attachments',
      });
      await upload(consultant.token, ticket.id).attach('files', LOG, 'x.log').expect(409);
      expect(await counts()).toEqual(before);

      const staffPath = `/console/support/tickets/${ticket.id}`;
      const portalPath = `/portal/support/tickets/${ticket.id}`;
      const staffPage = await getPage(t, staffPath, staffCookie);
      const portalPage = await getPage(t, portalPath, customerCookie);
      for (const html of [staffPage, portalPage]) {
        expect(html).not.toContain('name="files"');
        expect(html).toContain('data-testid="no-attachments"');
      }

      // A post with a file anyway: the message is refused whole, its text comes back.
      const notes = async () =>
        (
          await t.http
            .get(`/support/tickets/${ticket.id}/notes`)
            .set(bearer(consultant.token))
            .expect(200)
        ).body.items.length as number;
      const notesBefore = await notes();
      const forced = await t.http
        .post(`${portalPath}/replies`)
        .set('Cookie', customerCookie)
        .set('Referer', `http://127.0.0.1:${port}${portalPath}`)
        .set('Host', `127.0.0.1:${port}`)
        .field('_csrf', csrfOf(portalPage))
        .field('body', 'Hier noch das Protokoll.')
        .attach('files', LOG, 'protokoll.log');
      expect(forced.status).toBe(303);
      expect(forced.headers.location).toBe(portalPath);
      const back = await getPage(t, portalPath, customerCookie);
      expect(back).toContain(
        '<div class="banner banner-error" role="alert">Diese Anfrage ist geschlossen; bitte stellen Sie eine neue.</div>',
      );
      expect(back).toContain('>Hier noch das Protokoll.</textarea>');

      const staffForced = await t.http
        .post(`${staffPath}/notes`)
        .set('Cookie', staffCookie)
        .set('Referer', `http://127.0.0.1:${port}${staffPath}`)
        .set('Host', `127.0.0.1:${port}`)
        .field('_csrf', csrfOf(staffPage))
        .field('_form', 'internal')
        .field('visibility', 'internal')
        .field('body', 'Log nachgereicht')
        .attach('files', LOG, 'nachgereicht.log');
      expect(staffForced.status).toBe(303);
      const staffBack = await getPage(t, staffPath, staffCookie);
      expect(staffBack).toContain(
        'role="alert">Das Ticket ist geschlossen: keine Zeiten und keine Dateien mehr.</div>',
      );
      expect(staffBack).toContain(
        'id="internal-body" name="body" required maxlength="20000">Log nachgereicht</textarea>',
      );
      expect(staffBack).toContain(
        'id="reply-body" name="body" required maxlength="20000"></textarea>',
      );
      expect(await notes()).toBe(notesBefore);
      expect(await counts()).toEqual(before);
    });
  });
});

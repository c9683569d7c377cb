import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../src/common/access.js';
import { Clock } from '../src/common/clock.js';
import { createCustomer } from './support/factories.js';
import { pdfText } from './support/pdf-text.js';
import {
  projectClient,
  projectWorld,
  readyForReview,
  type ProjectWorld,
} from './support/projects.js';
import {
  adminActor,
  binary,
  deliverMails,
  issueStageDocument,
  type SentMail,
} from './support/signoff.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';
import { expectStatus } from './support/expect-status.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('customer sign-off through personal links', () => {
  let t: TestApp;
  let world: ProjectWorld;
  let admin: Actor;
  let contacts: Array<{ id: string; email: string }>;
  const seen = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1', MAIL_POLL_SECONDS: '0' });
    world = await projectWorld(t);
    admin = await adminActor(t);
    const extra = await t.http
      .post(`/customers/${world.customerId}/contacts`)
      .set(bearer(t.adminToken))
      .send({ name: 'Eva Zweit', email: 'eva.zweit@kunde.example', isSignatory: true })
      .expect(201);
    const all = await t.http
      .get(`/customers/${world.customerId}/contacts`)
      .set(bearer(t.adminToken))
      .expect(200);
    contacts = all.body;
    expect(contacts.map((c) => c.id)).toContain(extra.body.id);
  });
  afterAll(() => t.close());

  /** A project in review with its solution document, sent for sign-off to `contactIds`. */
  async function sentForSignoff(contactIds = [contacts[0].id]) {
    const { id, p } = await readyForReview(t, world);
    await p.post(world.consultant.token, '/send');
    const document = await issueStageDocument(t, admin, world.customerId, id, 'solution-document');
    const sent = await t.http
      .post('/signoffs')
      .set(bearer(world.consultant.token))
      .send({
        documentId: document.id,
        subject: { subject: 'project_revision', projectId: id, revision: 1 },
        contactIds,
      });
    expectStatus(sent, 201);
    const mails = (await deliverMails(t, seen)).filter((m) => m.subject.includes(document.title));
    expect(mails).toHaveLength(contactIds.length);
    return { projectId: id, p, document, request: sent.body, mails };
  }

  const tokenFor = (mails: SentMail[], email: string) => {
    const mail = mails.find((m) => m.to.includes(email));
    expect({ to: mail?.to, token: mail?.token }).toEqual({
      to: expect.stringContaining(email),
      token: expect.any(String),
    });
    return mail!.token!;
  };

  it('send → open → approve: the stage moves, a signed copy with a certificate page is verifiable', async () => {
    const { projectId, document, request, mails } = await sentForSignoff();
    expect(request.status).toBe('open');
    expect(request.documentSha256).toBe(document.sha256);
    expect(request.links[0]).toMatchObject({ contactEmail: contacts[0].email, state: 'open' });
    expect(mails[0].language).toBe('de');
    expect(mails[0].subject).toContain('Bitte um Freigabe');
    // Signed by the company, not by the technical sender address.
    expect(mails[0].text.trimEnd()).toMatch(/\nBeispiel IT-Service GmbH$/);
    const token = tokenFor(mails, contacts[0].email);

    const page = await t.http.get(`/signoff/${token}`).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['content-security-policy']).toContain("object-src 'self'");
    expect(page.text).toContain(document.sha256);
    expect(page.text).toContain('Revision 1');

    const pdf = await t.http
      .get(`/signoff/${token}/document.pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(sha256(pdf.body as Buffer)).toBe(document.sha256);

    const approved = await t.http
      .post(`/signoff/${token}/approve`)
      .type('form')
      .set('user-agent', 'e2e-browser/1.0')
      .send({ signerName: 'Jörg Weiß', consent: 'on', documentId: document.id });
    expectStatus(approved, 200);
    expect(approved.text).toContain('freigegeben');

    const project = await t.http
      .get(`/projects/${projectId}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(project.body.stage).toBe('approved');

    const after = await t.http
      .get(`/signoffs/${request.id}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(after.body).toMatchObject({ status: 'decided', decision: 'approved' });
    expect(after.body.evidence).toMatchObject({
      signerName: 'Jörg Weiß',
      signerEmail: contacts[0].email,
      documentSha256: document.sha256,
      userAgent: 'e2e-browser/1.0',
      via: 'link',
    });
    expect(after.body.evidence.ipAddress).toMatch(/127\.0\.0\.1/);

    const original = await t.http
      .get(`/documents/${document.id}/pdf`)
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(sha256(original.body as Buffer)).toBe(document.sha256);
    const signed = await t.http
      .get(`/documents/${after.body.evidence.signedDocumentId}/pdf`)
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(sha256(signed.body as Buffer)).toBe(after.body.evidence.signedSha256);
    const originalText = await pdfText(original.body as Buffer);
    const signedText = await pdfText(signed.body as Buffer);
    expect(signedText.pages).toHaveLength(originalText.pages.length + 1);
    const certificate = signedText.pages[signedText.pages.length - 1];
    expect(certificate).toContain('Freigabeprotokoll');
    expect(certificate).toContain('Jörg Weiß');
    expect(certificate).toContain(document.sha256);
    // The document's own pages are unchanged, page numbers included.
    expect(signedText.pages.slice(0, -1)).toEqual(originalText.pages);

    // Verification: the original, the signed copy, by hash, and a tampered copy.
    const verifyOriginal = await t.http
      .post('/verify')
      .attach('file', original.body as Buffer, 'a.pdf')
      .expect(200);
    expect(verifyOriginal.body).toMatchObject({
      known: true,
      kind: 'issued',
      documentId: document.id,
      versionLabel: 'Revision 1',
      projectId,
      signoff: { status: 'decided', decision: 'approved', signerName: 'Jörg Weiß' },
    });
    const verifySigned = await t.http
      .post('/verify')
      .attach('file', signed.body as Buffer, 'b.pdf')
      .expect(200);
    expect(verifySigned.body).toMatchObject({ known: true, kind: 'signed', projectId });
    const byHash = await t.http
      .post('/verify')
      .send({ sha256: document.sha256.toUpperCase() })
      .expect(200);
    expect(byHash.body).toMatchObject({ known: true, kind: 'issued' });
    const tampered = Buffer.from(signed.body as Buffer);
    tampered[Math.floor(tampered.length / 2)] ^= 0x01;
    const verifyTampered = await t.http
      .post('/verify')
      .attach('file', tampered, 'c.pdf')
      .expect(200);
    expect(verifyTampered.body).toEqual({ known: false, sha256: sha256(tampered) });
    await t.http.post('/verify').send({}).expect(400);

    // The original stays byte-identical (its stored bytes still pass their hash check).
    const again = await t.http
      .get(`/documents/${document.id}/pdf`)
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(again.body as Buffer, original.body as Buffer)).toBe(0);

    // The confirmation mail carries the signed copy; the used link is spent.
    const confirmation = (await deliverMails(t, seen)).find((m) =>
      m.subject.startsWith('Freigabe bestätigt'),
    );
    expect(confirmation?.to).toContain(contacts[0].email);
    expect(confirmation?.text.trimEnd()).toMatch(/\nBeispiel IT-Service GmbH$/);
    expect(confirmation?.attachments[0]).toMatch(
      /^Lösungsdokument .* Revision 1 unterzeichnet\.pdf$/,
    );
    expect(confirmation?.raw).toMatch(/Content-Type: application\/pdf/);
    const reused = await t.http
      .post(`/signoff/${token}/approve`)
      .type('form')
      .send({ signerName: 'Jörg Weiß', consent: 'on' });
    expect(reused.status).toBe(410);
    expect(reused.headers['x-signoff-code']).toBe('SIGNOFF.TOKEN_USED');
    expect(reused.text).toContain('bereits verwendet');
    // Opening the spent link shows what was decided and links the signed copy, not a dead end.
    const spent = await t.http.get(`/signoff/${token}`);
    expect(spent.status).toBe(200);
    expect(spent.text).toContain('Dieses Dokument ist bereits freigegeben');
    expect(spent.text).toContain('Jörg Weiß');
    expect(spent.text).toContain(`href="/signoff/${token}/document.pdf"`);
    const signedAgain = await t.http
      .get(`/signoff/${token}/document.pdf`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(Buffer.compare(signedAgain.body as Buffer, signed.body as Buffer)).toBe(0);
  });

  it('decline with a comment opens revision N+1; a decline without comment changes nothing', async () => {
    const { projectId, mails } = await sentForSignoff();
    const token = tokenFor(mails, contacts[0].email);
    const empty = await t.http.post(`/signoff/${token}/decline`).type('form').send({ comment: '' });
    expect(empty.status).toBe(400);
    const unchanged = await t.http
      .get(`/projects/${projectId}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(unchanged.body).toMatchObject({ stage: 'in_review', currentRevision: 1 });

    const declined = await t.http
      .post(`/signoff/${token}/decline`)
      .type('form')
      .send({ comment: 'Bitte 12 Stunden einplanen.' });
    expectStatus(declined, 200);
    const project = await t.http
      .get(`/projects/${projectId}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(project.body).toMatchObject({ stage: 'solution', currentRevision: 2 });
    const revisions = await t.http
      .get(`/projects/${projectId}/revisions`)
      .set(bearer(world.consultant.token));
    expect(JSON.stringify(revisions.body)).toContain('Bitte 12 Stunden einplanen.');
  });

  it('an approval without consent or name is refused and changes nothing; a link is only for its document', async () => {
    const { projectId, mails, document } = await sentForSignoff();
    const token = tokenFor(mails, contacts[0].email);
    const noConsent = await t.http
      .post(`/signoff/${token}/approve`)
      .type('form')
      .send({ signerName: 'Jörg Weiß' });
    expect(noConsent.status).toBe(400);
    const noName = await t.http
      .post(`/signoff/${token}/approve`)
      .type('form')
      .send({ consent: 'on' });
    expect(noName.status).toBe(400);
    const other = await issueStageDocument(
      t,
      admin,
      world.customerId,
      projectId,
      'solution-document',
      'Revision 1b',
    );
    const wrongDocument = await t.http
      .post(`/signoff/${token}/approve`)
      .type('form')
      .send({ signerName: 'Jörg Weiß', consent: 'on', documentId: other.id });
    expect(wrongDocument.status).toBe(401);
    const project = await t.http
      .get(`/projects/${projectId}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(project.body.stage).toBe('in_review');
    // Still usable with its own document.
    await t.http
      .post(`/signoff/${token}/approve`)
      .type('form')
      .send({ signerName: 'Jörg Weiß', consent: 'on', documentId: document.id })
      .expect(200);
  });

  it('expired, revoked and superseded links answer 410 and change nothing', async () => {
    const first = await sentForSignoff();
    const token = tokenFor(first.mails, contacts[0].email);
    const clock = t.app.get(Clock);
    const realNow = clock.now.bind(clock);
    clock.now = () => new Date(realNow().getTime() + 15 * 24 * 60 * 60 * 1000);
    try {
      const expired = await t.http
        .post(`/signoff/${token}/approve`)
        .type('form')
        .send({ signerName: 'Jörg Weiß', consent: 'on' });
      expect(expired.status).toBe(410);
      expect(expired.headers['x-signoff-code']).toBe('SIGNOFF.TOKEN_EXPIRED');
    } finally {
      clock.now = realNow;
    }
    expect(
      (await t.http.get(`/projects/${first.projectId}`).set(bearer(world.consultant.token))).body
        .stage,
    ).toBe('in_review');

    // A newer version for the same decision revokes the open links of the older one.
    const newer = await issueStageDocument(
      t,
      admin,
      world.customerId,
      first.projectId,
      'solution-document',
      'Revision 1 (korrigiert)',
    );
    await t.http
      .post('/signoffs')
      .set(bearer(world.consultant.token))
      .send({
        documentId: newer.id,
        subject: { subject: 'project_revision', projectId: first.projectId, revision: 1 },
        contactIds: [contacts[0].id],
      })
      .expect(201);
    const superseded = await t.http.get(`/signoff/${token}`);
    expect(superseded.status).toBe(410);
    expect(superseded.headers['x-signoff-code']).toBe('SIGNOFF.TOKEN_REVOKED');
    const old = await t.http
      .get(`/signoffs/${first.request.id}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(old.body.status).toBe('superseded');
    const newMails = await deliverMails(t, seen);
    const newToken = tokenFor(newMails, contacts[0].email);

    // Revoked by staff.
    const newRequest = await t.app
      .get(DataSource)
      .query<Array<{ id: string }>>(
        `SELECT id FROM signoff_requests WHERE document_id = ${t.config.database.kind === 'postgres' ? '$1' : '?'}`,
        [newer.id],
      );
    await t.http
      .post(`/signoffs/${newRequest[0].id}/revoke`)
      .set(bearer(world.consultant.token))
      .send({ reason: 'Falscher Empfänger' })
      .expect(200);
    const revoked = await t.http
      .post(`/signoff/${newToken}/approve`)
      .type('form')
      .send({ signerName: 'Jörg Weiß', consent: 'on' });
    expect(revoked.status).toBe(410);
    expect(
      (await t.http.get(`/projects/${first.projectId}`).set(bearer(world.consultant.token))).body
        .stage,
    ).toBe('in_review');
  });

  it('two simultaneous approvals (two contacts, one signature needed): exactly one transition', async () => {
    const { projectId, request, mails } = await sentForSignoff([contacts[0].id, contacts[1].id]);
    const tokens = [tokenFor(mails, contacts[0].email), tokenFor(mails, contacts[1].email)];
    const results = await Promise.all([
      ...tokens.map((token, i) =>
        t.http
          .post(`/signoff/${token}/approve`)
          .type('form')
          .send({ signerName: `Signer ${i}`, consent: 'on' }),
      ),
      t.http
        .post(`/signoff/${tokens[0]}/approve`)
        .type('form')
        .send({ signerName: 'Signer 0 again', consent: 'on' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const loser of results.filter((r) => r.status !== 200)) {
      expect([409, 410]).toContain(loser.status);
      expect(['SIGNOFF.ALREADY_DECIDED', 'SIGNOFF.TOKEN_USED']).toContain(
        loser.headers['x-signoff-code'],
      );
    }
    const project = await t.http
      .get(`/projects/${projectId}`)
      .set(bearer(world.consultant.token))
      .expect(200);
    expect(project.body.stage).toBe('approved');
    const audit = await t.http
      .get(`/audit?entityType=project&entityId=${projectId}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'approve')).toHaveLength(
      1,
    );
    const count = await t.app
      .get(DataSource)
      .query<Array<{ n: string | number }>>(
        `SELECT COUNT(*) AS n FROM signoff_decisions WHERE request_id = '${request.id}'`,
      );
    expect(Number(count[0].n)).toBe(1);
  });

  it('customer users see pending sign-offs in the portal and can decide there', async () => {
    const { projectId, request } = await sentForSignoff();
    const pending = await t.http
      .get('/portal/signoffs')
      .set(bearer(world.customerUser.token))
      .expect(200);
    expect(pending.body.map((s: { id: string }) => s.id)).toContain(request.id);
    const other = await createCustomer(t);
    expect(other.id).not.toBe(world.customerId);
    await t.http
      .get(`/portal/signoffs/${request.id}/document`)
      .set(bearer(world.customerUser.token))
      .expect(200);
    await t.http.get('/portal/signoffs').set(bearer(world.consultant.token)).expect(403);
    await t.http
      .post(`/portal/signoffs/${request.id}/approve`)
      .set(bearer(world.customerUser.token))
      .send({})
      .expect(400);
    const approved = await t.http
      .post(`/portal/signoffs/${request.id}/approve`)
      .set(bearer(world.customerUser.token))
      .send({ consent: true })
      .expect(200);
    expect(approved.body).toMatchObject({
      decision: 'approved',
      signerName: 'Jörg Schäfer',
      via: 'portal',
    });
    await t.http
      .post(`/portal/signoffs/${request.id}/approve`)
      .set(bearer(world.customerUser.token))
      .send({ consent: true })
      .expect(409);
    const project = projectClient(t, projectId);
    expect((await project.read(world.consultant.token)).stage).toBe('approved');
  });

  it('refuses to send a document for a decision the project does not wait for', async () => {
    const { id } = await readyForReview(t, world);
    const document = await issueStageDocument(t, admin, world.customerId, id, 'solution-document');
    const notInReview = await t.http
      .post('/signoffs')
      .set(bearer(world.consultant.token))
      .send({
        documentId: document.id,
        subject: { subject: 'project_revision', projectId: id, revision: 1 },
        contactIds: [contacts[0].id],
      });
    expect(notInReview.status).toBe(409);
    const wrongKind = await t.http
      .post('/signoffs')
      .set(bearer(world.consultant.token))
      .send({
        documentId: document.id,
        subject: { subject: 'acceptance', projectId: id },
        contactIds: [contacts[0].id],
      });
    expect(wrongKind.status).toBe(400);
    await t.http.post('/signoffs').set(bearer(world.customerUser.token)).send({}).expect(403);
  });

  // Last: it uses up this address's wrong tries.
  it('unknown tokens are 401, and the eleventh wrong token in a minute is rate-limited', async () => {
    const wrong = 'A'.repeat(43);
    for (let i = 0; i < 10; i++) {
      const response = await t.http.get(`/signoff/${i === 0 ? 'short' : wrong}`);
      expect(response.status).toBe(401);
      expect(response.headers['x-signoff-code']).toBe('SIGNOFF.TOKEN_INVALID');
    }
    const limited = await t.http.get(`/signoff/${wrong}`);
    expect(limited.status).toBe(429);
    expect(limited.headers['x-signoff-code']).toBe('SIGNOFF.RATE_LIMITED');
  });
});

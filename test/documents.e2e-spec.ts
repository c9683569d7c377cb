import { createHash, randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Actor } from '../src/common/access.js';
import { Transactions } from '../src/database/transactions.js';
import type { DocumentKind } from '../src/documents/document-views.js';
import { DocumentRecord } from '../src/documents/document.entity.js';
import { DocumentsService, type IssueDocumentInput } from '../src/documents/documents.service.js';
import { sampleViews } from './support/document-samples.js';
import { createCustomer, createUser } from './support/factories.js';
import { binaryBody, pdfText } from './support/pdf-text.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const binary = binaryBody;

async function adminActor(t: TestApp): Promise<Actor> {
  const me = await t.http.get('/auth/me').set(bearer(t.adminToken)).expect(200);
  return {
    userId: me.body.id,
    email: me.body.email,
    name: me.body.name,
    role: 'admin',
    customerId: null,
  };
}

function issue(
  t: TestApp,
  actor: Actor,
  customerId: string,
  overrides: Partial<IssueDocumentInput> = {},
): Promise<DocumentRecord> {
  const kind: DocumentKind = overrides.kind ?? 'solution-document';
  const locale = overrides.locale ?? 'de';
  return t.app.get(Transactions).run((tx) =>
    t.app.get(DocumentsService).issue(tx, actor, {
      kind,
      customerId,
      ownerType: 'project',
      ownerId: 'P-2026-014',
      title: 'Lösungsdokument P-2026-014',
      versionLabel: 'Revision 2',
      locale,
      draft: false,
      view: sampleViews(locale)[kind],
      ...overrides,
    }),
  );
}

function tamper(path: string): void {
  const bytes = readFileSync(path);
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  writeFileSync(path, bytes);
}

describe('documents (folder storage, worker pool)', () => {
  let t: TestApp;
  let actor: Actor;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp({ RENDER_WORKERS: '1' });
    actor = await adminActor(t);
    customerId = (await createCustomer(t)).id;
  });
  afterAll(() => t.close());

  it('issues a document: metadata, verified bytes, audit entry, same bytes from the snapshot', async () => {
    const document = await issue(t, actor, customerId);
    const meta = await t.http
      .get(`/documents/${document.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(meta.body).toMatchObject({
      id: document.id,
      kind: 'solution-document',
      customerId,
      ownerType: 'project',
      title: 'Lösungsdokument P-2026-014',
      versionLabel: 'Revision 2',
      locale: 'de',
      templateName: 'solution-document.de.hbs',
      templateVersion: t.app.get(DocumentsService).templateVersion,
      draft: false,
      createdBy: actor.userId,
      pdfUrl: `/documents/${document.id}/pdf`,
    });

    const pdf = await t.http
      .get(`/documents/${document.id}/pdf`)
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse(binary as never)
      .expect(200)
      .expect('content-type', 'application/pdf');
    const bytes = pdf.body as Buffer;
    expect(bytes.byteLength).toBe(meta.body.byteSize);
    expect(sha256(bytes)).toBe(meta.body.sha256);
    expect(pdf.headers['content-disposition']).toContain("filename*=UTF-8''L%C3%B6sungsdokument");
    expect((await pdfText(bytes)).text).toContain('Müller & Söhne Maschinenbau GmbH');

    const audit = await t.http
      .get(`/audit?entityType=document&entityId=${document.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'issued',
      actorLabel: actor.email,
      changes: { kind: 'solution-document', sha256: meta.body.sha256 },
    });

    const again = await t.app.get(DocumentsService).rerender(document.snapshot);
    expect(Buffer.compare(again, bytes)).toBe(0);
  });

  it('shows customers only their own issued documents and answers 404 otherwise', async () => {
    const document = await issue(t, actor, customerId);
    const draft = await issue(t, actor, customerId, { draft: true });
    const own = await createUser(t, 'customer', { customerId });
    const other = await createUser(t, 'customer', { customerId: (await createCustomer(t)).id });

    await t.http.get(`/documents/${document.id}`).set(bearer(own.token)).expect(200);
    await t.http.get(`/documents/${document.id}/pdf`).set(bearer(own.token)).expect(200);
    for (const path of [`/documents/${document.id}`, `/documents/${document.id}/pdf`]) {
      const response = await t.http.get(path).set(bearer(other.token)).expect(404);
      expect(response.body.code).toBe('DOCUMENT.NOT_FOUND');
    }
    await t.http.get(`/documents/${draft.id}`).set(bearer(own.token)).expect(404);
    const staffView = await t.http
      .get(`/documents/${draft.id}`)
      .set(bearer(t.adminToken))
      .expect(200);
    expect(staffView.body.draft).toBe(true);
    await t.http.get('/documents/not-a-uuid').set(bearer(t.adminToken)).expect(400);
    await t.http.get(`/documents/${document.id}`).expect(401);
  });

  it('answers a changed byte in storage with an integrity error, never with the bytes', async () => {
    const document = await issue(t, actor, customerId, {
      kind: 'qa-protocol',
      title: 'QA-Protokoll',
    });
    const path = join(t.config.documents.storagePath, document.storageKey);
    tamper(path);
    const response = await t.http
      .get(`/documents/${document.id}/pdf`)
      .set(bearer(t.adminToken))
      .expect(500);
    expect(response.body).toMatchObject({
      code: 'DOCUMENT.INTEGRITY_FAILED',
      detail: 'Stored data failed its integrity check.',
    });
    expect(response.headers['content-type']).toContain('application/problem+json');
    unlinkSync(path);
    await t.http.get(`/documents/${document.id}/pdf`).set(bearer(t.adminToken)).expect(500);
    await t.http.get(`/documents/${document.id}`).set(bearer(t.adminToken)).expect(200);
  });

  it('keeps issued documents append-only in the database', async () => {
    const document = await issue(t, actor, customerId);
    const dataSource = t.app.get(DataSource);
    await expect(
      dataSource.query(`UPDATE documents SET title = 'changed' WHERE id = '${document.id}'`),
    ).rejects.toThrow(/append-only/);
    await expect(
      dataSource.query(`DELETE FROM documents WHERE id = '${document.id}'`),
    ).rejects.toThrow(/append-only/);
  });
});

describe('documents (database storage)', () => {
  let t: TestApp;
  let actor: Actor;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestApp({ DOCUMENT_STORAGE: 'database', RENDER_WORKERS: '0' });
    actor = await adminActor(t);
    customerId = (await createCustomer(t)).id;
  });
  afterAll(() => t.close());

  it('stores the bytes in the database, serves them verified and refuses changed bytes', async () => {
    const document = await issue(t, actor, customerId, { kind: 'change-request', locale: 'en' });
    expect(document.storage).toBe('database');
    const pdf = await t.http
      .get(`/documents/${document.id}/pdf`)
      .set(bearer(t.adminToken))
      .buffer(true)
      .parse(binary as never)
      .expect(200);
    expect(sha256(pdf.body as Buffer)).toBe(document.sha256);
    expect((await pdfText(pdf.body as Buffer)).text).toContain('Change request N-1');

    // Bypass the append-only trigger, as a broken disk or a careless admin would.
    const dataSource = t.app.get(DataSource);
    const postgres = t.config.database.kind === 'postgres';
    await dataSource.query(
      postgres
        ? 'ALTER TABLE document_contents DISABLE TRIGGER document_contents_append_only'
        : 'DROP TRIGGER document_contents_no_update',
    );
    await dataSource.query(
      postgres
        ? `UPDATE document_contents SET bytes = overlay(bytes placing '\\x00'::bytea from 200) WHERE storage_key = $1`
        : `UPDATE document_contents SET bytes = substr(bytes, 1, 199) || x'00' || substr(bytes, 201) WHERE storage_key = ?`,
      [document.storageKey],
    );
    const response = await t.http
      .get(`/documents/${document.id}/pdf`)
      .set(bearer(t.adminToken))
      .expect(500);
    expect(response.body.code).toBe('DOCUMENT.INTEGRITY_FAILED');
  });
});

describe('templates at start', () => {
  it('refuses to start with a broken template and names file and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'freigabe-broken-templates-'));
    try {
      cpSync(join(import.meta.dirname, '../templates'), dir, { recursive: true });
      const file = join(dir, 'concept-paper.de.hbs');
      const lines = readFileSync(file, 'utf8').split('\n');
      lines[4] = '  <itme label="Projekt">{{projectNumber}}</itme>';
      writeFileSync(file, lines.join('\n'));
      const schema = `test_broken_${randomBytes(6).toString('hex')}`;
      await expect(startTestApp({ TEMPLATES_DIR: dir, DATABASE_SCHEMA: schema })).rejects.toThrow(
        /concept-paper\.de\.hbs:5:\d+: unknown element <itme>/,
      );
      // The start had connected and migrated before the template failed: it closes all that
      // again (left open, its pooled connections kept the Jest worker from exiting).
      const url = process.env.DATABASE_URL;
      if (url) await expect(schemaExists(url, schema)).resolves.toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function schemaExists(url: string, schema: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [
      schema,
    ]);
    return rowCount === 1;
  } finally {
    await client.end();
  }
}

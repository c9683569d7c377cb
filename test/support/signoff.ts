import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '../../src/common/access.js';
import { Transactions } from '../../src/database/transactions.js';
import type { DocumentKind } from '../../src/documents/document-views.js';
import type { DocumentRecord } from '../../src/documents/document.entity.js';
import { DocumentsService } from '../../src/documents/documents.service.js';
import { MailSender } from '../../src/mail/mail-sender.service.js';
import { sampleViews } from './document-samples.js';
import { readyForReview, type ProjectWorld } from './projects.js';
import { bearer, type TestApp } from './test-app.js';

export async function adminActor(t: TestApp): Promise<Actor> {
  const me = await t.http.get('/auth/me').set(bearer(t.adminToken)).expect(200);
  return {
    userId: me.body.id,
    email: me.body.email,
    name: me.body.name,
    role: 'admin',
    customerId: null,
  };
}

/** Issues a stage document as the lifecycle will (the fixtures stand in for the real view). */
export function issueStageDocument(
  t: TestApp,
  actor: Actor,
  customerId: string,
  projectId: string,
  kind: DocumentKind,
  versionLabel = 'Revision 1',
  locale: 'de' | 'en' = 'de',
): Promise<DocumentRecord> {
  return t.app.get(Transactions).run((tx) =>
    t.app.get(DocumentsService).issue(tx, actor, {
      kind,
      customerId,
      ownerType: 'project',
      ownerId: projectId,
      title: `Lösungsdokument ${projectId.slice(0, 8)}`,
      versionLabel,
      locale,
      draft: false,
      view: sampleViews(locale)[kind],
    }),
  );
}

export interface SentMail {
  file: string;
  to: string;
  subject: string;
  language: string;
  text: string;
  raw: string;
  /** The sign-off token in the mail, if any. */
  token: string | null;
  attachments: string[];
}

function decodeQuotedPrintable(body: string): string {
  const bytes = body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function decodeHeader(value: string): string {
  return value.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_, enc: string, text: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : decodeQuotedPrintable(text.replace(/_/g, ' ')),
  );
}

/** Parses an RFC 5322 message as nodemailer writes it (enough for the tests' checks). */
export function parseMail(raw: string, file = ''): SentMail {
  const [head] = raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) =>
    decodeHeader(new RegExp(`^${name}: (.*)$`, 'mi').exec(unfolded)?.[1] ?? '');
  const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
  let text = '';
  const attachments: string[] = [];
  for (const part of parts.length > 1 ? parts.slice(1) : [raw]) {
    const [partHead, ...rest] = part.split(/\r?\n\r?\n/);
    const body = rest.join('\n\n');
    const disposition = partHead.replace(/\r?\n[ \t]+/g, ' ');
    // RFC 2231: filename*0*=utf-8''…; filename*1*=… (or a plain filename="…").
    const pieces = [...disposition.matchAll(/filename\*(\d+)\*?=([^;\r\n]+)/gi)].map((m) => m[2]);
    const plain = /filename="([^"]+)"/i.exec(disposition)?.[1];
    if (pieces.length > 0) {
      attachments.push(
        decodeURIComponent(
          pieces
            .map((piece) => piece.replace(/"/g, ''))
            .join('')
            .replace(/^utf-8''/i, ''),
        ),
      );
    } else if (plain) attachments.push(decodeHeader(plain));
    else if (/text\/plain/i.test(partHead)) {
      text = /quoted-printable/i.test(partHead)
        ? decodeQuotedPrintable(body)
        : /base64/i.test(partHead)
          ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
          : body;
    }
  }
  return {
    file,
    to: header('To'),
    subject: header('Subject'),
    language: header('Content-Language'),
    text,
    raw,
    token: /\/signoff\/([A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null,
    attachments,
  };
}

/** Sends the outbox (as .eml files, the default) and returns the mails written since `seen`. */
export async function deliverMails(t: TestApp, seen = new Set<string>()): Promise<SentMail[]> {
  await t.app.get(MailSender).flush();
  const dir = t.config.mail.outboxDir;
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).sort();
  const mails: SentMail[] = [];
  for (const file of files) {
    if (seen.has(file)) continue;
    seen.add(file);
    mails.push(parseMail(readFileSync(join(dir, file), 'utf8'), file));
  }
  return mails;
}

// superagent's parser type names its own Response; the stream is all that is used.
export const binary = (res: any, callback: (error: Error | null, body: any) => void) => {
  const chunks: Buffer[] = [];
  (res as NodeJS.ReadableStream).on('data', (chunk: Buffer) => chunks.push(chunk));
  (res as NodeJS.ReadableStream).on('end', () => callback(null, Buffer.concat(chunks)));
};

/**
 * A project in review whose solution document (revision 1) was sent for sign-off to the
 * customer's first contact, and the token of the link in the mail that contact received.
 */
export async function solutionSentForSignoff(
  t: TestApp,
  world: ProjectWorld,
): Promise<{ projectId: string; document: DocumentRecord; token: string }> {
  const { id, p } = await readyForReview(t, world);
  await p.post(world.consultant.token, '/send');
  const admin = await adminActor(t);
  const document = await issueStageDocument(t, admin, world.customerId, id, 'solution-document');
  const contacts = await t.http
    .get(`/customers/${world.customerId}/contacts`)
    .set(bearer(t.adminToken))
    .expect(200);
  await t.http
    .post('/signoffs')
    .set(bearer(world.consultant.token))
    .send({
      documentId: document.id,
      subject: { subject: 'project_revision', projectId: id, revision: 1 },
      contactIds: [contacts.body[0].id],
    })
    .expect(201);
  // The send step's own mail (the documents for review) goes first; take the sign-off one.
  const mail = (await deliverMails(t)).find((m) => m.token);
  if (!mail?.token) throw new Error('the sign-off mail carries no link');
  return { projectId: id, document, token: mail.token };
}

import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DOCUMENT_KIND_DEFINITIONS, DOCUMENT_KINDS } from '../src/document-kinds.js';
import { DocumentEngine, type RenderJob } from '../src/documents/document-engine.js';
import { generatedInvoiceJob } from './invoice-generator.js';
import { templatesDir } from './measure.js';
import { referenceDocuments } from './reference-documents.js';

/**
 * `npm run bench:pdf-corpus -- <dir>`: renders a fixed set of documents (the reference
 * documents, every kind's sample in both locales as final and as draft, and 60 distinct
 * generated invoices, every tenth with words no other has) into `<dir>` and prints each file's
 * SHA-256. Every job carries its own creation date and ID, so two runs of the same code give
 * the same bytes: run it before and after a change to the renderer and compare the lists
 * (`diff`) to show the change kept every PDF byte-identical.
 */
const out = process.argv[2];
if (!out) throw new Error('usage: pdf-corpus <output dir>');
mkdirSync(out, { recursive: true });

const engine = DocumentEngine.load(templatesDir(), DOCUMENT_KINDS);
const jobs: Array<{ name: string; job: RenderJob }> = [];
for (const [i, { job }] of (await referenceDocuments()).entries()) {
  jobs.push({ name: `reference-${i}`, job });
}
for (const definition of DOCUMENT_KIND_DEFINITIONS) {
  for (const locale of ['de', 'en'] as const) {
    for (const draft of [false, true]) {
      jobs.push({
        name: `${definition.kind}-${locale}${draft ? '-draft' : ''}`,
        job: {
          kind: definition.kind,
          locale,
          view: definition.sample(locale),
          draft,
          timeZone: 'Europe/Berlin',
          issuedAt: '2026-12-15T10:00:00.000Z',
        },
      });
    }
  }
}
for (let n = 1; n <= 60; n++) {
  jobs.push({ name: `generated-${n}`, job: await generatedInvoiceJob(n, n % 10 === 0) });
}

// Twice over, so words shaped by an earlier document (the caches) are part of what is compared.
for (const round of [1, 2]) {
  for (const { name, job } of jobs) {
    const { bytes } = await engine.render(job);
    const file = `${name}.${round}.pdf`;
    writeFileSync(join(out, file), bytes);
    process.stdout.write(`${createHash('sha256').update(bytes).digest('hex')}  ${file}\n`);
  }
}

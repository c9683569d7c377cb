import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pdfText } from '../../test/support/pdf-text.js';
import { DocumentEngine, type RenderJob } from './document-engine.js';
import { sampleViews } from '../../test/support/document-samples.js';
import { DOCUMENT_KINDS } from '../document-kinds.js';
import { RenderPool } from './render-pool.js';

const TEMPLATES = join(import.meta.dirname, '../../templates');

const job = (overrides: Partial<RenderJob> = {}): RenderJob => ({
  kind: 'acceptance-protocol',
  locale: 'de',
  view: sampleViews('de')['acceptance-protocol'],
  draft: false,
  timeZone: 'Europe/Berlin',
  issuedAt: '2026-12-15T10:00:00.000Z',
  ...overrides,
});

describe('render pool on real worker threads', () => {
  let engine: DocumentEngine;
  let pool: RenderPool;

  beforeAll(() => {
    engine = DocumentEngine.load(TEMPLATES, DOCUMENT_KINDS);
    pool = new RenderPool(2, TEMPLATES, engine);
  });
  afterAll(() => pool.close());

  it('starts no worker until there is work', () => {
    expect(pool.stats()).toEqual({ workers: 0, busy: 0, queued: 0 });
  });

  it('renders on workers the same bytes as inline', async () => {
    const [fromWorker, inline] = await Promise.all([pool.render(job()), engine.render(job())]);
    expect(Buffer.compare(fromWorker.bytes, inline.bytes)).toBe(0);
    expect(fromWorker.templateVersion).toBe(engine.templateVersion);
    expect((await pdfText(fromWorker.bytes)).text).toContain('Abnahmeprotokoll');
  });

  it('spreads a burst over the pool size and queues the rest, in order of the results', async () => {
    const locales = ['de', 'en', 'de', 'en', 'de', 'en'] as const;
    const pending = locales.map((locale) =>
      pool.render(job({ kind: 'qa-protocol', locale, view: sampleViews(locale)['qa-protocol'] })),
    );
    const stats = pool.stats();
    expect(stats.workers).toBe(2);
    expect(stats.busy + stats.queued).toBe(locales.length);
    const results = await Promise.all(pending);
    const texts = await Promise.all(results.map((result) => pdfText(result.bytes)));
    texts.forEach((text, i) =>
      expect(text.text).toContain(locales[i] === 'de' ? 'QA-Protokoll' : 'QA protocol'),
    );
    expect(pool.stats()).toMatchObject({ busy: 0, queued: 0 });
  });

  it('warm() starts every worker and renders the jobs on each round, then idles', async () => {
    const warming = new RenderPool(2, TEMPLATES, engine);
    try {
      const started = warming.warm([job()], 2);
      expect(warming.stats()).toEqual({ workers: 2, busy: 2, queued: 2 });
      await started;
      expect(warming.stats()).toEqual({ workers: 2, busy: 0, queued: 0 });
    } finally {
      await warming.close();
    }
  });

  it('rejects a job the template cannot render and keeps working', async () => {
    const broken = job({
      view: { ...sampleViews('de')['acceptance-protocol'], documentDate: 'gestern' },
    });
    await expect(pool.render(broken)).rejects.toThrow('not a day (YYYY-MM-DD): gestern');
    await expect(pool.render(job())).resolves.toMatchObject({
      templateVersion: engine.templateVersion,
    });
  });

  it('keeps base letters in the text layer after a worker drew their composed forms', async () => {
    // One worker, so every document comes from the same parsed fonts.
    const single = new RenderPool(1, TEMPLATES, engine);
    const withAppendix = (line: string) =>
      job({
        appendix: {
          pageLabel: 'Anhang',
          blocks: [
            {
              type: 'paragraph',
              style: 'normal',
              align: 'left',
              // Bold italic: a face the protocol itself does not use, so no plain letter of it comes first.
              content: [{ text: line, bold: true, italic: true }],
            },
          ],
        },
      });
    const lines = [
      'Österreich Äpfel Übergabe café niño Straße Effizienz fließen',
      'Wartung Oktober P-4711 Apfel Umzug cafe nino Strasse fi fl',
    ];
    try {
      for (const line of [...lines, ...lines]) {
        const { bytes } = await single.render(withAppendix(line));
        expect((await pdfText(bytes)).text.split('\n')).toContain(line);
      }
    } finally {
      await single.close();
    }
  });
});

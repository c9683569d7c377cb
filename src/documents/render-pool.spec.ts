import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
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
    expect(pool.stats()).toEqual({ workers: 0, busy: 0, queued: 0, recycled: 0 });
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
      expect(warming.stats()).toMatchObject({ workers: 2, busy: 2, queued: 2 });
      await started;
      expect(warming.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0 });
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

/** The pool's serving workers (white box: a test kills one the way a crash would). */
const workersOf = (pool: RenderPool) =>
  (pool as unknown as { slots: Array<{ worker: Worker; state: string }> }).slots
    .filter((slot) => slot.state === 'serving')
    .map((slot) => slot.worker);

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 60_000) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('render pool workers: bounds, recycling, deaths', () => {
  let engine: DocumentEngine;
  beforeAll(() => {
    engine = DocumentEngine.load(TEMPLATES, DOCUMENT_KINDS);
  });

  const textOf = async (result: Promise<{ bytes: Buffer }>) =>
    (await pdfText((await result).bytes)).text;

  it('gives each worker the heap limit it was configured with', async () => {
    const heapMb = 64;
    const bounded = new RenderPool(1, TEMPLATES, engine, { heapMb });
    try {
      await bounded.render(job());
      const [{ limit }] = await bounded.workerHeaps();
      // V8's limit is the old generation plus the young one's semi-spaces (16 MiB asked).
      expect(limit).toBeGreaterThanOrEqual(heapMb * 1024 * 1024);
      expect(limit).toBeLessThanOrEqual((heapMb + 3 * 16) * 1024 * 1024);
    } finally {
      await bounded.close();
    }
  });

  it('replaces a worker after its documents and keeps serving every job meanwhile', async () => {
    const recycling = new RenderPool(1, TEMPLATES, engine, { recycleDocs: 2 });
    try {
      const served = new Set<Worker>();
      let rendered = 0;
      // Jobs one after another while successors start and warm up, until two have taken over.
      while (recycling.stats().recycled < 2) {
        const locale = rendered % 2 === 0 ? 'de' : 'en';
        const text = await textOf(
          recycling.render(
            job({ kind: 'qa-protocol', locale, view: sampleViews(locale)['qa-protocol'] }),
          ),
        );
        expect(text).toContain(locale === 'de' ? 'QA-Protokoll' : 'QA protocol');
        rendered++;
        for (const worker of workersOf(recycling)) served.add(worker);
        expect(rendered).toBeLessThan(500);
      }
      for (const worker of workersOf(recycling)) served.add(worker);
      expect(served.size).toBe(3);
      expect(recycling.stats()).toMatchObject({ workers: 1, busy: 0, queued: 0 });
    } finally {
      await recycling.close();
    }
  });

  it('retries the job of a worker that died on another worker', async () => {
    const single = new RenderPool(1, TEMPLATES, engine);
    try {
      const rendering = textOf(single.render(job()));
      const [worker] = workersOf(single);
      await worker.terminate();
      expect(await rendering).toContain('Abnahmeprotokoll');
      expect(workersOf(single)).toHaveLength(1);
      expect(workersOf(single)[0]).not.toBe(worker);
    } finally {
      await single.close();
    }
  });

  it('fails a job two workers died on with a clear error, and renders the next one', async () => {
    const single = new RenderPool(1, TEMPLATES, engine);
    try {
      const rendering = single.render(job());
      const [first] = workersOf(single);
      await first.terminate();
      await until(() => workersOf(single).length === 1 && workersOf(single)[0] !== first);
      await workersOf(single)[0].terminate();
      await expect(rendering).rejects.toThrow('two render workers died on it');
      expect(await textOf(single.render(job()))).toContain('Abnahmeprotokoll');
    } finally {
      await single.close();
    }
  });

  it('fails a job with a clear error when every worker runs out of memory', async () => {
    // 8 MiB does not hold the parsed fonts and templates: each worker dies of it.
    const starved = new RenderPool(1, TEMPLATES, engine, { heapMb: 8 });
    try {
      await expect(starved.render(job())).rejects.toThrow(/two render workers died on it.*memory/i);
    } finally {
      await starved.close();
    }
  });
});

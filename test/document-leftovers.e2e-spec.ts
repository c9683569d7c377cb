import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { startTestApp } from './support/test-app.js';

describe('document folder after a killed instance', () => {
  const folder = mkdtempSync(join(tmpdir(), 'freigabe-documents-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('the next start removes the half-written .tmp file and keeps the stored documents', async () => {
    mkdirSync(join(folder, 'invoices'), { recursive: true });
    const leftover = join(folder, 'invoices', 'x.pdf.4711.tmp');
    const stored = join(folder, 'invoices', 'y.pdf');
    writeFileSync(leftover, '%PDF-1.7 half');
    writeFileSync(stored, '%PDF-1.7 whole');
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(leftover, hourAgo, hourAgo);

    const t = await startTestApp({ DOCUMENT_STORAGE: 'folder', DOCUMENT_STORAGE_PATH: folder });
    try {
      expect({ leftover: existsSync(leftover), stored: existsSync(stored) }).toEqual({
        leftover: false,
        stored: true,
      });
    } finally {
      await t.close();
    }
  });
});

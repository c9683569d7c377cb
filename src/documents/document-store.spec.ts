import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderDocumentStore, LEFTOVER_AGE_MS } from './document-store.js';

describe('folder document store: leftovers of a killed writer', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'freigabe-store-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function file(relative: string, ageMs: number): string {
    const path = join(root, relative);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'x');
    const at = new Date(Date.now() - ageMs);
    utimesSync(path, at, at);
    return path;
  }

  it('removes old .tmp files in every folder and keeps stored documents and fresh writes', async () => {
    const oldTop = file('a.pdf.4711.tmp', LEFTOVER_AGE_MS + 60_000);
    const oldNested = file('2026/11/b.pdf.815.tmp', 24 * 3_600_000);
    // Another instance on the same shared folder may be writing this one right now.
    const fresh = file('2026/11/c.pdf.999.tmp', 1_000);
    const stored = file('2026/11/d.pdf', 24 * 3_600_000);
    const store = new FolderDocumentStore(root);

    await expect(store.removeLeftovers()).resolves.toBe(2);

    expect([oldTop, oldNested, fresh, stored].map((p) => existsSync(p))).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });

  it('an empty or missing folder is fine', async () => {
    await expect(new FolderDocumentStore(join(root, 'not-yet')).removeLeftovers()).resolves.toBe(0);
  });
});

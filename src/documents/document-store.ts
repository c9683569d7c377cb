import { mkdir, open, readdir, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { DataSource } from 'typeorm';
import type { DocumentStorage } from '../config/app-config.js';
import type { Tx } from '../database/transactions.js';
import { DocumentContent } from './document.entity.js';

/**
 * Where the bytes of issued documents live. Several app instances need one shared store:
 * the database (bytes in `document_contents`, written in the issuing transaction), or a
 * folder on shared storage. The folder is the embedded default for a single instance.
 */
export interface DocumentStore {
  readonly kind: DocumentStorage;
  put(tx: Tx, key: string, bytes: Buffer): Promise<void>;
  /** The stored bytes, or null when nothing is stored under the key. */
  get(key: string): Promise<Buffer | null>;
}

export class DatabaseDocumentStore implements DocumentStore {
  readonly kind = 'database' as const;

  constructor(private readonly dataSource: DataSource) {}

  async put(tx: Tx, key: string, bytes: Buffer): Promise<void> {
    await tx.manager.insert(DocumentContent, { storageKey: key, bytes });
  }

  async get(key: string): Promise<Buffer | null> {
    const row = await this.dataSource.getRepository(DocumentContent).findOneBy({ storageKey: key });
    return row ? Buffer.from(row.bytes) : null;
  }
}

/**
 * A `.tmp` file older than this is a leftover of a writer that died (kill -9, power loss): a
 * write takes seconds. A younger one may belong to another instance writing to the same
 * shared folder right now, so it stays.
 */
export const LEFTOVER_AGE_MS = 10 * 60_000;

export class FolderDocumentStore implements DocumentStore {
  readonly kind = 'folder' as const;
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /**
   * Written before the transaction commits (a file cannot join it): a rolled-back issue
   * leaves an unreferenced file behind, never a row without its file. Files are written
   * under a temporary name, synced and renamed, so a reader never sees half a file; keys
   * contain the document's UUID, so no file is ever replaced.
   */
  async put(_tx: Tx, key: string, bytes: Buffer): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    const file = await open(temporary, 'wx');
    try {
      await file.writeFile(bytes);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temporary, path);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }

  /** Removes the temporary files of killed writers (run at start); returns how many. */
  async removeLeftovers(now = Date.now()): Promise<number> {
    let entries;
    try {
      entries = await readdir(this.root, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const entry of entries) {
      if (!entry.isFile() || !entry.name.endsWith('.tmp')) continue;
      const path = join(entry.parentPath, entry.name);
      const info = await stat(path).catch(() => null);
      if (!info || now - info.mtimeMs < LEFTOVER_AGE_MS) continue;
      await unlink(path).catch(() => undefined);
      removed++;
    }
    return removed;
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private pathOf(key: string): string {
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`storage key ${key} leaves the store`);
    return path;
  }
}

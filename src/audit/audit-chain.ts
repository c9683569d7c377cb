import { createHash } from 'node:crypto';
import { canonicalJson } from '../common/canonical-json.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  seq: number;
  occurredAt: Date;
  actorId: string | null;
  actorLabel: string;
  entityType: string;
  entityId: string;
  action: string;
  /** Canonical JSON text, hashed exactly as stored. */
  changes: string;
  reason: string | null;
  prevHash: string;
}

export interface ChainedEntry extends ChainFields {
  hash: string;
}

// Canonical JSON is shared (documents, revision diffs and field diffs use it too); the chain
// hashes exactly what it returns.
export { canonicalJson };

/** The entry's hash covers every field and the previous entry's hash. */
export function entryHash(fields: ChainFields): string {
  const material = JSON.stringify([
    fields.seq,
    fields.occurredAt.toISOString(),
    fields.actorId,
    fields.actorLabel,
    fields.entityType,
    fields.entityId,
    fields.action,
    fields.changes,
    fields.reason,
    fields.prevHash,
  ]);
  return createHash('sha256').update(material).digest('hex');
}

export interface ChainBreak {
  seq: number;
  problem: 'missing_entry' | 'previous_hash_mismatch' | 'hash_mismatch' | 'head_mismatch';
}

/** Checks entries in ascending order, one at a time, so any number of pages can be streamed. */
export class ChainVerifier {
  private expectedSeq = 1;
  private previousHash = GENESIS_HASH;
  checked = 0;

  push(entry: ChainedEntry): ChainBreak | null {
    if (entry.seq !== this.expectedSeq) return { seq: this.expectedSeq, problem: 'missing_entry' };
    if (entry.prevHash !== this.previousHash) {
      return { seq: entry.seq, problem: 'previous_hash_mismatch' };
    }
    if (entryHash(entry) !== entry.hash) return { seq: entry.seq, problem: 'hash_mismatch' };
    this.expectedSeq += 1;
    this.previousHash = entry.hash;
    this.checked += 1;
    return null;
  }

  /** The head records the last entry written: entries removed from the end show up here. */
  finish(head: { lastSeq: number; lastHash: string }): ChainBreak | null {
    if (head.lastSeq !== this.expectedSeq - 1 || head.lastHash !== this.previousHash) {
      return { seq: Math.min(head.lastSeq, this.expectedSeq), problem: 'head_mismatch' };
    }
    return null;
  }

  get lastHash(): string {
    return this.previousHash;
  }
}

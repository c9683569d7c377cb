import { describe, expect, it } from '@jest/globals';
import {
  canonicalJson,
  ChainVerifier,
  entryHash,
  GENESIS_HASH,
  type ChainedEntry,
} from './audit-chain.js';

function chain(length: number): ChainedEntry[] {
  const entries: ChainedEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const fields = {
      seq,
      occurredAt: new Date(Date.UTC(2026, 10, 22, 10, 0, seq)),
      actorId: null,
      actorLabel: 'system',
      entityType: 'customer',
      entityId: `c${seq}`,
      action: 'created',
      changes: canonicalJson({ name: `Kunde ${seq}` }),
      reason: null,
      prevHash,
    };
    const hash = entryHash(fields);
    entries.push({ ...fields, hash });
    prevHash = hash;
  }
  return entries;
}

function verify(
  entries: ChainedEntry[],
  head = { lastSeq: entries.length, lastHash: entries.at(-1)?.hash ?? GENESIS_HASH },
) {
  const verifier = new ChainVerifier();
  for (const entry of entries) {
    const broken = verifier.push(entry);
    if (broken) return broken;
  }
  return verifier.finish(head);
}

describe('audit hash chain', () => {
  it('accepts an intact chain, and an empty one', () => {
    expect(verify(chain(5))).toBeNull();
    expect(verify([])).toBeNull();
  });

  it('names the entry whose content was changed', () => {
    const entries = chain(5);
    entries[2] = { ...entries[2], changes: canonicalJson({ name: 'Forged' }) };
    expect(verify(entries)).toEqual({ seq: 3, problem: 'hash_mismatch' });
  });

  it('names the entry after one that was re-hashed to hide a change', () => {
    const entries = chain(5);
    const forged = { ...entries[1], reason: 'rewritten' };
    entries[1] = { ...forged, hash: entryHash(forged) };
    expect(verify(entries)).toEqual({ seq: 3, problem: 'previous_hash_mismatch' });
  });

  it('names a removed entry in the middle', () => {
    const entries = chain(5);
    entries.splice(1, 1);
    expect(verify(entries)).toEqual({ seq: 2, problem: 'missing_entry' });
  });

  it('catches entries removed from the end through the head', () => {
    const entries = chain(5);
    const head = { lastSeq: 5, lastHash: entries[4].hash };
    expect(verify(entries.slice(0, 4), head)).toEqual({ seq: 5, problem: 'head_mismatch' });
  });

  it('hashes canonically: key order does not matter, values do', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    const [entry] = chain(1);
    expect(entryHash({ ...entry, actorLabel: 'someone' })).not.toBe(entry.hash);
  });
});

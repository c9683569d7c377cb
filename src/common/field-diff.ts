import { canonicalJson } from './canonical-json.js';

/**
 * Field-by-field differences between two snapshots: `{ field: { from, to } }`. Values compare
 * by their canonical JSON, so a Date equal to its reloaded copy, or an object with its keys in
 * another order, is no change.
 */
export function diffFields<T extends object>(
  before: T,
  after: T,
  fields: ReadonlyArray<keyof T>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of fields) {
    if (canonicalJson(before[field]) !== canonicalJson(after[field])) {
      changes[String(field)] = { from: before[field] ?? null, to: after[field] ?? null };
    }
  }
  return changes;
}

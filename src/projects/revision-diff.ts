import { canonicalJson } from '../common/canonical-json.js';
import type { EstimateLine, EstimateTotals } from './estimate.js';

export const PRIORITIES = ['must', 'should', 'could'] as const;
export type Priority = (typeof PRIORITIES)[number];

export interface RequirementSnapshot {
  id: string;
  number: number;
  text: string;
  priority: Priority;
  acceptanceCriterion: string;
  solution: string | null;
}

/** What a revision freezes: concept, solution and estimate, exactly as sent. */
export interface RevisionContent {
  title: string;
  background: string;
  goals: string;
  billingMode: 'fixed_price' | 'time_and_materials';
  vatRateBp: number;
  validUntil: string | null;
  terms: string | null;
  requirements: RequirementSnapshot[];
  items: Array<EstimateLine & { position: number }>;
  totals: EstimateTotals;
}

type Change<T> = { from: T; to: T };

export interface RevisionDiff {
  fields: Record<string, Change<unknown>>;
  requirements: {
    added: RequirementSnapshot[];
    removed: RequirementSnapshot[];
    changed: Array<{ id: string; number: number; changes: Record<string, Change<unknown>> }>;
  };
  items: {
    added: EstimateLine[];
    removed: EstimateLine[];
    changed: Array<{ id: string; title: string; changes: Record<string, Change<unknown>> }>;
  };
  totals: {
    requiredNetCents: Change<number>;
    optionalNetCents: Change<number>;
    /** Gross with no options chosen, as frozen in each revision. */
    grossCents: Change<number>;
  };
}

const FIELD_KEYS = [
  'title',
  'background',
  'goals',
  'billingMode',
  'vatRateBp',
  'validUntil',
  'terms',
] as const;
const REQUIREMENT_KEYS = ['number', 'text', 'priority', 'acceptanceCriterion', 'solution'] as const;
const ITEM_KEYS = [
  'title',
  'description',
  'quantity',
  'unit',
  'unitPriceCents',
  'optional',
] as const;

function changesOf<T extends object>(before: T, after: T, keys: readonly (keyof T)[]) {
  const changes: Record<string, Change<unknown>> = {};
  for (const key of keys) {
    if (canonicalJson(before[key]) !== canonicalJson(after[key])) {
      changes[String(key)] = { from: before[key], to: after[key] };
    }
  }
  return changes;
}

function diffById<T extends { id: string }>(
  before: readonly T[],
  after: readonly T[],
  keys: readonly (keyof T)[],
) {
  const old = new Map(before.map((x) => [x.id, x]));
  const now = new Map(after.map((x) => [x.id, x]));
  return {
    added: after.filter((x) => !old.has(x.id)),
    removed: before.filter((x) => !now.has(x.id)),
    changed: after
      .filter((x) => old.has(x.id))
      .map((x) => ({ item: x, changes: changesOf(old.get(x.id)!, x, keys) }))
      .filter((x) => Object.keys(x.changes).length > 0),
  };
}

/**
 * What changed from one revision to the next, so the customer sees exactly what they are
 * asked to approve again. Requirements and lines keep their ids across revisions, so a
 * reworded requirement is "changed", not "removed and added".
 */
export function diffRevisions(before: RevisionContent, after: RevisionContent): RevisionDiff {
  const requirements = diffById(before.requirements, after.requirements, REQUIREMENT_KEYS);
  const items = diffById(before.items, after.items, ITEM_KEYS);
  const strip = ({ position: _position, ...line }: EstimateLine & { position: number }) => line;
  return {
    fields: changesOf(before, after, FIELD_KEYS),
    requirements: {
      added: requirements.added,
      removed: requirements.removed,
      changed: requirements.changed.map(({ item, changes }) => ({
        id: item.id,
        number: item.number,
        changes,
      })),
    },
    items: {
      added: items.added.map(strip),
      removed: items.removed.map(strip),
      changed: items.changed.map(({ item, changes }) => ({
        id: item.id,
        title: item.title,
        changes,
      })),
    },
    totals: {
      requiredNetCents: { from: before.totals.requiredNetCents, to: after.totals.requiredNetCents },
      optionalNetCents: { from: before.totals.optionalNetCents, to: after.totals.optionalNetCents },
      grossCents: { from: before.totals.grossCents, to: after.totals.grossCents },
    },
  };
}

export const EMPTY_CONTENT: RevisionContent = {
  title: '',
  background: '',
  goals: '',
  billingMode: 'fixed_price',
  vatRateBp: 0,
  validUntil: null,
  terms: null,
  requirements: [],
  items: [],
  totals: {
    lines: [],
    requiredNetCents: 0,
    optionalNetCents: 0,
    netCents: 0,
    vatRateBp: 0,
    vatCents: 0,
    grossCents: 0,
  },
};

import { describe, expect, it } from '@jest/globals';
import { estimateTotals } from './estimate.js';
import { diffRevisions, EMPTY_CONTENT, type RevisionContent } from './revision-diff.js';

function content(overrides: Partial<RevisionContent>): RevisionContent {
  const items = overrides.items ?? [];
  return {
    ...EMPTY_CONTENT,
    title: 'Mailserver',
    background: 'Alt',
    goals: 'Neu',
    vatRateBp: 1900,
    validUntil: '2026-12-31',
    ...overrides,
    items,
    totals: estimateTotals(items, 1900),
  };
}

const req = (id: string, number: number, text: string) => ({
  id,
  number,
  text,
  priority: 'must' as const,
  acceptanceCriterion: 'ok',
  solution: 'so',
});
const item = (id: string, quantity: number, unitPriceCents: number, position = 0) => ({
  id,
  position,
  title: id,
  description: null,
  quantity,
  unit: 'hour' as const,
  unitPriceCents,
  optional: false,
});

describe('what changed between two revisions', () => {
  it('tells added, removed and reworded requirements apart by their ids', () => {
    const before = content({
      requirements: [req('r1', 1, 'Postfächer'), req('r2', 2, 'Kalender')],
    });
    const after = content({
      requirements: [req('r1', 1, 'Postfächer und Archive'), req('r3', 2, 'Ordner')],
    });
    const diff = diffRevisions(before, after);
    expect(diff.requirements.added.map((r) => r.id)).toEqual(['r3']);
    expect(diff.requirements.removed.map((r) => r.id)).toEqual(['r2']);
    expect(diff.requirements.changed).toEqual([
      {
        id: 'r1',
        number: 1,
        changes: { text: { from: 'Postfächer', to: 'Postfächer und Archive' } },
      },
    ]);
  });

  it('shows lines and totals before → after', () => {
    const before = content({ items: [item('a', 10_000, 12_000), item('b', 1_000, 5_000, 1)] });
    const after = content({ items: [item('a', 12_000, 12_000), item('c', 1_000, 7_500, 1)] });
    const diff = diffRevisions(before, after);
    expect(diff.items.changed).toEqual([
      { id: 'a', title: 'a', changes: { quantity: { from: 10_000, to: 12_000 } } },
    ]);
    expect(diff.items.added.map((i) => i.id)).toEqual(['c']);
    expect(diff.items.removed.map((i) => i.id)).toEqual(['b']);
    // 1.250,00 € → 1.515,00 €; gross × 1,19.
    expect(diff.totals.requiredNetCents).toEqual({ from: 125_000, to: 151_500 });
    expect(diff.totals.grossCents).toEqual({ from: 148_750, to: 180_285 });
  });

  it('reports changed fields and nothing when nothing changed', () => {
    const base = content({ requirements: [req('r1', 1, 'x')] });
    expect(diffRevisions(base, { ...base, validUntil: '2027-01-31' }).fields).toEqual({
      validUntil: { from: '2026-12-31', to: '2027-01-31' },
    });
    const same = diffRevisions(base, base);
    expect(same.fields).toEqual({});
    expect(same.requirements).toEqual({ added: [], removed: [], changed: [] });
  });

  it('diffs the first revision against nothing: everything is added', () => {
    const first = content({ requirements: [req('r1', 1, 'x')], items: [item('a', 1_000, 100)] });
    const diff = diffRevisions(EMPTY_CONTENT, first);
    expect(diff.requirements.added).toHaveLength(1);
    expect(diff.items.added).toHaveLength(1);
  });
});

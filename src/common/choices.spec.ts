import { describe, expect, it } from '@jest/globals';
import { isChosenId, toChoices } from './choices.js';

const a = { id: '11111111-1111-4111-8111-111111111111' };
const b = { id: '22222222-2222-4222-8222-222222222222' };
const c = { id: '33333333-3333-4333-8333-333333333333' };

describe('toChoices', () => {
  it.each([
    // [search, matches, chosenId, chosen row read by the caller, items, chosenId shown]
    ['no search, nothing chosen', undefined, [a, b], undefined, null, [a, b], null],
    ['the choice among the matches', undefined, [a, b], b.id, null, [a, b], b.id],
    ['the choice outside the matches goes first', 'x', [a, b], c.id, c, [c, a, b], c.id],
    ['a search with one match has chosen it', 'x', [a], undefined, null, [a], a.id],
    ['one match but no search chooses nothing', '', [a], undefined, null, [a], null],
    ['a choice the caller may not see is dropped', 'x', [a, b], c.id, null, [a, b], null],
    ['the only match yields to the form’s choice', 'x', [a], c.id, c, [c, a], c.id],
  ] as const)('%s', (_, q, matches, chosenId, chosen, items, shown) => {
    const choices = toChoices(q, [...matches], true, chosenId, chosen);
    expect(choices.items).toEqual(items);
    expect(choices.chosenId).toBe(shown);
    expect(choices.q).toBe(q ?? '');
    expect(choices.more).toBe(true);
  });
});

describe('isChosenId', () => {
  it.each([
    [a.id, true],
    [undefined, false],
    ['', false],
    ['not-a-uuid', false],
    [`${a.id}x`, false],
  ])('%s → %s', (id, expected) => {
    expect(isChosenId(id)).toBe(expected);
  });
});

import { describe, expect, it } from '@jest/globals';
import { diffFields } from './field-diff.js';

type Row = { a: unknown; b: unknown; c?: unknown };

describe('diffFields', () => {
  it('records only the fields that changed', () => {
    expect(
      diffFields({ a: 1, b: 'x', c: null }, { a: 1, b: 'y', c: null }, ['a', 'b', 'c']),
    ).toEqual({
      b: { from: 'x', to: 'y' },
    });
  });

  it.each<[string, Row, Row, Record<string, { from: unknown; to: unknown }>]>([
    ['nothing changed', { a: 1, b: 'x' }, { a: 1, b: 'x' }, {}],
    ['a date equal to its copy', { a: new Date(0), b: 1 }, { a: new Date(0), b: 1 }, {}],
    [
      'a later date',
      { a: new Date(0), b: 1 },
      { a: new Date(1000), b: 1 },
      { a: { from: new Date(0), to: new Date(1000) } },
    ],
    [
      'objects with keys in another order',
      { a: { x: 1, y: 2 }, b: 1 },
      { a: { y: 2, x: 1 }, b: 1 },
      {},
    ],
    [
      'a changed array element',
      { a: [1, 2], b: 1 },
      { a: [1, 3], b: 1 },
      { a: { from: [1, 2], to: [1, 3] } },
    ],
    ['a value cleared', { a: 'x', b: 1 }, { a: null, b: 1 }, { a: { from: 'x', to: null } }],
    [
      'undefined is recorded as null',
      { a: 1, b: undefined },
      { a: 1, b: 2 },
      { b: { from: null, to: 2 } },
    ],
    ['0 and "0" differ', { a: 0, b: 1 }, { a: '0', b: 1 }, { a: { from: 0, to: '0' } }],
  ])('%s', (_, before, after, expected) => {
    expect(diffFields(before, after, ['a', 'b'])).toEqual(expected);
  });

  it('looks only at the fields it is given', () => {
    expect(diffFields<Row>({ a: 1, b: 1, c: 1 }, { a: 1, b: 1, c: 2 }, ['a', 'b'])).toEqual({});
  });
});

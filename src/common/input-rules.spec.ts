import { describe, expect, it } from '@jest/globals';
import { MAX_REQUEST_NUMBER, nestingDepth, universalFieldErrors } from './input-rules.js';

const nestedArrays = (levels: number): unknown =>
  JSON.parse('['.repeat(levels) + ']'.repeat(levels));

describe('nestingDepth', () => {
  it.each<[string, unknown, number]>([
    ['a string', 'text', 0],
    ['null', null, 0],
    ['an empty object', {}, 1],
    ['an empty array', [], 1],
    ['an object with scalars', { a: 1, b: 'x' }, 1],
    ['an array of objects', [{ a: 1 }, { b: 2 }], 2],
    ['the deepest branch', { a: 1, b: { c: [{ d: 1 }] }, e: [] }, 4],
    ['32 arrays', nestedArrays(32), 32],
  ])('%s', (_, value, depth) => {
    expect(nestingDepth(value)).toBe(depth);
  });

  it('walks 100,000 levels without recursion and stops at the limit', () => {
    const deep = nestedArrays(100_000);
    expect(nestingDepth(deep, 32)).toBe(33);
    expect(nestingDepth(deep)).toBe(100_000);
  });
});

describe('universalFieldErrors', () => {
  it.each<[string, unknown, string[]]>([
    ['plain text', { name: 'Müller & Söhne' }, []],
    ['tab, line feed, carriage return', { street: 'a\tb\r\nc' }, []],
    ['NUL', { name: 'a\u0000b' }, ['name']],
    ['a bell', { name: 'a\u0007' }, ['name']],
    ['escape', { name: '\u001b[31m' }, ['name']],
    ['DEL', { name: 'x\u007f' }, ['name']],
    ['a nested field', { contacts: [{ name: 'ok' }, { name: 'a\u0000' }] }, ['contacts.1.name']],
    ['a key', { ['a\u0000']: 1 }, ['a\u0000']],
    ['a string body', '\u0000', ['body']],
    ['the largest number', { version: MAX_REQUEST_NUMBER }, []],
    ['the smallest number', { delta: -MAX_REQUEST_NUMBER }, []],
    ['a fraction', { quantity: 1.25 }, []],
    ['one beyond', { version: MAX_REQUEST_NUMBER + 1 }, ['version']],
    ['2^53 + 1', { version: 2 ** 53 + 1 }, ['version']],
    ['1e308', { version: 1e308 }, ['version']],
    ['below the smallest', { minutes: -1e20 }, ['minutes']],
    ['two fields in order', { a: '\u0000', b: { c: 1e10 } }, ['a', 'b.c']],
  ])('%s', (_, value, fields) => {
    expect(universalFieldErrors(value).map((e) => e.field)).toEqual(fields);
  });
});

import { describe, expect, it } from '@jest/globals';
import { GenerationalCache } from './text-measure.js';

describe('GenerationalCache', () => {
  it.each([
    // [limit, operations, keys left]
    // a, b, c turned over into the old generation, d is young
    [3, 'set a, set b, set c, set d', ['a', 'b', 'c', 'd']],
    // d, e, f turn over and drop the old generation
    [3, 'set a, set b, set c, set d, set e, set f', ['d', 'e', 'f']],
    // a hit in the old generation brings a back into the young one, which keeps it
    [3, 'set a, set b, set c, get a, set d, set e', ['a', 'd', 'e']],
    // a hit in the young generation moves nothing: a goes with its generation
    [3, 'set a, get a, get a, set b, set c, set d, set e, set f', ['d', 'e', 'f']],
    [1, 'set a, set b, set c', ['c']],
  ])('limit %i, %s: keeps %j', (limit, operations, left) => {
    const cache = new GenerationalCache<string, number>(limit);
    for (const operation of operations.split(', ')) {
      const [verb, key] = operation.split(' ');
      if (verb === 'set') cache.set(key, 1);
      else expect(cache.get(key)).toBe(1);
    }
    expect(cache.size).toBe(left.length);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].filter((key) => cache.has(key))).toEqual(left);
  });

  it('never holds twice its entry bound, and keeps what is used', () => {
    const limit = 50;
    const cache = new GenerationalCache<string, number>(limit);
    cache.set('label', -1);
    for (let i = 0; i < 1_000; i++) {
      cache.set(`word ${i}`, i);
      // a word every document uses, asked for now and then, is never dropped
      if (i % 30 === 0) expect(cache.get('label')).toBe(-1);
      expect(cache.size).toBeLessThan(2 * limit);
    }
    expect(cache.get('word 999')).toBe(999);
    expect(cache.get('word 0')).toBeUndefined();
  });

  it('turns over by bytes when the entries are heavy, counting replaced and promoted entries once', () => {
    const cache = new GenerationalCache<string, number>(100, {
      bytes: 10,
      weigh: (_, value) => value,
    });
    cache.set('a', 4);
    cache.set('b', 4);
    cache.set('b', 5); // replacing an entry replaces its bytes
    expect(cache.bytes).toBe(9);
    cache.set('c', 4); // 13 bytes: the young generation turns old
    expect(cache.bytes).toBe(13);
    expect(cache.get('a')).toBe(4); // promoted: its bytes move, they are not counted twice
    expect(cache.bytes).toBe(13);
    cache.set('d', 8); // 12 young bytes: the old generation (b, c) goes
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([
      4,
      undefined,
      undefined,
      8,
    ]);
    expect(cache.bytes).toBe(12);
    cache.set('e', 20); // over the bound alone: kept
    expect(cache.get('e')).toBe(20);
    expect([cache.hits, cache.misses]).toEqual([4, 2]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the limit %p', (limit) => {
    expect(() => new GenerationalCache(limit)).toThrow('limit');
  });
});

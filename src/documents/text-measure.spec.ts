import { describe, expect, it } from '@jest/globals';
import { LruCache } from './text-measure.js';

describe('LruCache', () => {
  it.each([
    // [limit, operations, keys left (oldest first)]
    [2, 'set a, set b, set c', ['b', 'c']],
    [2, 'set a, set b, get a, set c', ['a', 'c']],
    [2, 'set a, set b, set a, set c', ['a', 'c']],
    [3, 'set a, set b, set c, get a, get b, set d', ['a', 'b', 'd']],
    [1, 'set a, set b', ['b']],
  ])('limit %i, %s: keeps %j', (limit, operations, left) => {
    const cache = new LruCache<string, number>(limit);
    for (const operation of operations.split(', ')) {
      const [verb, key] = operation.split(' ');
      if (verb === 'set') cache.set(key, 1);
      else cache.get(key);
    }
    expect(cache.size).toBe(left.length);
    for (const key of ['a', 'b', 'c', 'd']) {
      expect(cache.get(key) !== undefined).toBe(left.includes(key));
    }
  });

  it('drops the least recently used entries past its byte bound, never the newest', () => {
    const cache = new LruCache<string, number>(100, { bytes: 10, weigh: (_, value) => value });
    cache.set('a', 4);
    cache.set('b', 4);
    expect(cache.get('a')).toBe(4); // a is now the most recent
    cache.set('c', 4); // 12 bytes: b goes
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([4, undefined, 4]);
    expect(cache.bytes).toBe(8);
    cache.set('a', 1); // replacing an entry replaces its bytes
    expect(cache.bytes).toBe(5);
    cache.set('d', 20); // over the bound alone: kept, everything older goes
    expect(cache.size).toBe(1);
    expect(cache.bytes).toBe(20);
    expect([cache.hits, cache.misses]).toEqual([3, 1]);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the limit %p', (limit) => {
    expect(() => new LruCache(limit)).toThrow('limit');
  });
});

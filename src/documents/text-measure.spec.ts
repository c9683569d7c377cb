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

  it.each([0, -1, 1.5, Number.NaN])('refuses the limit %p', (limit) => {
    expect(() => new LruCache(limit)).toThrow('limit');
  });
});

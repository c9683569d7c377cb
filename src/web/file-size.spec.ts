import { describe, expect, it } from '@jest/globals';
import { formatFileSize } from './file-size.js';

const NBSP = '\u00a0';

describe('formatFileSize', () => {
  it.each([
    [0, '0 B', '0 B'],
    [830, '830 B', '830 B'],
    [1023, '1023 B', '1023 B'],
    [1024, '1,0 KB', '1.0 KB'],
    [1536, '1,5 KB', '1.5 KB'],
    [10_188, '9,9 KB', '9.9 KB'],
    [10_240, '10 KB', '10 KB'],
    [1_258_291, '1,2 MB', '1.2 MB'],
    [10 * 1024 * 1024, '10 MB', '10 MB'],
    [1024 * 1024 - 100, '1,0 MB', '1.0 MB'],
  ])('%i bytes: "%s" in German, "%s" in English', (bytes, de, en) => {
    expect(formatFileSize(bytes, 'de')).toBe(de.replace(' ', NBSP));
    expect(formatFileSize(bytes, 'en')).toBe(en.replace(' ', NBSP));
  });
});

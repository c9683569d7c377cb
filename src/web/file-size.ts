import type { WebLocale } from './page-context.js';

const NBSP = '\u00a0';
const UNITS = ['B', 'KB', 'MB', 'GB'] as const;

/**
 * A file's size as people read it, in binary steps (1 KB = 1024 bytes, as the upload limit's
 * "10 MiB" counts): "830 B", "1,2 MB" (de) / "1.2 MB" (en), one decimal below 10, whole numbers
 * above; number and unit joined by a no-break space.
 */
export function formatFileSize(bytes: number, locale: WebLocale): string {
  let unit = 0;
  let value = bytes;
  while (unit < UNITS.length - 1 && value >= 1024) {
    value /= 1024;
    unit += 1;
  }
  let text = unit === 0 || value >= 9.95 ? String(Math.round(value)) : value.toFixed(1);
  // 1023.7 KB rounds to "1024 KB": that is "1.0 MB".
  if (text === '1024' && unit < UNITS.length - 1) {
    unit += 1;
    text = '1.0';
  }
  return `${locale === 'de' ? text.replace('.', ',') : text}${NBSP}${UNITS[unit]}`;
}

import { describe, expect, it } from '@jest/globals';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadWebLabels, lookupErrorText } from './web-labels.js';

function labelsDir(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'web-labels-'));
  for (const [name, content] of Object.entries(files)) {
    writeFileSync(join(dir, name), JSON.stringify(content));
  }
  return dir;
}

describe('web error texts', () => {
  const both = (text: string) => ({ errors: { 'PROJECT.INVALID_ACTION': text } });
  const labels = loadWebLabels(
    labelsDir({
      'portal.de.json': both('Kunde de'),
      'portal.en.json': both('Customer en'),
      'projects.de.json': { errors: { 'PROJECT.INVALID_ACTION': 'Staff de', 'X.Y': 'xy' } },
      'projects.en.json': { errors: { 'PROJECT.INVALID_ACTION': 'Staff en', 'X.Y': 'xy' } },
    }),
  );

  it('gives customers the portal wording and staff the console wording of the same code', () => {
    expect(lookupErrorText(labels, 'de', 'customer', 'PROJECT.INVALID_ACTION')).toBe('Kunde de');
    expect(lookupErrorText(labels, 'en', 'customer', 'PROJECT.INVALID_ACTION')).toBe('Customer en');
    expect(lookupErrorText(labels, 'de', 'staff', 'PROJECT.INVALID_ACTION')).toBe('Staff de');
  });

  it('falls back to the staff wording for customers, and to nothing for unknown codes', () => {
    expect(lookupErrorText(labels, 'de', 'customer', 'X.Y')).toBe('xy');
    expect(lookupErrorText(labels, 'de', 'staff', 'NOPE.NOPE')).toBeUndefined();
  });

  it('refuses to start when an error text exists in one language only', () => {
    const dir = labelsDir({
      'portal.de.json': both('Kunde de'),
      'portal.en.json': { errors: {} },
    });
    expect(() => loadWebLabels(dir)).toThrow(/customer error texts differ/);
  });
});

import { describe, expect, it } from '@jest/globals';
import { counterKey, DEFAULT_PATTERNS, formatNumber, patternProblem } from './number-pattern.js';

describe('invoice number patterns', () => {
  it.each([
    ['RE-{YYYY}-{SEQ:5}', '2026-11-22', 42, 'RE-2026-00042'],
    ['RE-{YYYY}-{SEQ:5}', '2027-01-01', 1, 'RE-2027-00001'],
    ['ST-{YY}/{SEQ:3}', '2026-03-01', 7, 'ST-26/007'],
    ['R{SEQ}', '2026-03-01', 123456, 'R123456'],
    ['RE-{YYYY}-{SEQ:2}', '2026-03-01', 123, 'RE-2026-123'],
  ])('%s on %s #%i → %s', (pattern, day, seq, expected) => {
    expect(formatNumber(pattern, day, seq)).toBe(expected);
  });

  it('the counter restarts with the year when the pattern names the year', () => {
    const pattern = DEFAULT_PATTERNS.invoice;
    expect(counterKey('invoice', pattern, '2026-12-31')).toBe('invoice:invoice:2026');
    expect(counterKey('invoice', pattern, '2027-01-01')).toBe('invoice:invoice:2027');
    expect(counterKey('invoice', 'R{SEQ:6}', '2026-12-31')).toBe(
      counterKey('invoice', 'R{SEQ:6}', '2027-01-01'),
    );
  });

  it('series have separate counters', () => {
    expect(counterKey('invoice', 'X{SEQ}', '2026-01-01')).not.toBe(
      counterKey('cancellation', 'X{SEQ}', '2026-01-01'),
    );
  });

  it.each([
    ['RE-{YYYY}-{SEQ:5}', null],
    ['RE-{YYYY}', 'the pattern must contain {SEQ} or {SEQ:n} exactly once'],
    ['{SEQ}-{SEQ}', 'the pattern must contain {SEQ} or {SEQ:n} exactly once'],
    ['RE {SEQ}', 'besides the tokens only letters, digits and - _ / . are allowed'],
    ['RE-{MONTH}-{SEQ}', 'besides the tokens only letters, digits and - _ / . are allowed'],
  ])('pattern %s → %s', (pattern, problem) => {
    expect(patternProblem(pattern)).toBe(problem);
  });
});

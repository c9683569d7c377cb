/**
 * Invoice number patterns, e.g. `RE-{YYYY}-{SEQ:5}`: {YYYY} and {YY} are the issue year,
 * {SEQ:n} the counter padded to n digits ({SEQ} unpadded). The counter runs per series and,
 * when the pattern names the year, per year: RE-2026-00042 is followed by RE-2027-00001.
 */
const TOKEN = /\{(YYYY|YY|SEQ(?::(\d{1,2}))?)\}/g;
const ALLOWED_TEXT = /^[A-Za-z0-9\-_/.]*$/;

export const DEFAULT_PATTERNS = {
  invoice: 'RE-{YYYY}-{SEQ:5}',
  cancellation: 'ST-{YYYY}-{SEQ:5}',
} as const;

/** Why a pattern cannot be used, or null when it is fine. */
export function patternProblem(pattern: string): string | null {
  const seqCount = [...pattern.matchAll(TOKEN)].filter((m) => m[1].startsWith('SEQ')).length;
  if (seqCount !== 1) return 'the pattern must contain {SEQ} or {SEQ:n} exactly once';
  const text = pattern.replace(TOKEN, '');
  if (!ALLOWED_TEXT.test(text)) {
    return 'besides the tokens only letters, digits and - _ / . are allowed';
  }
  if (pattern.replace(TOKEN, 'X').length > 40) return 'the pattern is too long';
  return null;
}

/** The counter a number is drawn from: per series, and per year if the pattern has one. */
export function counterKey(series: string, pattern: string, issueDay: string): string {
  const perYear = /\{YYYY\}|\{YY\}/.test(pattern);
  return perYear ? `invoice:${series}:${issueDay.slice(0, 4)}` : `invoice:${series}`;
}

export function formatNumber(pattern: string, issueDay: string, seq: number): string {
  const year = issueDay.slice(0, 4);
  return pattern.replace(TOKEN, (_, token: string, width?: string) => {
    if (token === 'YYYY') return year;
    if (token === 'YY') return year.slice(2);
    return width ? String(seq).padStart(Number(width), '0') : String(seq);
  });
}

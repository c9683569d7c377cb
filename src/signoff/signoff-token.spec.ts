import { describe, expect, it } from '@jest/globals';
import {
  expiresAt,
  hashToken,
  isRateLimited,
  isWellFormedToken,
  linkProblem,
  newToken,
  reminderDue,
  tokenMatches,
  type LinkFacts,
} from './signoff-token.js';

const NOW = new Date('2026-11-22T10:00:00Z');
const day = 24 * 60 * 60 * 1000;
const at = (offsetDays: number) => new Date(NOW.getTime() + offsetDays * day);

describe('sign-off tokens', () => {
  it('are 256 random bits, base64url, and differ every time', () => {
    const tokens = new Set(Array.from({ length: 100 }, newToken));
    expect(tokens.size).toBe(100);
    for (const token of tokens) {
      expect(isWellFormedToken(token)).toBe(true);
      expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    }
  });

  it.each([
    ['', false],
    ['short', false],
    ['a'.repeat(43), true],
    ['a'.repeat(44), false],
    [`${'a'.repeat(42)}=`, false],
    [`${'a'.repeat(42)}/`, false],
  ])('shape of %j is %s', (token, ok) => {
    expect(isWellFormedToken(token)).toBe(ok);
  });

  it('match only their own hash', () => {
    const token = newToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenMatches(token, hashToken(token))).toBe(true);
    expect(tokenMatches(newToken(), hashToken(token))).toBe(false);
    expect(tokenMatches(token, 'abcd')).toBe(false);
  });

  it('expire after the configured days', () => {
    expect(expiresAt(NOW, 14).toISOString()).toBe('2026-12-06T10:00:00.000Z');
  });
});

describe('link state', () => {
  const open: LinkFacts = {
    expiresAt: at(14),
    revokedAt: null,
    usedAt: null,
    requestStatus: 'open',
  };
  it.each<[string, Partial<LinkFacts>, Date, ReturnType<typeof linkProblem>]>([
    ['open and in time', {}, NOW, null],
    ['one millisecond before expiry', {}, new Date(at(14).getTime() - 1), null],
    ['at expiry', {}, at(14), 'expired'],
    ['revoked', { revokedAt: at(-1) }, NOW, 'revoked'],
    ['request revoked', { requestStatus: 'revoked' }, NOW, 'revoked'],
    ['newer version sent', { requestStatus: 'superseded' }, NOW, 'superseded'],
    ['decided through another link', { requestStatus: 'decided' }, NOW, 'decided'],
    ['used, later expired', { usedAt: at(-1), requestStatus: 'decided' }, at(30), 'used'],
    ['revoked and expired', { revokedAt: at(-1) }, at(30), 'revoked'],
  ])('%s', (_, facts, now, expected) => {
    expect(linkProblem({ ...open, ...facts }, now)).toBe(expected);
  });
});

describe('rate limit and reminders', () => {
  it.each([
    [0, 10, false],
    [9, 10, false],
    [10, 10, true],
    [11, 10, true],
  ])('%i failures with a limit of %i: limited %s', (failures, limit, limited) => {
    expect(isRateLimited(failures, limit)).toBe(limited);
  });

  const link = { createdAt: at(-7), expiresAt: at(7), remindedAt: null };
  it.each<
    [string, typeof link | { createdAt: Date; expiresAt: Date; remindedAt: Date }, number, boolean]
  >([
    ['due after 7 days', link, 7, true],
    ['not yet due after 6 days', { ...link, createdAt: at(-6) }, 7, false],
    ['reminders off', link, 0, false],
    ['already reminded', { ...link, remindedAt: at(-1) }, 7, false],
    ['expired links are not reminded', { ...link, expiresAt: at(-1) }, 7, false],
  ])('%s', (_, facts, days, due) => {
    expect(reminderDue(facts, days, NOW)).toBe(due);
  });
});

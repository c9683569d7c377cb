import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Sign-off link tokens. 32 random bytes (256 bits) as base64url; the database keeps only the
 * SHA-256, so a leaked table or backup opens no link. Tokens are looked up by their hash
 * (an index on a hash leaks nothing useful through timing) and then compared in constant time.
 */
export const TOKEN_BYTES = 32;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

/** Whether `token` has the shape of one of ours: anything else is wrong without a lookup. */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented token with a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

export function expiresAt(sentAt: Date, days: number): Date {
  return new Date(sentAt.getTime() + days * 24 * 60 * 60 * 1000);
}

export type RequestStatus = 'open' | 'decided' | 'revoked' | 'superseded';

export interface LinkFacts {
  expiresAt: Date;
  revokedAt: Date | null;
  usedAt: Date | null;
  requestStatus: RequestStatus;
}

/**
 * Why a link can no longer be used, or null. Order matters: a link that was used says so
 * even after it expired; a request someone else decided says "already decided".
 */
export type LinkProblem = 'used' | 'decided' | 'revoked' | 'superseded' | 'expired';

export function linkProblem(link: LinkFacts, now: Date): LinkProblem | null {
  if (link.usedAt) return 'used';
  if (link.requestStatus === 'decided') return 'decided';
  if (link.requestStatus === 'superseded') return 'superseded';
  if (link.revokedAt || link.requestStatus === 'revoked') return 'revoked';
  if (now.getTime() >= link.expiresAt.getTime()) return 'expired';
  return null;
}

/** Whether an address has used up its wrong tries: `failures` within the last minute. */
export function isRateLimited(failuresLastMinute: number, limitPerMinute: number): boolean {
  return failuresLastMinute >= limitPerMinute;
}

/** Whether an open link is due for its one reminder. */
export function reminderDue(
  link: { createdAt: Date; expiresAt: Date; remindedAt: Date | null },
  reminderDays: number,
  now: Date,
): boolean {
  if (reminderDays <= 0 || link.remindedAt) return false;
  const due = link.createdAt.getTime() + reminderDays * 24 * 60 * 60 * 1000;
  return now.getTime() >= due && now.getTime() < link.expiresAt.getTime();
}

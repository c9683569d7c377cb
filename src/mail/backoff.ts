/**
 * When a failed mail is tried again: 1, 2, 4, 8 … minutes after the n-th failed attempt,
 * capped at 6 hours, so a mail server that is down for a day is not hammered and a short
 * outage costs only minutes. After `maxAttempts` attempts the mail is marked failed.
 */
export const FIRST_RETRY_MS = 60_000;
export const MAX_RETRY_MS = 6 * 60 * 60_000;

export function retryDelayMs(failedAttempts: number): number {
  if (failedAttempts < 1) return 0;
  return Math.min(FIRST_RETRY_MS * 2 ** (failedAttempts - 1), MAX_RETRY_MS);
}

export type AfterFailure = { status: 'queued'; nextAttemptAt: Date } | { status: 'failed' };

export function afterFailure(failedAttempts: number, maxAttempts: number, now: Date): AfterFailure {
  if (failedAttempts >= maxAttempts) return { status: 'failed' };
  return {
    status: 'queued',
    nextAttemptAt: new Date(now.getTime() + retryDelayMs(failedAttempts)),
  };
}

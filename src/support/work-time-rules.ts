/**
 * The service terms' rules that depend on time, each asked at the time the work was done
 * (an entry's `startedAt`, an action's `performedAt`), never at the time it is booked: staff
 * often log yesterday's work today, and a rule must hold for the day the work happened. (The
 * notice before the work: `basisAtLogging` in entry-billing.ts.)
 */

/**
 * The effort the customer had ordered when the work started: approved quotes decided at or
 * before `workStartedAt` (an order covers work after it, not work done before it).
 */
export function approvedMinutesAt(
  quotes: readonly { status: string; decidedAt: Date | null; estimatedMinutes: number }[],
  workStartedAt: Date,
): number {
  return quotes
    .filter(
      (q) =>
        q.status === 'approved' &&
        q.decidedAt !== null &&
        q.decidedAt.getTime() <= workStartedAt.getTime(),
    )
    .reduce((total, q) => total + q.estimatedMinutes, 0);
}

/**
 * Why a recorded decision on a quote cannot carry `decidedAt`, or null: a customer cannot
 * approve a quote before it was proposed, nor in the future.
 */
export function quoteDecisionTimeProblem(
  decidedAt: Date,
  proposedAt: Date,
  now: Date,
): string | null {
  if (decidedAt.getTime() > now.getTime()) return 'decidedAt is in the future';
  if (decidedAt.getTime() < proposedAt.getTime()) {
    return `decidedAt must not be before the quote was proposed (${proposedAt.toISOString()})`;
  }
  return null;
}

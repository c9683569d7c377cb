import type { Role } from '../common/access.js';
import { decideMove, type Move, type Verdict } from '../common/lifecycle.js';
import type { QaCheck, QaRound } from './qa.entity.js';

export type QaRoundStatus = QaRound['status'];
export const QA_ROUND_STATUSES: readonly QaRoundStatus[] = ['open', 'passed', 'failed'];
export const QA_ACTIONS = ['record_check', 'waive_check', 'complete'] as const;
export type QaAction = (typeof QA_ACTIONS)[number];

/** `staff` test and record; only an `admin` may waive a check (a waiver skips a requirement). */
type Party = 'staff' | 'admin';

/**
 * A QA round is open while its checks are recorded and ends passed or failed; `complete`
 * leads to `passed`, and to `failed` when a check failed (see `decideQaRound`).
 */
export const QA_MOVES: Record<QaAction, Move<QaRoundStatus, Party>> = {
  record_check: { from: ['open'], parties: ['staff'] },
  waive_check: { from: ['open'], parties: ['admin'] },
  complete: { from: ['open'], to: 'passed', parties: ['staff'] },
};

function partiesOf(role: Role): Party[] {
  switch (role) {
    case 'admin':
      return ['staff', 'admin'];
    case 'consultant':
      return ['staff'];
    case 'finance':
    case 'customer':
      return [];
  }
}

/** Facts that pick the outcome of `complete`. */
export interface QaFacts {
  anyFailed?: boolean;
}

/** (status, action, role, facts) → next status, or why not. */
export function decideQaRound(
  status: QaRoundStatus,
  action: QaAction,
  role: Role,
  facts: QaFacts = {},
): Verdict<QaRoundStatus> {
  const verdict = decideMove(QA_MOVES[action], status, partiesOf(role));
  if (verdict.allowed && action === 'complete' && facts.anyFailed) {
    return { allowed: true, next: 'failed' };
  }
  return verdict;
}

/** Recording a result: waiving is its own action, with its own party. */
export function qaActionFor(result: QaCheck['result']): QaAction {
  return result === 'waived' ? 'waive_check' : 'record_check';
}

/** Guard: a failed or waived check needs a note saying what failed or why it is waived. */
export function needsNote(result: QaCheck['result'], note: string | undefined): boolean {
  return result !== 'passed' && !note;
}

/** Guard: a round completes only when no check is pending; these are the ones still pending. */
export function pendingChecks(checks: readonly Pick<QaCheck, 'id' | 'result'>[]): string[] {
  return checks.filter((c) => c.result === 'pending').map((c) => c.id);
}

/** A defect check to open in the next round. */
export interface CarriedDefect {
  title: string;
}

/**
 * The defect checks of the next round. A defect the customer listed at a rejected acceptance,
 * and every defect check that failed, stays in each following round until it passes or an admin
 * waives it (with a reason): it is never dropped unverified. Requirement checks need no
 * carrying, every round has one per requirement.
 */
export function defectsForNextRound(
  previousChecks: readonly Pick<QaCheck, 'source' | 'title' | 'result' | 'position'>[],
  rejectedDefects: readonly CarriedDefect[],
): CarriedDefect[] {
  const failed = [...previousChecks]
    .sort((a, b) => a.position - b.position)
    .filter((c) => c.source === 'defect' && c.result === 'failed')
    .map((c) => ({ title: c.title }));
  const titles = new Set(failed.map((d) => d.title));
  return [...failed, ...rejectedDefects.filter((d) => !titles.has(d.title))];
}

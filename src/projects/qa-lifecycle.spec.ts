import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../common/access.js';
import {
  decideQaRound,
  defectsForNextRound,
  needsNote,
  pendingChecks,
  QA_ACTIONS,
  QA_ROUND_STATUSES,
  qaActionFor,
  type QaAction,
} from './qa-lifecycle.js';

/**
 * QA as the working method describes it: staff record checks of an open round and complete
 * it; only an admin waives a check; a finished round is never changed again.
 */
const SPEC: Record<QaAction, { roles: Role[]; to: 'open' | 'passed' }> = {
  record_check: { roles: ['admin', 'consultant'], to: 'open' },
  waive_check: { roles: ['admin'], to: 'open' },
  complete: { roles: ['admin', 'consultant'], to: 'passed' },
};

const cases = QA_ROUND_STATUSES.flatMap((status) =>
  QA_ACTIONS.flatMap((action) => ROLES.map((role) => [status, action, role] as const)),
);

describe('the QA round lifecycle, every (status, action, role)', () => {
  it('covers 3 statuses × 3 actions × 4 roles', () => {
    expect(cases).toHaveLength(3 * 3 * 4);
  });

  it.each(cases)('%s + %s by %s', (status, action, role) => {
    const verdict = decideQaRound(status, action, role);
    if (status !== 'open') {
      expect(verdict).toEqual({ allowed: false, reason: 'wrong_state' });
    } else if (!SPEC[action].roles.includes(role)) {
      expect(verdict).toEqual({ allowed: false, reason: 'forbidden' });
    } else {
      expect(verdict).toEqual({ allowed: true, next: SPEC[action].to });
    }
  });

  it('a failed check makes the completed round failed', () => {
    expect(decideQaRound('open', 'complete', 'consultant', { anyFailed: true })).toEqual({
      allowed: true,
      next: 'failed',
    });
    expect(decideQaRound('passed', 'complete', 'consultant', { anyFailed: true })).toEqual({
      allowed: false,
      reason: 'wrong_state',
    });
  });
});

describe('guards', () => {
  it.each([
    ['passed', undefined, false, 'record_check'],
    ['passed', 'fine', false, 'record_check'],
    ['failed', undefined, true, 'record_check'],
    ['failed', 'login broken', false, 'record_check'],
    ['waived', undefined, true, 'waive_check'],
    ['waived', 'not deliverable', false, 'waive_check'],
  ] as const)('a %s check with note %s needs a note: %s (%s)', (result, note, needed, action) => {
    expect(needsNote(result, note)).toBe(needed);
    expect(qaActionFor(result)).toBe(action);
  });

  it('names the checks still pending', () => {
    expect(
      pendingChecks([
        { id: 'a', result: 'passed' },
        { id: 'b', result: 'pending' },
        { id: 'c', result: 'failed' },
        { id: 'd', result: 'pending' },
      ]),
    ).toEqual(['b', 'd']);
    expect(pendingChecks([])).toEqual([]);
  });
});

describe('defects carried into the next QA round', () => {
  const check = (title: string, source: 'requirement' | 'defect', result: string, position = 0) =>
    ({ title, source, result, position }) as Parameters<typeof defectsForNextRound>[0][number];

  it.each([
    ['a defect listed at a rejection', [], ['X'], ['X']],
    ['a failed defect check (no new rejection)', [check('X', 'defect', 'failed')], [], ['X']],
    ['a passed defect check is done', [check('X', 'defect', 'passed')], [], []],
    ['a waived defect check is done', [check('X', 'defect', 'waived')], [], []],
    [
      'a failed requirement check (every round has it anyway)',
      [check('1. R', 'requirement', 'failed')],
      [],
      [],
    ],
    [
      'a failed defect and a new rejection, without doubling',
      [check('X', 'defect', 'failed', 0), check('Y', 'defect', 'failed', 1)],
      ['Y', 'Z'],
      ['X', 'Y', 'Z'],
    ],
  ] as const)('%s', (_case, previous, rejected, expected) => {
    expect(
      defectsForNextRound(
        previous,
        rejected.map((title) => ({ title })),
      ).map((d) => d.title),
    ).toEqual(expected);
  });
});

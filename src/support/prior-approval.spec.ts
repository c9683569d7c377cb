import { describe, expect, it } from '@jest/globals';
import { checkPriorApproval } from './prior-approval.js';

describe('prior approval of billable work', () => {
  it.each([
    // threshold, approved, so far, new, outcome
    [30, 0, 0, 15, 'ok'],
    [30, 0, 15, 15, 'ok'], // exactly at the threshold
    [30, 0, 15, 30, 'SUPPORT.APPROVAL_REQUIRED'],
    [30, 0, 0, 45, 'SUPPORT.APPROVAL_REQUIRED'],
    [30, 120, 30, 90, 'ok'], // exactly the approved effort
    [30, 120, 30, 105, 'SUPPORT.APPROVED_EFFORT_EXCEEDED'],
    [30, 120 + 60, 30, 105, 'ok'], // an approved extension adds up
    [30, 15, 15, 15, 'ok'], // a quote below the threshold does not lower it
    [0, 0, 0, 15, 'SUPPORT.APPROVAL_REQUIRED'], // threshold 0: every billable minute needs an order
  ])('threshold %i, approved %i, so far %i, new %i → %s', (t, a, soFar, added, outcome) => {
    const result = checkPriorApproval({
      thresholdMinutes: t,
      approvedMinutes: a,
      billedMinutesSoFar: soFar,
      billedMinutesNew: added,
    });
    expect(result.ok ? 'ok' : result.code).toBe(outcome);
    if (!result.ok) {
      expect(result).toMatchObject({
        limitMinutes: Math.max(t, a),
        requestedMinutes: soFar + added,
      });
    }
  });
});

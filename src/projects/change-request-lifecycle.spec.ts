import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../common/access.js';
import {
  CHANGE_REQUEST_ACTIONS,
  decideChangeRequest,
  mayTake,
  takesChangeRequests,
  visibleTo,
  type ChangeRequestAction,
} from './change-request-lifecycle.js';
import { STAGES, type Stage } from './stage-machine.js';
import { CHANGE_REQUEST_STATUSES } from './work.entity.js';

/**
 * The Nachtrag's life written out independently: staff send a draft; the customer decides a
 * sent one (staff may record the customer's offline signature); finance has no part.
 */
const SPEC: Record<ChangeRequestAction, { from: string; to: string; roles: Role[] }> = {
  send: { from: 'draft', to: 'sent', roles: ['admin', 'consultant'] },
  approve: { from: 'sent', to: 'approved', roles: ['admin', 'consultant', 'customer'] },
  reject: { from: 'sent', to: 'rejected', roles: ['admin', 'consultant', 'customer'] },
};

const cases = CHANGE_REQUEST_STATUSES.flatMap((status) =>
  CHANGE_REQUEST_ACTIONS.flatMap((action) => ROLES.map((role) => [status, action, role] as const)),
);

describe('the change request lifecycle, every (status, action, role)', () => {
  it('covers 5 statuses × 3 actions × 4 roles', () => {
    expect(cases).toHaveLength(5 * 3 * 4);
  });

  it.each(cases)('%s + %s by %s', (status, action, role) => {
    const spec = SPEC[action];
    const verdict = decideChangeRequest(status, action, role);
    if (status !== spec.from) {
      expect(verdict).toEqual({ allowed: false, reason: 'wrong_state' });
    } else if (!spec.roles.includes(role)) {
      expect(verdict).toEqual({ allowed: false, reason: 'forbidden' });
    } else {
      expect(verdict).toEqual({ allowed: true, next: spec.to });
    }
  });

  it.each(CHANGE_REQUEST_ACTIONS.flatMap((a) => ROLES.map((r) => [a, r] as const)))(
    'whether %s is ever open to %s',
    (action, role) => {
      expect(mayTake(action, role)).toBe(SPEC[action].roles.includes(role));
    },
  );
});

describe('guards', () => {
  const UNDER_WAY: Stage[] = ['approved', 'scheduled', 'in_progress', 'qa'];
  it.each(STAGES.map((s) => [s] as const))('a project in %s takes change requests?', (stage) => {
    expect(takesChangeRequests(stage)).toBe(UNDER_WAY.includes(stage));
  });

  it.each(CHANGE_REQUEST_STATUSES.flatMap((s) => ROLES.map((r) => [s, r] as const)))(
    'a %s change request is visible to %s?',
    (status, role) => {
      expect(visibleTo(status, role)).toBe(!(role === 'customer' && status === 'draft'));
    },
  );
});

import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../common/access.js';
import {
  decideSignoff,
  SIGNOFF_ACTIONS,
  SIGNOFF_STATUSES,
  type SignoffAction,
} from './signoff-lifecycle.js';

/**
 * A sign-off request, written out independently: the customer (link or portal) decides an open
 * request; staff revoke it or supersede it by sending a newer version; every end is final.
 */
const STAFF: Role[] = ['admin', 'consultant', 'finance'];
const SPEC: Record<SignoffAction, { to: string; roles: Role[] }> = {
  decide: { to: 'decided', roles: ['customer'] },
  revoke: { to: 'revoked', roles: STAFF },
  supersede: { to: 'superseded', roles: STAFF },
};

const cases = SIGNOFF_STATUSES.flatMap((status) =>
  SIGNOFF_ACTIONS.flatMap((action) => ROLES.map((role) => [status, action, role] as const)),
);

describe('the sign-off request lifecycle, every (status, action, role)', () => {
  it('covers 4 statuses × 3 actions × 4 roles', () => {
    expect(cases).toHaveLength(4 * 3 * 4);
  });

  it.each(cases)('%s + %s by %s', (status, action, role) => {
    const verdict = decideSignoff(status, action, role);
    if (status !== 'open') {
      expect(verdict).toEqual({ allowed: false, reason: 'wrong_state' });
    } else if (!SPEC[action].roles.includes(role)) {
      expect(verdict).toEqual({ allowed: false, reason: 'forbidden' });
    } else {
      expect(verdict).toEqual({ allowed: true, next: SPEC[action].to });
    }
  });
});

import type { Role } from '../common/access.js';
import { decideMove, type Move, type Verdict } from '../common/lifecycle.js';
import type { RequestStatus } from './signoff-token.js';

export const SIGNOFF_STATUSES: readonly RequestStatus[] = [
  'open',
  'decided',
  'revoked',
  'superseded',
];
export const SIGNOFF_ACTIONS = ['decide', 'revoke', 'supersede'] as const;
export type SignoffAction = (typeof SIGNOFF_ACTIONS)[number];

/** `customer`: the person behind a link or a portal user; `staff` send and revoke requests. */
type Party = 'staff' | 'customer';

/**
 * A sign-off request is open until one signature decides it, staff revoke it, or a newer
 * version of the same document supersedes it. Every end is final.
 */
export const SIGNOFF_MOVES: Record<
  SignoffAction,
  Move<RequestStatus, Party> & { to: RequestStatus }
> = {
  decide: { from: ['open'], to: 'decided', parties: ['customer'] },
  revoke: { from: ['open'], to: 'revoked', parties: ['staff'] },
  supersede: { from: ['open'], to: 'superseded', parties: ['staff'] },
};

function partiesOf(role: Role): Party[] {
  return role === 'customer' ? ['customer'] : ['staff'];
}

/** (status, action, role) → next status, or why not. */
export function decideSignoff(
  status: RequestStatus,
  action: SignoffAction,
  role: Role,
): Verdict<RequestStatus> {
  return decideMove(SIGNOFF_MOVES[action], status, partiesOf(role));
}

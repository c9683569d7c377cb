import type { Role } from '../common/access.js';
import { decideMove, type Move, type Verdict } from '../common/lifecycle.js';
import { TRANSITIONS, type Stage } from './stage-machine.js';
import type { ChangeRequestStatus } from './work.entity.js';

export const CHANGE_REQUEST_ACTIONS = ['send', 'approve', 'reject'] as const;
export type ChangeRequestAction = (typeof CHANGE_REQUEST_ACTIONS)[number];

/**
 * `staff` draft and send a Nachtrag; the `customer` decides it, in the portal, through a
 * sign-off link, or on paper recorded by staff (as in the stage machine).
 */
type Party = 'staff' | 'customer';

/** A change request is drafted, sent to the customer once, and decided once. */
export const CHANGE_REQUEST_MOVES: Record<ChangeRequestAction, Move<ChangeRequestStatus, Party>> = {
  send: { from: ['draft'], to: 'sent', parties: ['staff'] },
  approve: { from: ['sent'], to: 'approved', parties: ['customer'] },
  reject: { from: ['sent'], to: 'rejected', parties: ['customer'] },
};

function partiesOf(role: Role): Party[] {
  switch (role) {
    case 'admin':
    case 'consultant':
      return ['staff', 'customer'];
    case 'finance':
      return [];
    case 'customer':
      return ['customer'];
  }
}

/** Whether `role` may take the action at all, whatever the state: checked before anything else. */
export function mayTake(action: ChangeRequestAction, role: Role): boolean {
  return partiesOf(role).some((party) => CHANGE_REQUEST_MOVES[action].parties.includes(party));
}

/** (status, action, role) → next status, or why not. */
export function decideChangeRequest(
  status: ChangeRequestStatus,
  action: ChangeRequestAction,
  role: Role,
): Verdict<ChangeRequestStatus> {
  return decideMove(CHANGE_REQUEST_MOVES[action], status, partiesOf(role));
}

/** Guard: only a project under way (approved until QA) takes and decides change requests. */
export function takesChangeRequests(stage: Stage): boolean {
  return TRANSITIONS.change_request.from.includes(stage);
}

/** Guard: a draft is internal, so a customer never sees it (404, not 403). */
export function visibleTo(status: ChangeRequestStatus, role: Role): boolean {
  return role !== 'customer' || status !== 'draft';
}

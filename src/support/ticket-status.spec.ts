import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../common/access.js';
import {
  acceptsTimeEntries,
  TICKET_STATUSES,
  transitionTicket,
  type TicketStatus,
} from './ticket-status.js';

/**
 * The ticket lifecycle written out as rules, independently of the table: a ticket is new only
 * once and closed is final; a resolved ticket is reopened (back to work) or closed; work under
 * way (analysing, in progress) is resolved before it is closed. Customers only answer a
 * question (back to the analysis) and confirm or reopen a resolution.
 */
function staffMay(from: TicketStatus, to: TicketStatus): boolean {
  if (from === to || to === 'new' || from === 'closed') return false;
  if (from === 'resolved') return to === 'in_progress' || to === 'closed';
  if (to === 'closed') return from === 'new' || from === 'waiting_for_customer';
  return true;
}

function customerMay(from: TicketStatus, to: TicketStatus): boolean {
  return (
    (from === 'waiting_for_customer' && to === 'analysing') ||
    (from === 'resolved' && (to === 'in_progress' || to === 'closed'))
  );
}

const may = (role: Role) => (role === 'customer' ? customerMay : staffMay);

const cases = TICKET_STATUSES.flatMap((from) =>
  TICKET_STATUSES.flatMap((to) => ROLES.map((role) => [from, to, role] as const)),
);

describe('the ticket lifecycle, every (from, to, role)', () => {
  it(`covers ${TICKET_STATUSES.length} × ${TICKET_STATUSES.length} statuses × ${ROLES.length} roles`, () => {
    expect(cases).toHaveLength(6 * 6 * 4);
  });

  it.each(cases)('%s → %s by %s', (from, to, role) => {
    const result = transitionTicket(from, to, role);
    if (may(role)(from, to)) {
      expect(result).toEqual({ ok: true, next: to });
    } else {
      // A refusal names every status the role may move the ticket to from here.
      const expected = TICKET_STATUSES.filter((next) => may(role)(from, next));
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : [...result.allowed].sort()).toEqual([...expected].sort());
    }
  });
});

describe('time entries', () => {
  it.each(TICKET_STATUSES.map((s) => [s, s !== 'closed'] as const))(
    'a %s ticket takes time: %s',
    (status, takes) => {
      expect(acceptsTimeEntries(status)).toBe(takes);
    },
  );
});

describe('ticket status transitions', () => {
  const allowed: Array<[TicketStatus, TicketStatus, Role]> = [
    ['new', 'analysing', 'consultant'],
    ['new', 'in_progress', 'admin'],
    ['new', 'closed', 'consultant'],
    ['analysing', 'waiting_for_customer', 'consultant'],
    ['analysing', 'resolved', 'consultant'],
    ['waiting_for_customer', 'analysing', 'customer'],
    ['in_progress', 'resolved', 'consultant'],
    ['resolved', 'closed', 'customer'],
    ['resolved', 'in_progress', 'customer'],
    ['resolved', 'closed', 'finance'],
  ];
  it.each(allowed)('%s → %s is allowed for %s', (from, to, role) => {
    expect(transitionTicket(from, to, role)).toEqual({ ok: true, next: to });
  });

  const refused: Array<[TicketStatus, TicketStatus, Role, TicketStatus[]]> = [
    ['new', 'waiting_for_customer', 'customer', []],
    ['analysing', 'closed', 'consultant', ['waiting_for_customer', 'in_progress', 'resolved']],
    ['in_progress', 'resolved', 'customer', []],
    ['resolved', 'analysing', 'consultant', ['in_progress', 'closed']],
    ['closed', 'in_progress', 'admin', []],
    ['closed', 'new', 'consultant', []],
    ['analysing', 'analysing', 'consultant', ['waiting_for_customer', 'in_progress', 'resolved']],
  ];
  it.each(refused)('%s → %s is refused for %s, naming %j', (from, to, role, next) => {
    expect(transitionTicket(from, to, role)).toEqual({ ok: false, allowed: next });
  });

  it('never leads back to new and never leaves closed', () => {
    for (const from of TICKET_STATUSES) {
      expect(transitionTicket(from, 'new', 'admin').ok).toBe(false);
      if (from !== 'closed') continue;
      for (const to of TICKET_STATUSES) expect(transitionTicket(from, to, 'admin').ok).toBe(false);
    }
  });
});

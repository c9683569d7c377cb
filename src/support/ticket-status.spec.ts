import { describe, expect, it } from '@jest/globals';
import { TICKET_STATUSES, transitionTicket, type TicketStatus } from './ticket-status.js';
import type { Role } from '../common/access.js';

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

import { describe, expect, it } from '@jest/globals';
import { ROLES, type Role } from '../common/access.js';
import {
  ACTIONS,
  allowedActions,
  decide,
  invoiceableStages,
  mayInvoice,
  STAGES,
  type Action,
  type Stage,
} from './stage-machine.js';

/**
 * The working method written out independently of the implementation's table: for each action,
 * the stages it may happen in, who may take it, and where it leads (same stage if omitted).
 */
const STAFF: Role[] = ['admin', 'consultant'];
const CUSTOMER_SIDE: Role[] = ['admin', 'consultant', 'customer']; // staff record offline signatures
const FINANCE: Role[] = ['admin', 'finance'];
const OPEN: Stage[] = [
  'concept',
  'solution',
  'in_review',
  'approved',
  'scheduled',
  'in_progress',
  'qa',
  'acceptance',
  'accepted',
];

const SPEC: Record<Action, { stages: Partial<Record<Stage, Stage>>; roles: Role[] }> = {
  edit: { stages: { concept: 'concept', solution: 'solution' }, roles: STAFF },
  start_solution: { stages: { concept: 'solution' }, roles: STAFF },
  send: { stages: { solution: 'in_review' }, roles: STAFF },
  approve: { stages: { in_review: 'approved' }, roles: CUSTOMER_SIDE },
  request_changes: { stages: { in_review: 'solution' }, roles: CUSTOMER_SIDE },
  withdraw: { stages: { in_review: 'solution' }, roles: STAFF },
  schedule: { stages: { approved: 'scheduled' }, roles: STAFF },
  reschedule: {
    stages: {
      scheduled: 'scheduled',
      in_progress: 'in_progress',
      qa: 'qa',
      acceptance: 'acceptance',
    },
    roles: STAFF,
  },
  start_work: { stages: { scheduled: 'in_progress' }, roles: STAFF },
  log_time: { stages: { in_progress: 'in_progress', qa: 'qa' }, roles: STAFF },
  change_request: {
    stages: { approved: 'approved', scheduled: 'scheduled', in_progress: 'in_progress', qa: 'qa' },
    roles: STAFF,
  },
  submit_qa: { stages: { in_progress: 'qa' }, roles: STAFF },
  record_qa: { stages: { qa: 'qa' }, roles: STAFF },
  complete_qa: { stages: { qa: 'acceptance' }, roles: STAFF },
  accept: { stages: { acceptance: 'accepted' }, roles: CUSTOMER_SIDE },
  reject: { stages: { acceptance: 'in_progress' }, roles: CUSTOMER_SIDE },
  invoice: { stages: { accepted: 'invoiced' }, roles: FINANCE },
  close: { stages: { invoiced: 'closed' }, roles: FINANCE },
  cancel: { stages: Object.fromEntries(OPEN.map((s) => [s, 'cancelled'])), roles: STAFF },
};

const cases = STAGES.flatMap((stage) =>
  ACTIONS.flatMap((action) => ROLES.map((role) => [stage, action, role] as const)),
);

describe('the stage machine, every (stage, action, role)', () => {
  it(`covers ${STAGES.length} stages × ${ACTIONS.length} actions × ${ROLES.length} roles`, () => {
    expect(cases).toHaveLength(12 * 19 * 4);
  });

  it.each(cases)('%s + %s by %s', (stage, action, role) => {
    const spec = SPEC[action];
    const next = spec.stages[stage];
    const decision = decide(stage, action, role);
    if (next === undefined) {
      expect(decision).toEqual({ allowed: false, reason: 'wrong_stage' });
    } else if (!spec.roles.includes(role)) {
      expect(decision).toEqual({ allowed: false, reason: 'forbidden' });
    } else {
      expect(decision).toEqual({ allowed: true, next });
    }
  });
});

describe('outcomes picked by facts', () => {
  it('a failed QA check sends the work back to in_progress', () => {
    expect(decide('qa', 'complete_qa', 'consultant', { qaFailed: true })).toEqual({
      allowed: true,
      next: 'in_progress',
    });
    expect(decide('qa', 'complete_qa', 'consultant', { qaFailed: false })).toEqual({
      allowed: true,
      next: 'acceptance',
    });
  });
});

describe('allowed actions per role', () => {
  it.each([
    ['in_review', 'customer', ['approve', 'request_changes']],
    ['in_review', 'consultant', ['approve', 'request_changes', 'withdraw', 'cancel']],
    ['in_review', 'finance', []],
    ['accepted', 'finance', ['invoice']],
    ['accepted', 'consultant', ['cancel']],
    ['invoiced', 'consultant', []],
    ['closed', 'admin', []],
    ['cancelled', 'admin', []],
  ] as const)('%s for %s', (stage, role, actions) => {
    expect(allowedActions(stage, role)).toEqual(actions);
  });
});

describe('invoiceableStages (the projects the finance pickers offer)', () => {
  // Written out: a down payment from approval until accepted; the final invoice once accepted.
  const expected = {
    down_payment: ['approved', 'scheduled', 'in_progress', 'qa', 'acceptance', 'accepted'],
    final: ['accepted'],
  } as const;
  it.each(Object.entries(expected))('%s', (kind, stages) => {
    const k = kind as keyof typeof expected;
    expect([...invoiceableStages(k)].sort()).toEqual([...stages].sort());
    for (const stage of STAGES) {
      if ((stages as readonly string[]).includes(stage)) expect(mayInvoice(stage, k)).toBe(true);
    }
  });
});

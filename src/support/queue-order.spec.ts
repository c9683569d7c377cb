import { describe, expect, it } from '@jest/globals';
import type { ContractDates } from '../customers/contract-rules.js';
import { orderQueue, type QueueCandidate, type Severity } from './queue-order.js';

const TODAY = '2026-03-10';
const NOW = new Date('2026-03-10T12:00:00Z');

const contracts: Record<string, ContractDates[]> = {
  contract: [{ kind: 'service', startDate: '2025-01-01', endDate: null, signedOn: null }],
  endsToday: [{ kind: 'service', startDate: '2025-01-01', endDate: TODAY, signedOn: null }],
  none: [],
  expired: [{ kind: 'service', startDate: '2025-01-01', endDate: '2026-03-09', signedOn: null }],
  notYet: [{ kind: 'service', startDate: '2026-03-11', endDate: null, signedOn: null }],
  updateOnly: [{ kind: 'update', startDate: '2025-01-01', endDate: null, signedOn: null }],
  avOnly: [
    { kind: 'data_processing', startDate: '2025-01-01', endDate: null, signedOn: '2025-01-01' },
  ],
};

/** [name, contracts, severity, received (minutes before NOW)] */
type Row = [string, keyof typeof contracts, Severity, number];

function order(rows: Row[]) {
  const candidates: QueueCandidate[] = rows.map(([name, kind, severity, minutesAgo], i) => ({
    id: name,
    number: `T-${String(i).padStart(5, '0')}`,
    severity,
    receivedAt: new Date(NOW.getTime() - minutesAgo * 60_000),
    contracts: contracts[kind],
  }));
  return orderQueue(candidates, TODAY, NOW);
}

describe('queue order', () => {
  it.each<[string, Row[], string[]]>([
    [
      'contract customers first, even a low ticket before a critical one without contract',
      [
        ['none-critical', 'none', 'critical', 500],
        ['contract-low', 'contract', 'low', 1],
      ],
      ['contract-low', 'none-critical'],
    ],
    [
      'an update contract alone does not count',
      [
        ['update-critical', 'updateOnly', 'critical', 500],
        ['contract-normal', 'contract', 'normal', 1],
      ],
      ['contract-normal', 'update-critical'],
    ],
    [
      'a contract that expired yesterday does not count; one ending today still does',
      [
        ['expired-high', 'expired', 'high', 300],
        ['ends-today-low', 'endsToday', 'low', 5],
      ],
      ['ends-today-low', 'expired-high'],
    ],
    [
      'a contract starting tomorrow and an AV agreement alone do not count',
      [
        ['not-yet', 'notYet', 'critical', 50],
        ['av-only', 'avOnly', 'critical', 40],
        ['contract', 'contract', 'low', 1],
      ],
      ['contract', 'not-yet', 'av-only'],
    ],
    [
      'within a group by severity before arrival',
      [
        ['low-old', 'contract', 'low', 900],
        ['normal', 'contract', 'normal', 100],
        ['critical-new', 'contract', 'critical', 1],
        ['high', 'contract', 'high', 50],
      ],
      ['critical-new', 'high', 'normal', 'low-old'],
    ],
    [
      'same group and severity: first come, first served',
      [
        ['later', 'none', 'normal', 10],
        ['earlier', 'expired', 'normal', 20],
        ['update-earliest', 'updateOnly', 'normal', 30],
      ],
      ['update-earliest', 'earlier', 'later'],
    ],
    [
      'the full table: contract × severity × arrival',
      [
        ['n-normal-1', 'none', 'normal', 60],
        ['c-high-2', 'contract', 'high', 10],
        ['u-critical', 'updateOnly', 'critical', 5],
        ['c-high-1', 'contract', 'high', 20],
        ['e-low', 'expired', 'low', 999],
        ['c-low', 'contract', 'low', 999],
        ['n-normal-2', 'none', 'normal', 30],
      ],
      ['c-high-1', 'c-high-2', 'c-low', 'u-critical', 'n-normal-1', 'n-normal-2', 'e-low'],
    ],
  ])('%s', (_name, rows, expected) => {
    expect(order(rows).map((p) => p.id)).toEqual(expected);
  });

  it('tells per ticket why it stands where it stands', () => {
    const [first, second] = order([
      ['none', 'none', 'critical', 125],
      ['contract', 'contract', 'low', 7],
    ]);
    expect(first).toEqual({
      id: 'contract',
      position: 1,
      group: 'service_contract',
      severityRank: 4,
      waitingMinutes: 7,
      reason: 'service contract in force, severity low, waiting 7 min',
    });
    expect(second).toMatchObject({
      position: 2,
      group: 'no_service_contract',
      severityRank: 1,
      waitingMinutes: 125,
    });
  });
});

import { describe, expect, it } from '@jest/globals';
import { calendarDay } from '../common/clock.js';
import {
  hasActiveDataProcessingAgreement,
  type ContractDates,
} from '../customers/contract-rules.js';
import { approvedMinutesAt, quoteDecisionTimeProblem } from './work-time-rules.js';

const at = (iso: string) => new Date(iso);

describe('the order before the work: approved effort counted from its approval on', () => {
  const quotes = [
    { status: 'approved', decidedAt: at('2026-11-17T12:00:00Z'), estimatedMinutes: 60 },
    { status: 'approved', decidedAt: at('2026-11-18T12:00:00Z'), estimatedMinutes: 30 },
    { status: 'proposed', decidedAt: null, estimatedMinutes: 600 },
    { status: 'declined', decidedAt: at('2026-11-16T12:00:00Z'), estimatedMinutes: 600 },
  ];
  it.each([
    ['2026-11-17T11:59:00Z', 0], // before the first approval
    ['2026-11-17T12:00:00Z', 60],
    ['2026-11-18T11:00:00Z', 60], // before the extension's approval
    ['2026-11-18T12:30:00Z', 90],
  ])('work started %s → approved %i min', (startedAt, minutes) => {
    expect(approvedMinutesAt(quotes, at(startedAt))).toBe(minutes);
  });
});

describe('an approval cannot predate the quote it approves', () => {
  const proposedAt = at('2026-11-17T10:00:00Z');
  const now = at('2026-11-20T10:00:00Z');
  it.each([
    ['2026-11-17T09:59:59Z', 'before the quote was proposed'],
    ['2026-11-17T10:00:00Z', null],
    ['2026-11-19T10:00:00Z', null],
    ['2026-11-20T10:00:01Z', 'in the future'],
  ])('decided %s → %s', (decidedAt, problem) => {
    const result = quoteDecisionTimeProblem(at(decidedAt), proposedAt, now);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });
});

describe('the AV gate on the day of the action (Europe/Berlin)', () => {
  const agreement = (startDate: string, endDate: string | null): ContractDates[] => [
    { kind: 'data_processing', startDate, endDate, signedOn: startDate },
  ];
  const inForceAt = (contracts: ContractDates[], performedAt: string) =>
    hasActiveDataProcessingAgreement(contracts, calendarDay(at(performedAt), 'Europe/Berlin'));
  it.each([
    // agreement start, end, performed at, allowed
    ['2026-12-03', null, '2026-11-20T10:00:00Z', false], // before the agreement started
    ['2026-12-03', null, '2026-12-02T22:59:00Z', false], // 23:59 on 2 December in Berlin
    ['2026-12-03', null, '2026-12-02T23:00:00Z', true], // 00:00 on 3 December in Berlin
    ['2026-01-01', '2026-12-02', '2026-12-01T10:00:00Z', true], // before it ended
    ['2026-01-01', '2026-12-02', '2026-12-02T22:59:00Z', true], // its last day
    ['2026-01-01', '2026-12-02', '2026-12-02T23:00:00Z', false], // the day after
  ] as const)('AV from %s to %s, action at %s → %s', (start, end, performedAt, allowed) => {
    expect(inForceAt(agreement(start, end), performedAt)).toBe(allowed);
  });
});

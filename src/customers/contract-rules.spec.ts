import { describe, expect, it } from '@jest/globals';
import {
  contractDatesProblem,
  coveredHoursOn,
  coveredHoursProblem,
  hasActiveDataProcessingAgreement,
  hasActiveServiceContract,
  isInForce,
  type ContractDates,
} from './contract-rules.js';

const TODAY = '2026-11-22';
const contract = (overrides: Partial<ContractDates>): ContractDates => ({
  kind: 'service',
  startDate: '2026-01-01',
  endDate: null,
  signedOn: null,
  ...overrides,
});

describe('a contract is in force from its start day through its end day', () => {
  it.each([
    ['open-ended, started earlier', '2026-01-01', null, true],
    ['starts today', TODAY, null, true],
    ['starts tomorrow', '2026-11-23', null, false],
    ['ends today (the last valid day)', '2026-01-01', TODAY, true],
    ['ended yesterday', '2026-01-01', '2026-11-21', false],
    ['ends next year', '2026-01-01', '2027-12-31', true],
  ])('%s', (_case, startDate, endDate, expected) => {
    expect(isInForce(contract({ startDate, endDate }), TODAY)).toBe(expected);
  });
});

describe('service contract status', () => {
  it.each([
    ['no contracts', [], false],
    ['an active service contract', [contract({})], true],
    ['an update contract alone', [contract({ kind: 'update' })], false],
    [
      'an AV agreement alone',
      [contract({ kind: 'data_processing', signedOn: '2026-01-01' })],
      false,
    ],
    ['a service contract that expired yesterday', [contract({ endDate: '2026-11-21' })], false],
    ['a service contract not yet started', [contract({ startDate: '2026-12-01' })], false],
    [
      'an expired service contract and an active update contract',
      [contract({ endDate: '2026-06-30' }), contract({ kind: 'update' })],
      false,
    ],
    [
      'an expired and a renewed service contract',
      [contract({ endDate: '2025-12-31', startDate: '2025-01-01' }), contract({})],
      true,
    ],
  ])('%s → %s', (_case, contracts, expected) => {
    expect(hasActiveServiceContract(contracts, TODAY)).toBe(expected);
  });
});

describe('data processing agreement status', () => {
  const av = (overrides: Partial<ContractDates>) =>
    contract({ kind: 'data_processing', signedOn: '2026-01-01', ...overrides });
  it.each([
    ['signed and open-ended', [av({})], true],
    ['not signed', [av({ signedOn: null })], false],
    ['signed only in the future', [av({ signedOn: '2026-12-01' })], false],
    ['terminated yesterday', [av({ endDate: '2026-11-21' })], false],
    ['a service contract is not an AV agreement', [contract({})], false],
  ])('%s → %s', (_case, contracts, expected) => {
    expect(hasActiveDataProcessingAgreement(contracts, TODAY)).toBe(expected);
  });
});

describe('contract dates that cannot stand', () => {
  it('refuses an end before the start', () => {
    expect(contractDatesProblem(contract({ endDate: '2025-12-31' }))?.field).toBe('endDate');
  });
  it('refuses an AV agreement without a signature day', () => {
    expect(contractDatesProblem(contract({ kind: 'data_processing' }))?.field).toBe('signedOn');
  });
  it('accepts a one-day contract', () => {
    expect(contractDatesProblem(contract({ endDate: '2026-01-01' }))).toBeNull();
  });
});

describe('the hours a service contract covers on a day', () => {
  const nightAndDay = [{ weekday: 6, open: '00:00', close: '23:59' }];
  it.each([
    [
      'a service contract with its own hours',
      [contract({ coveredHours: nightAndDay } as never)],
      nightAndDay,
    ],
    ['a service contract without: the business hours', [contract({})], null],
    ['an ended service contract: none', [contract({ endDate: '2026-11-21' })], undefined],
    ['an update contract: none', [contract({ kind: 'update' })], undefined],
  ] as const)('%s', (_case, contracts, expected) => {
    expect(coveredHoursOn(contracts, TODAY)).toEqual(expected);
  });
  it.each([
    ['service', [{ weekday: 1, open: '08:00', close: '18:00' }], null],
    ['service', [{ weekday: 1, open: '18:00', close: '08:00' }], 'open must be before close'],
    ['data_processing', [{ weekday: 1, open: '08:00', close: '18:00' }], 'only a service contract'],
    ['update', null, null],
  ] as const)('%s contract with %j → %s', (kind, slots, problem) => {
    const result = coveredHoursProblem(kind, slots);
    if (problem === null) expect(result).toBeNull();
    else expect(result).toContain(problem);
  });
});

import type { Actor, Role } from '../common/access.js';

export const CONTRACT_KINDS = ['service', 'data_processing', 'update'] as const;
export type ContractKind = (typeof CONTRACT_KINDS)[number];

/**
 * Who records, changes and ends contracts: they decide the support queue's order and whether
 * data may be processed (AV), so consultants read them but do not write them. The API's and
 * the pages' guards both take this list.
 */
export const CONTRACT_EDITORS = ['admin', 'finance'] as const satisfies readonly Role[];

export function mayEditContracts(actor: Pick<Actor, 'role'>): boolean {
  return (CONTRACT_EDITORS as readonly Role[]).includes(actor.role);
}

export interface ContractDates {
  kind: ContractKind;
  /** First day in force (YYYY-MM-DD). */
  startDate: string;
  /** Last day in force, inclusive; null while open-ended. */
  endDate: string | null;
  /** Day of signature; an AV agreement counts only once signed. */
  signedOn: string | null;
}

/** Hours a service contract covers: local wall-clock times, ISO weekday 1 (Mon) … 7 (Sun). */
export interface CoveredHoursSlot {
  weekday: number;
  /** "HH:MM", inclusive. */
  open: string;
  /** "HH:MM", exclusive. */
  close: string;
}

/**
 * The hours covered on `day` by the service contract in force: its own, or null when it
 * names none (then the company's business hours apply); undefined without a service contract.
 */
export function coveredHoursOn(
  contracts: readonly (ContractDates & { coveredHours?: CoveredHoursSlot[] | null })[],
  day: string,
): CoveredHoursSlot[] | null | undefined {
  const contract = contracts.find((c) => c.kind === 'service' && isInForce(c, day));
  return contract ? (contract.coveredHours ?? null) : undefined;
}

/** Why covered hours cannot stand, or null: only a service contract has them, each slot open < close. */
export function coveredHoursProblem(
  kind: ContractKind,
  slots: readonly CoveredHoursSlot[] | null | undefined,
): string | null {
  if (!slots) return null;
  if (kind !== 'service') return 'only a service contract records covered hours';
  const bad = slots.find((s) => s.open >= s.close);
  return bad ? `open must be before close (weekday ${bad.weekday})` : null;
}

/** In force on `day`: started, and not ended before it. The end date is the last valid day. */
export function isInForce(contract: ContractDates, day: string): boolean {
  return contract.startDate <= day && (contract.endDate === null || contract.endDate >= day);
}

/**
 * Service terms: only a service-and-maintenance contract puts a customer first in the queue.
 * An update contract (software assurance, vendor subscription) is not one.
 */
export function hasActiveServiceContract(contracts: ContractDates[], day: string): boolean {
  return contracts.some((c) => c.kind === 'service' && isInForce(c, day));
}

/** GDPR Art. 28: remote sessions, log analysis etc. need a signed AV agreement in force. */
export function hasActiveDataProcessingAgreement(contracts: ContractDates[], day: string): boolean {
  return contracts.some(
    (c) =>
      c.kind === 'data_processing' && c.signedOn !== null && c.signedOn <= day && isInForce(c, day),
  );
}

/** Why a contract's dates cannot stand, or null. */
export function contractDatesProblem(
  contract: ContractDates,
): { field: string; message: string } | null {
  if (contract.endDate !== null && contract.endDate < contract.startDate) {
    return { field: 'endDate', message: 'endDate must not be before startDate' };
  }
  if (contract.kind === 'data_processing' && contract.signedOn === null) {
    return {
      field: 'signedOn',
      message: 'a data processing agreement needs the day it was signed',
    };
  }
  return null;
}

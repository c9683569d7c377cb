import { hasActiveServiceContract, type ContractDates } from '../customers/contract-rules.js';

export const SEVERITIES = ['critical', 'high', 'normal', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type QueueGroup = 'service_contract' | 'no_service_contract';

export interface QueueCandidate {
  id: string;
  /** Ticket number: the last tie-breaker, so equal tickets keep one stable order. */
  number: string;
  severity: Severity;
  receivedAt: Date;
  /** All contracts of the ticket's customer; the rule below decides which count. */
  contracts: readonly ContractDates[];
}

export interface QueuePlacement {
  id: string;
  position: number;
  group: QueueGroup;
  /** 1 = critical … 4 = low. */
  severityRank: number;
  waitingMinutes: number;
  /** Human-readable: why the ticket stands where it stands. */
  reason: string;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 1, high: 2, normal: 3, low: 4 };

/**
 * The order the service terms promise: customers with a service contract in force today
 * first (an update contract is not one; a contract that ended yesterday no longer counts);
 * within each group by severity, then by time received. Non-contract tickets are worked only
 * when no higher-ranked ticket waits, which is exactly "after every contract ticket".
 */
export function orderQueue(
  candidates: readonly QueueCandidate[],
  today: string,
  now: Date,
): QueuePlacement[] {
  const ranked = candidates.map((c) => {
    const group: QueueGroup = hasActiveServiceContract([...c.contracts], today)
      ? 'service_contract'
      : 'no_service_contract';
    return { candidate: c, group, severityRank: SEVERITY_RANK[c.severity] };
  });
  ranked.sort(
    (a, b) =>
      groupRank(a.group) - groupRank(b.group) ||
      a.severityRank - b.severityRank ||
      a.candidate.receivedAt.getTime() - b.candidate.receivedAt.getTime() ||
      a.candidate.number.localeCompare(b.candidate.number),
  );
  return ranked.map(({ candidate, group }, index) => ({
    id: candidate.id,
    ...placeAt(candidate, group, index + 1, now),
  }));
}

/**
 * A ticket's place and the sentence that explains it, once its group and position are known
 * (the database ranks the live queue by the same keys: see `queueRankSql`).
 */
export function placeAt(
  ticket: { severity: Severity; receivedAt: Date },
  group: QueueGroup,
  position: number,
  now: Date,
): Omit<QueuePlacement, 'id'> {
  const waitingMinutes = Math.max(
    0,
    Math.floor((now.getTime() - ticket.receivedAt.getTime()) / 60_000),
  );
  return {
    position,
    group,
    severityRank: SEVERITY_RANK[ticket.severity],
    waitingMinutes,
    reason:
      `${group === 'service_contract' ? 'service contract in force' : 'no service contract in force'}, ` +
      `severity ${ticket.severity}, waiting ${waitingMinutes} min`,
  };
}

/** SQL for the severity's rank (1 = critical … 4 = low), from the same table as above. */
export function severityRankSql(column: string): string {
  const cases = SEVERITIES.map((s) => `WHEN '${s}' THEN ${SEVERITY_RANK[s]}`).join(' ');
  return `CASE ${column} ${cases} END`;
}

function groupRank(group: QueueGroup): number {
  return group === 'service_contract' ? 0 : 1;
}

export interface ApprovalFacts {
  /** Billable work up to this needs no order (settings: threshold in AE × AE length). */
  thresholdMinutes: number;
  /** Sum of the estimated effort of all approved quotes (extensions add up). */
  approvedMinutes: number;
  /** Billed minutes of the ticket's billable entries so far. */
  billedMinutesSoFar: number;
  /** Billed minutes of the entry being logged. */
  billedMinutesNew: number;
}

export type ApprovalOutcome =
  | { ok: true }
  | {
      ok: false;
      code: 'SUPPORT.APPROVAL_REQUIRED' | 'SUPPORT.APPROVED_EFFORT_EXCEEDED';
      limitMinutes: number;
      requestedMinutes: number;
    };

/**
 * Service terms: extensive billable work needs the customer's explicit order first. Billable
 * work up to the threshold needs none; beyond it, the approved effort is the limit, and more
 * needs an approved extension (another quote).
 */
export function checkPriorApproval(facts: ApprovalFacts): ApprovalOutcome {
  const limitMinutes = Math.max(facts.thresholdMinutes, facts.approvedMinutes);
  const requestedMinutes = facts.billedMinutesSoFar + facts.billedMinutesNew;
  if (requestedMinutes <= limitMinutes) return { ok: true };
  return {
    ok: false,
    code:
      facts.approvedMinutes > 0 ? 'SUPPORT.APPROVED_EFFORT_EXCEEDED' : 'SUPPORT.APPROVAL_REQUIRED',
    limitMinutes,
    requestedMinutes,
  };
}

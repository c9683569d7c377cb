export const SUPPORT_CAUSES = [
  'provider_defect',
  'customer_error',
  'third_party',
  'unauthorised_intervention',
  'unknown',
] as const;
export type SupportCause = (typeof SUPPORT_CAUSES)[number];

export const SUPPORT_CATEGORIES = ['standard', 'extended', 'referred'] as const;
export type SupportCategory = (typeof SUPPORT_CATEGORIES)[number];

/**
 * The cost decision scheme of the service terms, cause → default category:
 * - a fault in the company's area (its own defect) is standard support, free;
 * - the customer's own error and an unauthorised intervention by a third party are extended
 *   support, billed;
 * - a fault outside the company's area is referred to the responsible partner, free (when the
 *   company fixes or supports the third-party system itself, staff override to extended);
 * - while the cause is unknown nothing is billed: billing needs a decided cause or an
 *   explicit override with a reason.
 */
export const DEFAULT_CATEGORY: Record<SupportCause, SupportCategory> = {
  provider_defect: 'standard',
  customer_error: 'extended',
  third_party: 'referred',
  unauthorised_intervention: 'extended',
  unknown: 'standard',
};

/** Only extended support is billed. */
export function isBilledCategory(category: SupportCategory | null): boolean {
  return category === 'extended';
}

export interface CostDecisionInput {
  cause: SupportCause;
  /** Staff override of the default; needs a reason. */
  category?: SupportCategory;
  reason?: string;
  /** A referral: the partner who looks after the area … */
  referralPartner?: string;
  /** … and their support document or contact the customer was given. */
  referralDocument?: string;
}

export type CostDecisionOutcome =
  | {
      ok: true;
      cause: SupportCause;
      category: SupportCategory;
      defaultCategory: SupportCategory;
      overridden: boolean;
      billable: boolean;
      reason: string;
      referral: { partner: string; document: string } | null;
    }
  | {
      ok: false;
      field: 'reason' | 'referralPartner' | 'referralDocument';
      message: string;
    };

export function decideCost(input: CostDecisionInput): CostDecisionOutcome {
  const defaultCategory = DEFAULT_CATEGORY[input.cause];
  const category = input.category ?? defaultCategory;
  const overridden = category !== defaultCategory;
  const reason = input.reason?.trim() ?? '';
  if (overridden && reason === '') {
    return {
      ok: false,
      field: 'reason',
      message: `overriding the default category ${defaultCategory} for cause ${input.cause} needs a reason`,
    };
  }
  const referral = referralOf(input, category);
  if (!referral.ok) return referral;
  return {
    ok: true,
    cause: input.cause,
    category,
    defaultCategory,
    overridden,
    billable: isBilledCategory(category),
    reason: reason || `default for cause ${input.cause}`,
    referral: referral.referral,
  };
}

/**
 * Service terms: a fault outside the company's area is referred directly to the partner who
 * looks after it, or to a support document of theirs: a referral names both; nothing else does.
 */
function referralOf(
  input: CostDecisionInput,
  category: SupportCategory,
):
  | { ok: true; referral: { partner: string; document: string } | null }
  | { ok: false; field: 'referralPartner' | 'referralDocument'; message: string } {
  const partner = input.referralPartner?.trim() ?? '';
  const document = input.referralDocument?.trim() ?? '';
  if (category !== 'referred') {
    const given = partner !== '' ? 'referralPartner' : document !== '' ? 'referralDocument' : null;
    return given
      ? { ok: false, field: given, message: `${given} is given only with the category referred` }
      : { ok: true, referral: null };
  }
  if (partner === '') {
    return { ok: false, field: 'referralPartner', message: 'a referral names the partner' };
  }
  if (document === '') {
    return {
      ok: false,
      field: 'referralDocument',
      message: "a referral names the partner's support document or contact the customer was given",
    };
  }
  return { ok: true, referral: { partner, document } };
}

/**
 * Service terms: extended support is always billed. Waiving the charge for the customer's own
 * error is goodwill (Kulanz), which stays visible on the time report and in the figures; making
 * it free support instead hides it, so only an admin may.
 */
export function needsAdminToDecide(outcome: {
  cause: SupportCause;
  category: SupportCategory;
}): boolean {
  return outcome.cause === 'customer_error' && !isBilledCategory(outcome.category);
}

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
    }
  | { ok: false; field: 'reason'; message: string };

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
  return {
    ok: true,
    cause: input.cause,
    category,
    defaultCategory,
    overridden,
    billable: isBilledCategory(category),
    reason: reason || `default for cause ${input.cause}`,
  };
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

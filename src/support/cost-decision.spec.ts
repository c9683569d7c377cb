import { describe, expect, it } from '@jest/globals';
import {
  decideCost,
  needsAdminToDecide,
  type SupportCategory,
  type SupportCause,
} from './cost-decision.js';

describe('cost decision defaults', () => {
  it.each<[SupportCause, SupportCategory, boolean]>([
    ['provider_defect', 'standard', false],
    ['customer_error', 'extended', true],
    ['third_party', 'referred', false],
    ['unauthorised_intervention', 'extended', true],
    ['unknown', 'standard', false],
  ])('cause %s defaults to %s (billed: %s)', (cause, category, billable) => {
    const referral =
      category === 'referred' ? { partner: 'Partner GmbH', document: 'Hotline 0800 1' } : null;
    expect(
      decideCost({
        cause,
        ...(referral
          ? { referralPartner: referral.partner, referralDocument: referral.document }
          : {}),
      }),
    ).toEqual({
      ok: true,
      cause,
      category,
      defaultCategory: category,
      overridden: false,
      billable,
      reason: `default for cause ${cause}`,
      referral,
    });
  });

  it('keeps a reason given with the default', () => {
    const outcome = decideCost({ cause: 'customer_error', reason: 'deleted mailbox' });
    expect(outcome).toMatchObject({ ok: true, overridden: false, reason: 'deleted mailbox' });
  });

  it.each<[SupportCause, SupportCategory, boolean]>([
    ['third_party', 'extended', true], // the company fixes the third-party system itself
    ['customer_error', 'standard', false], // waived entirely
    ['provider_defect', 'referred', false],
  ])('staff override %s to %s with a reason', (cause, category, billable) => {
    const referral =
      category === 'referred'
        ? { referralPartner: 'Partner GmbH', referralDocument: 'Hotline' }
        : {};
    expect(
      decideCost({ cause, category, reason: 'agreed with the customer', ...referral }),
    ).toMatchObject({
      ok: true,
      category,
      overridden: true,
      billable,
      reason: 'agreed with the customer',
    });
  });

  it.each([undefined, '', '   '])('refuses an override without a reason (%j)', (reason) => {
    expect(decideCost({ cause: 'third_party', category: 'extended', reason })).toEqual({
      ok: false,
      field: 'reason',
      message: 'overriding the default category referred for cause third_party needs a reason',
    });
  });

  it('naming the default category is not an override', () => {
    expect(decideCost({ cause: 'unknown', category: 'standard' })).toMatchObject({
      ok: true,
      overridden: false,
    });
  });
});

describe('making the customer’s own error free needs an admin', () => {
  it.each([
    ['customer_error', 'extended', false],
    ['customer_error', 'standard', true],
    ['customer_error', 'referred', true],
    ['unauthorised_intervention', 'standard', false],
    ['provider_defect', 'extended', false],
  ] as const)('%s → %s: admin only %s', (cause, category, adminOnly) => {
    expect(needsAdminToDecide({ cause, category })).toBe(adminOnly);
  });
});

describe('a referral names the partner and what the customer was given', () => {
  const partner = 'Telekom Geschäftskunden';
  const document = 'Störungshotline 0800 330 1300';
  it.each([
    ['third_party', {}, 'referralPartner'],
    ['third_party', { referralPartner: partner }, 'referralDocument'],
    ['third_party', { referralPartner: partner, referralDocument: document }, null],
    [
      'third_party',
      { category: 'extended', reason: 'Wir reparieren es', referralPartner: partner },
      'referralPartner',
    ],
    ['provider_defect', { referralDocument: document }, 'referralDocument'],
    ['provider_defect', {}, null],
  ] as const)('%s %j → %s', (cause, input, field) => {
    const outcome = decideCost({ cause, ...input });
    if (field === null) expect(outcome.ok).toBe(true);
    else expect(outcome).toMatchObject({ ok: false, field });
  });
  it('records the referral', () => {
    expect(
      decideCost({ cause: 'third_party', referralPartner: partner, referralDocument: document }),
    ).toMatchObject({ ok: true, category: 'referred', referral: { partner, document } });
  });
});

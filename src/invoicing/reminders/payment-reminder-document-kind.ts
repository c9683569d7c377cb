import { documentKind } from '../../documents/document-kind.js';
import type { DocumentLocale } from '../../documents/document-views.js';
import { SAMPLE_COMPANY, SAMPLE_CUSTOMERS } from '../../documents/letter-samples.js';
import { defaultInterest } from './dunning-rules.js';
import type { PaymentReminderView } from './payment-reminder-view.js';

/** The payment reminder as a document kind, with its sample views. */
export const REMINDER_DOCUMENT_KINDS = [documentKind('payment-reminder', sampleReminder)] as const;

/** A 1. Mahnung: a partial payment, 10,27 % interest across a base-rate change, fee and flat fee. */
export function sampleReminder(locale: DocumentLocale): PaymentReminderView {
  const payments = [{ day: '2025-06-20', amountCents: 50_000 }];
  const interest = defaultInterest({
    principalCents: 238_000,
    dueDate: '2025-06-10',
    until: '2025-07-01',
    payments,
    baseRates: [
      { validFrom: '2025-01-01', rateBp: 227 },
      { validFrom: '2025-07-01', rateBp: 127 },
    ],
    business: true,
  });
  const interestCents = interest.reduce((n, p) => n + p.interestCents, 0);
  return {
    company: SAMPLE_COMPANY,
    customer: SAMPLE_CUSTOMERS[locale],
    salutation: locale === 'de' ? 'Sehr geehrte Frau Weiß,' : 'Dear Mr Brennan,',
    level: 1,
    reminderDate: '2025-07-01',
    projectNumber: 'P-00007',
    contact: { name: 'Jörg Krämer', email: 'buchhaltung@nordwerk-it.example', phone: null },
    invoice: {
      number: 'RE-2025-00042',
      issueDate: '2025-05-27',
      dueDate: '2025-06-10',
      dueCents: 238_000,
    },
    paidCents: 50_000,
    openCents: 188_000,
    feeCents: 500,
    flatFeeCents: 4000,
    earlierFeesCents: 0,
    interest: interest.map((p) => ({ ...p, rateBasisPoints: p.rateBp })),
    interestCents,
    totalCents: 188_000 + 500 + 4000 + interestCents,
    payBy: '2025-07-11',
  };
}

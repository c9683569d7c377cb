import type { Cents } from '../../common/money.js';
import type { CompanyView, CustomerView, Day } from '../../documents/document-views.js';

/** The payment reminder (Zahlungserinnerung, 1. and 2. Mahnung), built by the reminders service. */
declare module '../../documents/document-views.js' {
  interface DocumentViews {
    'payment-reminder': PaymentReminderView;
  }
}

export interface ReminderInterestView {
  from: Day;
  to: Day;
  days: number;
  principalCents: Cents;
  /** Base rate + margin, basis points (1027 = 10,27 %). */
  rateBasisPoints: number;
  interestCents: Cents;
}

export interface PaymentReminderView {
  company: CompanyView;
  customer: CustomerView;
  /** "Sehr geehrte Frau Weiß," — see `salutationOf`. */
  salutation: string;
  /** 0: Zahlungserinnerung, 1: 1. Mahnung, 2: 2. Mahnung. */
  level: 0 | 1 | 2;
  reminderDate: Day;
  /** The invoice's project, else the invoice number: the reference in the document title. */
  projectNumber: string;
  contact: { name: string; email: string | null; phone: string | null };
  invoice: { number: string; issueDate: Day; dueDate: Day; dueCents: Cents };
  paidCents: Cents;
  openCents: Cents;
  feeCents: Cents;
  flatFeeCents: Cents;
  earlierFeesCents: Cents;
  interest: ReminderInterestView[];
  interestCents: Cents;
  totalCents: Cents;
  /** The new payment date the reminder sets. */
  payBy: Day;
}

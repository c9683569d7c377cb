import { Injectable, Logger } from '@nestjs/common';

/** Seam for the mail module: the notice the customer must receive before billable work. */
export const SUPPORT_CUSTOMER_NOTIFIED = 'support.customer_notified';

export interface SupportCustomerNotifiedEvent {
  noticeId: string;
  ticketId: string;
  ticketNumber: string;
  customerId: string;
  /** The reporting contact, if known: the natural recipient. */
  contactId: string | null;
  reason: 'customer_error';
  message: string;
  notifiedAt: string;
  notifiedBy: string;
}

type Listener = (event: SupportCustomerNotifiedEvent) => void | Promise<void>;

/**
 * Published after the notice has committed. Until the outbox exists nobody sends the e-mail:
 * the notice record and its audit entry are the proof that the customer was told. The mail
 * module subscribes with `onCustomerNotified` (or replaces this with @nestjs/event-emitter
 * under the same event name) and writes an outbox row.
 */
@Injectable()
export class SupportEvents {
  private readonly logger = new Logger(SupportEvents.name);
  private readonly listeners: Listener[] = [];

  onCustomerNotified(listener: Listener): void {
    this.listeners.push(listener);
  }

  async customerNotified(event: SupportCustomerNotifiedEvent): Promise<void> {
    this.logger.log(
      { event: SUPPORT_CUSTOMER_NOTIFIED, ticketId: event.ticketId },
      'customer notified',
    );
    for (const listener of this.listeners) await listener(event);
  }
}

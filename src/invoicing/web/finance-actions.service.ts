import { Injectable } from '@nestjs/common';
import type { Actor } from '../../common/access.js';
import { DomainError } from '../../common/domain-error.js';
import { InvoiceDraftsService } from '../invoice-drafts.service.js';
import { InvoiceIssuingService } from '../invoice-issuing.service.js';
import { InvoicePaymentsService } from '../invoice-payments.service.js';
import { InvoiceReader } from '../invoice-reader.service.js';
import { linesEditable } from '../invoice-lifecycle.js';
import {
  euroTextToCents,
  toUpdate,
  type PageDraftDto,
  type PagePaymentDto,
} from './finance-pages.dto.js';

/**
 * The finance forms' changes: the invoicing services' calls, with their refusals addressed to
 * the form's fields (the §14 list to `missing`, an overpayment to `amount`).
 */
@Injectable()
export class FinanceActionsService {
  constructor(
    private readonly reader: InvoiceReader,
    private readonly drafts: InvoiceDraftsService,
    private readonly issuing: InvoiceIssuingService,
    private readonly payments: InvoicePaymentsService,
  ) {}

  /** Subject, period, terms; the lines too where they are typed (a standard invoice's). */
  async saveDraft(actor: Actor, id: string, dto: PageDraftDto) {
    const invoice = await this.reader.get(actor, id);
    return this.drafts.update(actor, id, toUpdate(dto, linesEditable(invoice.kind)));
  }

  async issue(actor: Actor, id: string, idempotencyKey: string) {
    try {
      return await this.issuing.issue(actor, id, idempotencyKey);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVOICE.INCOMPLETE') {
        const missing = (error.details.missing as string[] | undefined) ?? [];
        throw new DomainError(error.kind, error.code, error.message, {
          ...error.details,
          errors: [{ field: 'missing', messages: missing }],
        });
      }
      throw error;
    }
  }

  async recordPayment(actor: Actor, invoiceId: string, dto: PagePaymentDto) {
    try {
      return await this.payments.record(actor, {
        invoiceId,
        day: dto.day,
        amountCents: euroTextToCents(dto.amount),
        reference: dto.reference,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INVOICE.OVERPAYMENT') {
        throw new DomainError(error.kind, error.code, error.message, {
          ...error.details,
          field: 'amount',
        });
      }
      throw error;
    }
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { ProjectBillingService } from '../projects/project-billing.service.js';
import { SupportBillingService } from '../support/support-billing.service.js';
import type { CancellationResponse } from './invoice.dto.js';
import { issuedRows } from './draft-lines.js';
import { Invoice, InvoiceLine } from './invoice.entity.js';
import { composeCancellation } from './invoice-compose.js';
import { InvoiceDraftsService } from './invoice-drafts.service.js';
import { InvoiceFiling } from './invoice-filing.service.js';
import { assertInvoiceAction, deductingFinal } from './invoice-lifecycle.js';
import { InvoiceReader } from './invoice-reader.service.js';
import type { InvoiceSnapshot } from './invoice-snapshot.js';
import { amountsOf } from './issue-plan.js';

/**
 * Stornorechnung: a new invoice of the cancellation series with negated amounts that names
 * the original; the original's status becomes `cancelled` (its number, snapshot and PDF stay
 * as issued). The time it billed is released, and a new draft with the original's content is
 * created for the correction: all in one transaction.
 */
@Injectable()
export class InvoiceCancellingService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly filing: InvoiceFiling,
    private readonly projects: ProjectBillingService,
    private readonly support: SupportBillingService,
    private readonly drafts: InvoiceDraftsService,
    private readonly reader: InvoiceReader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async cancel(actor: Actor, id: string, reason: string): Promise<CancellationResponse> {
    const ids = await this.transactions.run(async (tx) => {
      const original = await this.markCancelled(tx, actor, id, reason);
      const number = await this.filing.nextNumber(tx, 'cancellation');
      const snapshot = composeCancellation(original.snapshot!, number, this.clock.today());
      const cancellationId = await this.insertCancellation(tx, actor, original, snapshot, reason);
      const stored = await this.filing.store(
        tx,
        actor,
        cancellationId,
        original.customerId,
        snapshot,
      );
      await tx.manager.update(Invoice, { id: cancellationId }, stored);
      // Time (project or support) is released: issuing the correction claims it again.
      if (original.kind === 'final') await this.projects.releaseTimeEntriesIn(tx, id);
      if (original.kind === 'support') {
        await this.support.releaseEntries(tx, actor, original.customerId, original.number!);
      }
      await this.audit.record(tx, actor, {
        entityType: 'invoice',
        entityId: id,
        action: 'cancelled',
        changes: { status: { from: 'issued', to: 'cancelled' }, cancellation: number },
        reason,
      });
      await this.audit.record(tx, actor, {
        entityType: 'invoice',
        entityId: cancellationId,
        action: 'issued',
        changes: {
          kind: 'cancellation',
          number,
          cancels: original.number,
          ...amountsOf(snapshot),
          ...stored,
        },
        reason,
      });
      const replacementId = await this.insertReplacement(tx, actor, original);
      return { cancellationId, replacementId };
    });
    const [cancellation, replacement] = await Promise.all([
      this.reader.get(actor, ids.cancellationId),
      this.reader.get(actor, ids.replacementId),
    ]);
    return { cancellation, replacement };
  }

  /** Asks the lifecycle table, then moves the original to `cancelled` under its version. */
  private async markCancelled(tx: Tx, actor: Actor, id: string, reason: string) {
    const original = await this.reader.findVisible(actor, id, tx.manager);
    const deductedIn =
      original.kind === 'down_payment' && original.projectId && original.number
        ? deductingFinal(
            original.number,
            await tx.manager.find(Invoice, {
              where: { projectId: original.projectId, kind: 'final', status: 'issued' },
            }),
          )
        : null;
    const paidCents = (await this.reader.paidCents(tx.manager, [id])).get(id) ?? 0;
    assertInvoiceAction(original, 'cancel', actor.role, { paidCents, deductedIn });
    const changed = await tx.manager.update(
      Invoice,
      { id, status: 'issued', version: original.version },
      { status: 'cancelled', cancelReason: reason },
    );
    if (changed.affected !== 1) {
      throw new DomainError(
        'conflict',
        'INVOICE.VERSION_CONFLICT',
        'The invoice changed meanwhile; reload',
      );
    }
    return original;
  }

  private async insertCancellation(
    tx: Tx,
    actor: Actor,
    original: Invoice,
    snapshot: InvoiceSnapshot,
    reason: string,
  ): Promise<string> {
    const id = randomUUID();
    await tx.manager.insert(Invoice, {
      id,
      kind: 'cancellation',
      status: 'issued',
      series: 'cancellation',
      number: snapshot.number,
      customerId: original.customerId,
      projectId: original.projectId,
      locale: original.locale,
      subject: original.subject,
      buyerReference: original.buyerReference,
      serviceFrom: original.serviceFrom,
      serviceTo: original.serviceTo,
      paymentTermsDays: 0,
      downPaymentBp: null,
      cancelsInvoiceId: original.id,
      cancelReason: reason,
      ...amountsOf(snapshot),
      issueDate: snapshot.issueDate,
      dueDate: snapshot.dueDate,
      snapshot,
      issuedAt: this.clock.now(),
      issuedBy: actor.userId,
      createdBy: actor.userId,
    });
    for (const row of issuedRows(snapshot, null)) {
      await tx.manager.insert(InvoiceLine, { ...row, id: randomUUID(), invoiceId: id });
    }
    return id;
  }

  /** A new draft with the original's content and sources, to correct and issue again. */
  private async insertReplacement(tx: Tx, actor: Actor, original: Invoice): Promise<string> {
    const lines = await this.drafts.linesOf(tx, [original.id]);
    return this.drafts.insertDraft(tx, actor, {
      // The lifecycle table never lets a cancellation invoice be cancelled.
      kind: original.kind as Exclude<Invoice['kind'], 'cancellation'>,
      customerId: original.customerId,
      projectId: original.projectId,
      subject: original.subject,
      serviceFrom: original.serviceFrom,
      serviceTo: original.serviceTo,
      buyerReference: original.buyerReference,
      paymentTermsDays: original.paymentTermsDays,
      downPaymentBp: original.downPaymentBp,
      lines,
    });
  }
}

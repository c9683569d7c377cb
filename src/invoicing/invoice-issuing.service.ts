import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { canonicalJson } from '../common/canonical-json.js';
import { DomainError } from '../common/domain-error.js';
import { CompanyService, type InvoicingProfile } from '../company/company.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import { ProjectBillingService } from '../projects/project-billing.service.js';
import { ProjectWorkflowService } from '../projects/project-workflow.service.js';
import { SupportBillingService } from '../support/support-billing.service.js';
import { issuedRows, type DraftLine } from './draft-lines.js';
import type { InvoiceResponse } from './invoice.dto.js';
import { IdempotencyKey, Invoice, InvoiceLine } from './invoice.entity.js';
import { InvoiceDraftsService } from './invoice-drafts.service.js';
import { InvoiceFiling, type PreparedInvoice } from './invoice-filing.service.js';
import { assertInvoiceAction } from './invoice-lifecycle.js';
import { InvoiceReader } from './invoice-reader.service.js';
import type { DeductionSnapshot, InvoiceSnapshot } from './invoice-snapshot.js';
import {
  amountsOf,
  planIssue,
  repriceSupport,
  snapshotOf,
  type IssueFacts,
  type IssuePlan,
} from './issue-plan.js';

/** An invoice's files rendered before its transaction, and the snapshot they show. */
interface Ahead {
  snapshot: string;
  files: PreparedInvoice;
}

/**
 * Issuing a draft. Everything an issued invoice is happens in one transaction: the §14
 * check, the gapless number, the snapshot, the claimed time, the project's move, the PDF/A-3
 * with its factur-x.xml, both hashes and the audit entry. A failure anywhere rolls all of it
 * back, the number included, so the series never has a gap. The PDF is normally rendered
 * before the transaction for the number expected (`renderAhead`), so the number's row lock is
 * held only from drawing the number to commit. What to do is decided by a pure
 * planner (`planIssue`); this service reads the facts and carries the plan out.
 */
@Injectable()
export class InvoiceIssuingService {
  /** Issues of this process inside their transaction (a hint only; correctness is the lock's). */
  private inFlight = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly company: CompanyService,
    private readonly customers: CustomersService,
    private readonly filing: InvoiceFiling,
    private readonly projects: ProjectBillingService,
    private readonly workflow: ProjectWorkflowService,
    private readonly support: SupportBillingService,
    private readonly drafts: InvoiceDraftsService,
    private readonly reader: InvoiceReader,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async issue(actor: Actor, id: string, idempotencyKey?: string): Promise<InvoiceResponse> {
    const key = idempotencyKey ? `${actor.userId}:${idempotencyKey}` : null;
    if (key) {
      const replay = await this.replay(actor, key, id);
      if (replay) return replay;
    }
    // Read before the transaction: inside it the number lock is held, and every query must
    // use the transaction's own connection (waiting for a second pooled one starves the pool).
    const profile = await this.company.invoicingProfile();
    // With another issue in flight here the expected number is likely taken: rendering ahead
    // would be wasted work queued before the renders that hold the lock.
    const ahead = this.inFlight === 0 ? await this.renderAhead(actor, id, profile) : null;
    this.inFlight++;
    try {
      await this.transactions.run(async (tx) => {
        if (key)
          await tx.manager.insert(IdempotencyKey, { key, scope: 'invoice.issue', invoiceId: id });
        await this.issueIn(tx, actor, id, profile, ahead);
      });
    } catch (error) {
      // A concurrent retry with the same key lost the race: answer like the winner.
      const replay = key ? await this.replay(actor, key, id) : null;
      if (replay) return replay;
      throw error;
    } finally {
      this.inFlight--;
    }
    return this.reader.get(actor, id);
  }

  private async replay(actor: Actor, key: string, id: string): Promise<InvoiceResponse | null> {
    const stored = await this.dataSource.manager.findOneBy(IdempotencyKey, { key });
    if (!stored) return null;
    if (stored.invoiceId !== id) {
      throw new DomainError(
        'unprocessable',
        'INVOICE.IDEMPOTENCY_KEY_REUSED',
        'This Idempotency-Key was used for another invoice',
        { invoiceId: stored.invoiceId },
      );
    }
    return this.reader.get(actor, id);
  }

  /**
   * The PDF rendered before the transaction, for the number the series would give now: the
   * number's row lock is then held for milliseconds instead of a render. Under the lock
   * `issueIn` uses it only if the snapshot it builds with the number actually drawn is the same
   * (rendering is deterministic: same snapshot, same bytes); another issuer that took the
   * number meanwhile, or changed facts, mean rendering again there. Support invoices price
   * what they claim under the number, so they always render there. Null when there is nothing
   * to render ahead; a refusal is left to the transaction, which gives it properly.
   */
  private async renderAhead(
    actor: Actor,
    id: string,
    profile: InvoicingProfile,
  ): Promise<Ahead | null> {
    try {
      const tx: Tx = { manager: this.dataSource.manager };
      const invoice = await this.reader.findVisible(actor, id, tx.manager);
      assertInvoiceAction(invoice, 'issue', actor.role);
      const plan = planIssue(await this.facts(tx, actor, invoice, profile));
      if (plan.claimSupportEntries) return null;
      const snapshot = snapshotOf(plan, await this.filing.peekNumber(tx.manager, plan.series));
      const files = await this.filing.prepare(actor, id, invoice.customerId, snapshot);
      return { snapshot: canonicalJson(snapshot), files };
    } catch {
      return null;
    }
  }

  private async issueIn(
    tx: Tx,
    actor: Actor,
    id: string,
    profile: InvoicingProfile,
    ahead: Ahead | null,
  ): Promise<void> {
    const invoice = await this.reader.findVisible(actor, id, tx.manager);
    assertInvoiceAction(invoice, 'issue', actor.role);
    const plan = planIssue(await this.facts(tx, actor, invoice, profile));
    const number = await this.filing.nextNumber(tx, plan.series);
    const lines = plan.claimSupportEntries
      ? await this.claimSupport(tx, actor, invoice, plan, number, profile)
      : plan.lines;
    const snapshot = snapshotOf({ compose: plan.compose, lines }, number);
    if (plan.claimSupportEntries) await this.writeIssuedLines(tx, invoice.id, lines, snapshot);
    // Render (unless rendered ahead) and store before anything writes an audit entry: the
    // audit chain's head row is one lock for the whole app, held from the first entry to
    // commit (the project's move to invoiced writes one), so it must not be held while the
    // PDF renders.
    const files =
      ahead && ahead.snapshot === canonicalJson(snapshot)
        ? ahead.files
        : await this.filing.prepare(actor, id, invoice.customerId, snapshot);
    const stored = await this.filing.record(tx, actor, files);
    if (plan.claimTimeEntries) {
      await this.projects.claimTimeEntriesIn(tx, invoice.projectId!, plan.claimTimeEntries, id);
    }
    if (plan.markProjectInvoiced) {
      await this.workflow.markInvoicedIn(tx, actor, invoice.projectId!, { invoice: number });
    }
    const amounts = amountsOf(snapshot);
    await updateVersioned(
      tx,
      Invoice,
      id,
      invoice.version,
      {
        status: 'issued',
        number,
        ...amounts,
        issueDate: snapshot.issueDate,
        dueDate: snapshot.dueDate,
        snapshot,
        ...stored,
        issuedAt: this.clock.now(),
        issuedBy: actor.userId,
      },
      'INVOICE',
    );
    await this.audit.record(tx, actor, {
      entityType: 'invoice',
      entityId: id,
      action: 'issued',
      changes: { status: { from: 'draft', to: 'issued' }, number, ...amounts, ...stored },
    });
  }

  /** What the planner needs, read with the transaction's connection only. */
  private async facts(
    tx: Tx,
    actor: Actor,
    invoice: Invoice,
    profile: InvoicingProfile,
  ): Promise<IssueFacts> {
    const customer = await this.customers.invoiceRecipient(actor, invoice.customerId, tx);
    const project = invoice.projectId
      ? await this.projects.stageIn(tx, actor, invoice.projectId)
      : null;
    const lines: DraftLine[] = await this.drafts.linesOf(tx, [invoice.id]);
    const final = invoice.kind === 'final' && invoice.projectId !== null;
    const [deductions, activeFinal] = final
      ? [
          await this.deductions(tx, invoice.projectId!),
          await tx.manager.findOneBy(Invoice, {
            projectId: invoice.projectId!,
            kind: 'final',
            status: 'issued',
          }),
        ]
      : [[], null];
    return {
      invoice,
      lines,
      profile,
      customer,
      project,
      deductions,
      activeFinal,
      today: this.clock.today(),
    };
  }

  /**
   * Claims a support invoice's entries exactly once under its number, prices them as of now
   * (refusing a draft whose pricing changed).
   */
  private async claimSupport(
    tx: Tx,
    actor: Actor,
    invoice: Invoice,
    plan: IssuePlan,
    number: string,
    profile: InvoicingProfile,
  ): Promise<DraftLine[]> {
    const claim = await this.support.claimEntries(
      tx,
      actor,
      invoice.customerId,
      plan.claimSupportEntries!,
      number,
    );
    return repriceSupport(plan, claim.lines, profile.defaultVatRateBp);
  }

  /**
   * A support invoice's lines as issued (repriced, titles as of now) replace the draft's rows
   * once, with the snapshot's amounts, so the table agrees with the snapshot and the API.
   */
  private async writeIssuedLines(
    tx: Tx,
    invoiceId: string,
    lines: DraftLine[],
    snapshot: InvoiceSnapshot,
  ): Promise<void> {
    await tx.manager.delete(InvoiceLine, { invoiceId });
    await tx.manager.insert(
      InvoiceLine,
      issuedRows(snapshot, lines).map((row) => ({ ...row, id: randomUUID(), invoiceId })),
    );
  }

  /** The issued down payments of a project, deducted in its final invoice. */
  private async deductions(tx: Tx, projectId: string): Promise<DeductionSnapshot[]> {
    const downPayments = await tx.manager.find(Invoice, {
      where: { projectId, kind: 'down_payment', status: 'issued' },
      order: { issueDate: 'ASC', number: 'ASC' },
    });
    return downPayments.map((d) => ({
      number: d.number!,
      issueDate: d.issueDate!,
      netCents: d.netCents,
      vatCents: d.vatCents,
      grossCents: d.grossCents,
      vat: d.snapshot!.vat,
    }));
  }
}

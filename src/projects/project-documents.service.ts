import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { UsersService } from '../auth/users.service.js';
import { CompanyService } from '../company/company.service.js';
import { CustomersService } from '../customers/customers.service.js';
import type { Tx } from '../database/transactions.js';
import type { KeysetPage, KeysetPageQuery } from '../common/pagination.js';
import {
  toDocumentMailResponse,
  type ProjectDocumentResponse,
} from './dto/project-document.dto.js';
import type { DocumentKind, DocumentLocale, DocumentViews } from '../documents/document-views.js';
import { DocumentsService } from '../documents/documents.service.js';
import {
  acceptanceProtocolView,
  changeRequestView,
  conceptPaperView,
  describeChanges,
  orderConfirmationView,
  qaProtocolView,
  solutionDocumentView,
  type LetterContext,
} from './project-document-views.js';
import { ProjectGuard } from './project-guard.js';
import { ProjectsService } from './projects.service.js';
import { Project, Requirement } from './project.entity.js';
import { AcceptanceRecord, QaCheck, QaRound } from './qa.entity.js';
import { diffRevisions } from './revision-diff.js';
import { ProjectRevision, RevisionDecision } from './revision.entity.js';
import type { RevisionContent } from './revision-diff.js';
import type { Scope } from './signer.js';
import { ChangeRequest } from './work.entity.js';
import { StageDocumentMails, type MailedDocument } from './stage-document-mails.service.js';

/**
 * Who a stage document is issued by: `actor` is the staff member, or null when a customer's
 * decision issues it (the system does); `scope` reads the customer as that caller may.
 */
export interface Issuer {
  scope: Scope;
  actor: Actor | null;
}

export function issuerOf(actor: Actor): Issuer {
  return { scope: actor, actor: actor.role === 'customer' ? null : actor };
}

type ProjectDocumentKind = Exclude<DocumentKind, 'time-report' | 'invoice' | 'payment-reminder'>;

const TITLES: Record<ProjectDocumentKind, Record<DocumentLocale, string>> = {
  'concept-paper': { de: 'Konzeptpapier', en: 'Concept paper' },
  'solution-document': {
    de: 'Lösungsdokument mit Kostenschätzung',
    en: 'Solution and cost estimate',
  },
  'order-confirmation': { de: 'Auftragsbestätigung', en: 'Order confirmation' },
  'change-request': { de: 'Nachtrag', en: 'Change request' },
  'qa-protocol': { de: 'QA-Protokoll', en: 'QA protocol' },
  'acceptance-protocol': { de: 'Abnahmeprotokoll', en: 'Acceptance protocol' },
};

/**
 * The stage documents: each is rendered from the frozen records and stored, immutable and
 * hash-stamped, in the same transaction as the transition that produces it — a transition
 * without its document does not happen. Documents follow the customer's language.
 */
@Injectable()
export class ProjectDocumentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly documents: DocumentsService,
    private readonly company: CompanyService,
    private readonly customers: CustomersService,
    private readonly users: UsersService,
    private readonly guard: ProjectGuard,
    private readonly projects: ProjectsService,
    private readonly mails: StageDocumentMails,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Concept paper and solution document of the revision just sent, with what changed. */
  async revisionSent(
    tx: Tx,
    by: Issuer,
    project: Project,
    revision: { number: number; content: RevisionContent },
  ): Promise<void> {
    const ctx = await this.context(tx, by, project);
    const label = this.revisionLabel(ctx.locale, revision.number);
    const { number, content } = revision;
    const concept = await this.issue(
      tx,
      by,
      project,
      ctx,
      'concept-paper',
      label,
      conceptPaperView(ctx, project, number, content),
    );
    const previous =
      number > 1
        ? await tx.manager.findOneBy(ProjectRevision, { projectId: project.id, number: number - 1 })
        : null;
    const changes = previous
      ? describeChanges(diffRevisions(previous.content, content), ctx.locale)
      : null;
    const solution = await this.issue(
      tx,
      by,
      project,
      ctx,
      'solution-document',
      label,
      solutionDocumentView(ctx, project, number, content, changes),
    );
    await this.mails.send(tx, project, ctx, { event: 'revision', revision: number }, [
      concept,
      solution,
    ]);
  }

  /** The order confirmation for the approved revision, naming the solution document's hash. */
  async orderConfirmed(
    tx: Tx,
    by: Issuer,
    project: Project,
    approval: RevisionDecision,
    content: RevisionContent,
  ): Promise<void> {
    const ctx = await this.context(tx, by, project);
    const label = this.revisionLabel(ctx.locale, approval.revisionNumber);
    const solution = await this.documents.findIssued(
      'project',
      project.id,
      'solution-document',
      label,
      tx.manager,
    );
    const confirmation = await this.issue(
      tx,
      by,
      project,
      ctx,
      'order-confirmation',
      label,
      orderConfirmationView(ctx, project, content, approval, solution?.sha256 ?? ''),
    );
    const completionDate = project.completionDate!;
    await this.mails.send(tx, project, ctx, { event: 'order-confirmation', completionDate }, [
      confirmation,
    ]);
  }

  /** The QA protocol of the round just completed, and the acceptance protocol if it passed. */
  async qaCompleted(
    tx: Tx,
    by: Issuer,
    project: Project,
    round: QaRound,
    checks: QaCheck[],
  ): Promise<void> {
    const requirements = await this.requirements(tx, project);
    const ctx = await this.context(tx, by, project);
    const names = await this.names(
      tx,
      checks.map((c) => c.decidedBy),
    );
    const sorted = [...checks].sort((a, b) => a.position - b.position);
    const protocol = await this.issue(
      tx,
      by,
      project,
      ctx,
      'qa-protocol',
      this.roundLabel(ctx.locale, round.number),
      qaProtocolView(
        ctx,
        project,
        round,
        sorted,
        requirements.map((r) => r.id),
        names,
      ),
    );
    // A failed round is the company's own business; a passed one asks for the acceptance.
    if (round.status === 'passed') {
      const acceptance = await this.issueAcceptance(
        tx,
        by,
        project,
        ctx,
        round,
        requirements,
        checks,
        null,
      );
      await this.mails.send(tx, project, ctx, { event: 'acceptance', round: round.number }, [
        acceptance,
        protocol,
      ]);
    }
  }

  /** The acceptance protocol with the customer's decision on it. */
  async acceptanceDecided(
    tx: Tx,
    by: Issuer,
    project: Project,
    round: QaRound,
    decision: Omit<AcceptanceRecord, 'createdAt'>,
  ): Promise<void> {
    const checks = await tx.manager.findBy(QaCheck, { roundId: round.id });
    await this.issueAcceptance(
      tx,
      by,
      project,
      await this.context(tx, by, project),
      round,
      await this.requirements(tx, project),
      checks,
      decision,
    );
  }

  /** The Nachtrag document, issued when the change request goes to the customer. */
  async changeRequestSent(tx: Tx, by: Issuer, project: Project, cr: ChangeRequest): Promise<void> {
    const ctx = await this.context(tx, by, project);
    const document = await this.issue(
      tx,
      by,
      project,
      ctx,
      'change-request',
      `N-${cr.number}`,
      changeRequestView(ctx, project, cr),
    );
    const { number, title, deltaNetCents } = cr;
    await this.mails.send(
      tx,
      project,
      ctx,
      { event: 'change-request', number, title, deltaNetCents },
      [document],
    );
  }

  /** The stage documents a page at a time, each with the mails that carried it to the customer. */
  async list(
    actor: Actor,
    projectId: string,
    query: KeysetPageQuery,
  ): Promise<KeysetPage<ProjectDocumentResponse>> {
    await this.guard.findVisible(actor, projectId);
    const page = await this.documents.pageForOwner(actor, 'project', projectId, query);
    // No documents, no mails that carried them: one statement less on a young project's page.
    const mails = page.items.length > 0 ? await this.mails.sent(projectId) : [];
    const items = page.items.map((d) => ({
      ...d,
      mails: mails.filter((m) => m.documentIds.includes(d.id)).map(toDocumentMailResponse),
    }));
    return { ...page, items };
  }

  /**
   * A watermarked draft of the concept paper or solution document from the current, still
   * editable content: rendered on demand, never stored.
   */
  async draft(actor: Actor, projectId: string, kind: DocumentKind): Promise<Buffer> {
    if (kind !== 'concept-paper' && kind !== 'solution-document') {
      throw new DomainError(
        'validation',
        'VALIDATION.FAILED',
        'kind: drafts exist for concept-paper and solution-document',
        {
          errors: [
            { field: 'kind', messages: ['drafts exist for concept-paper and solution-document'] },
          ],
        },
      );
    }
    const project = await this.guard.findVisible(actor, projectId);
    const tx: Tx = { manager: this.dataSource.manager };
    const content = await this.projects.draftContent(this.dataSource.manager, project);
    const ctx = await this.context(tx, issuerOf(actor), project);
    const view =
      kind === 'concept-paper'
        ? conceptPaperView(ctx, project, project.currentRevision, content)
        : solutionDocumentView(ctx, project, project.currentRevision, content, null);
    return this.documents.render(kind, ctx.locale, view, { draft: true });
  }

  private async issueAcceptance(
    tx: Tx,
    by: Issuer,
    project: Project,
    ctx: LetterContext,
    round: QaRound,
    requirements: Requirement[],
    checks: QaCheck[],
    decision: Omit<AcceptanceRecord, 'createdAt'> | null,
  ): Promise<MailedDocument> {
    const rows = requirements.map((r) => {
      const check = checks.find((c) => c.requirementId === r.id);
      return {
        text: r.text,
        qaResult: check && check.result !== 'pending' ? check.result : ('not_tested' as const),
      };
    });
    const label = `${this.roundLabel(ctx.locale, round.number)}${decision ? (ctx.locale === 'de' ? ', entschieden' : ', decided') : ''}`;
    // What is delivered includes every change the customer approved (Nachträge).
    const approved = await tx.manager.find(ChangeRequest, {
      where: { projectId: project.id, status: 'approved' },
      order: { number: 'ASC' },
    });
    return this.issue(
      tx,
      by,
      project,
      ctx,
      'acceptance-protocol',
      label,
      acceptanceProtocolView(ctx, project, rows, decision, approved),
    );
  }

  private requirements(tx: Tx, project: Project): Promise<Requirement[]> {
    return tx.manager.find(Requirement, {
      where: { projectId: project.id },
      order: { position: 'ASC' },
    });
  }

  private async issue<K extends ProjectDocumentKind>(
    tx: Tx,
    by: Issuer,
    project: Project,
    ctx: LetterContext,
    kind: K,
    versionLabel: string,
    view: DocumentViews[K],
  ): Promise<MailedDocument> {
    return this.documents.issue(tx, by.actor ?? SYSTEM_ACTOR, {
      kind,
      customerId: project.customerId,
      ownerType: 'project',
      ownerId: project.id,
      title: `${TITLES[kind][ctx.locale]} ${project.number}`,
      versionLabel,
      locale: ctx.locale,
      draft: false,
      view,
    });
  }

  private async context(tx: Tx, by: Issuer, project: Project): Promise<LetterContext> {
    // Everything through the transaction's connection: see CompanyService.profile.
    const company = await this.company.profile(tx.manager);
    const customer = await this.customers.findVisible(by.scope, project.customerId, tx);
    const contacts = await this.customers.contactsOf(project.customerId, tx.manager);
    const lead = await this.users.findActiveStaff(project.createdBy, tx.manager);
    return {
      company,
      customer,
      attention: contacts.find((c) => c.isSignatory && c.active) ?? null,
      lead: lead
        ? { name: lead.name, email: lead.email }
        : { name: company.legalName, email: company.email },
      today: this.clock.today(),
      locale: customer.language,
    };
  }

  private async names(tx: Tx, ids: Array<string | null>): Promise<Map<string, string>> {
    const unique = [...new Set(ids.filter((id): id is string => id !== null))];
    const users = [];
    for (const id of unique) users.push(await this.users.findActiveStaff(id, tx.manager));
    return new Map(users.filter((u) => u !== null).map((u) => [u.id, u.name]));
  }

  private revisionLabel(_locale: DocumentLocale, revision: number) {
    return `Revision ${revision}`;
  }

  private roundLabel(locale: DocumentLocale, round: number) {
    return `${locale === 'de' ? 'Runde' : 'Round'} ${round}`;
  }
}

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
import type { DocumentResponse } from '../documents/document.dto.js';
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
import type { Action } from './stage-machine.js';
import type { ChangeRequest } from './work.entity.js';

type ProjectDocumentKind = Exclude<DocumentKind, 'time-report' | 'invoice'>;

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
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async afterTransition(tx: Tx, actor: Actor, project: Project, action: Action): Promise<void> {
    switch (action) {
      case 'send': {
        const revision = await tx.manager.findOneByOrFail(ProjectRevision, {
          projectId: project.id,
          number: project.currentRevision,
        });
        const ctx = await this.context(tx, actor, project);
        const label = this.revisionLabel(ctx.locale, revision.number);
        await this.issue(
          tx,
          actor,
          project,
          ctx,
          'concept-paper',
          label,
          conceptPaperView(ctx, project, revision.number, revision.content),
        );
        const previous =
          revision.number > 1
            ? await tx.manager.findOneBy(ProjectRevision, {
                projectId: project.id,
                number: revision.number - 1,
              })
            : null;
        const changes = previous
          ? describeChanges(diffRevisions(previous.content, revision.content), ctx.locale)
          : null;
        await this.issue(
          tx,
          actor,
          project,
          ctx,
          'solution-document',
          label,
          solutionDocumentView(ctx, project, revision.number, revision.content, changes),
        );
        return;
      }
      case 'schedule': {
        const approval = await tx.manager.findOneByOrFail(RevisionDecision, {
          projectId: project.id,
          revisionNumber: project.approvedRevision!,
        });
        const revision = await tx.manager.findOneByOrFail(ProjectRevision, {
          projectId: project.id,
          number: approval.revisionNumber,
        });
        const ctx = await this.context(tx, actor, project);
        const solution = await this.documents.findIssued(
          'project',
          project.id,
          'solution-document',
          this.revisionLabel(ctx.locale, approval.revisionNumber),
          tx.manager,
        );
        await this.issue(
          tx,
          actor,
          project,
          ctx,
          'order-confirmation',
          this.revisionLabel(ctx.locale, approval.revisionNumber),
          orderConfirmationView(ctx, project, revision.content, approval, solution?.sha256 ?? ''),
        );
        return;
      }
      case 'complete_qa': {
        const round = await tx.manager.findOneOrFail(QaRound, {
          where: { projectId: project.id },
          order: { number: 'DESC' },
        });
        const checks = await tx.manager.find(QaCheck, {
          where: { roundId: round.id },
          order: { position: 'ASC' },
        });
        const requirements = await tx.manager.find(Requirement, {
          where: { projectId: project.id },
          order: { position: 'ASC' },
        });
        const ctx = await this.context(tx, actor, project);
        const names = await this.names(
          tx,
          checks.map((c) => c.decidedBy),
        );
        await this.issue(
          tx,
          actor,
          project,
          ctx,
          'qa-protocol',
          this.roundLabel(ctx.locale, round.number),
          qaProtocolView(
            ctx,
            project,
            round,
            checks,
            requirements.map((r) => r.id),
            names,
          ),
        );
        if (project.stage === 'acceptance') {
          await this.issueAcceptance(tx, actor, project, ctx, round, null);
        }
        return;
      }
      case 'accept':
      case 'reject': {
        const round = await tx.manager.findOneOrFail(QaRound, {
          where: { projectId: project.id },
          order: { number: 'DESC' },
        });
        const decision = await tx.manager.findOneByOrFail(AcceptanceRecord, {
          projectId: project.id,
          qaRound: round.number,
        });
        await this.issueAcceptance(
          tx,
          actor,
          project,
          await this.context(tx, actor, project),
          round,
          decision,
        );
        return;
      }
      default:
        return;
    }
  }

  /** The Nachtrag document, issued when the change request goes to the customer. */
  async changeRequestSent(
    tx: Tx,
    actor: Actor,
    project: Project,
    cr: ChangeRequest,
  ): Promise<void> {
    const ctx = await this.context(tx, actor, project);
    await this.issue(
      tx,
      actor,
      project,
      ctx,
      'change-request',
      `N-${cr.number}`,
      changeRequestView(ctx, project, cr),
    );
  }

  async list(actor: Actor, projectId: string): Promise<DocumentResponse[]> {
    await this.guard.findVisible(actor, projectId);
    return this.documents.listForOwner(actor, 'project', projectId);
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
    const ctx = await this.context(tx, actor, project);
    const view =
      kind === 'concept-paper'
        ? conceptPaperView(ctx, project, project.currentRevision, content)
        : solutionDocumentView(ctx, project, project.currentRevision, content, null);
    return this.documents.render(kind, ctx.locale, view, { draft: true });
  }

  private async issueAcceptance(
    tx: Tx,
    actor: Actor,
    project: Project,
    ctx: LetterContext,
    round: QaRound,
    decision: AcceptanceRecord | null,
  ) {
    const requirements = await tx.manager.find(Requirement, {
      where: { projectId: project.id },
      order: { position: 'ASC' },
    });
    const checks = await tx.manager.findBy(QaCheck, { roundId: round.id });
    const rows = requirements.map((r) => {
      const check = checks.find((c) => c.requirementId === r.id);
      return {
        text: r.text,
        qaResult: check && check.result !== 'pending' ? check.result : ('not_tested' as const),
      };
    });
    const label = `${this.roundLabel(ctx.locale, round.number)}${decision ? (ctx.locale === 'de' ? ', entschieden' : ', decided') : ''}`;
    await this.issue(
      tx,
      actor,
      project,
      ctx,
      'acceptance-protocol',
      label,
      acceptanceProtocolView(ctx, project, rows, decision),
    );
  }

  private async issue<K extends ProjectDocumentKind>(
    tx: Tx,
    actor: Actor,
    project: Project,
    ctx: LetterContext,
    kind: K,
    versionLabel: string,
    view: DocumentViews[K],
  ): Promise<void> {
    await this.documents.issue(tx, actor.role === 'customer' ? SYSTEM_ACTOR : actor, {
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

  private async context(tx: Tx, actor: Actor, project: Project): Promise<LetterContext> {
    // Everything through the transaction's connection: see CompanyService.profile.
    const company = await this.company.profile(tx.manager);
    const customer = await this.customers.findVisible(actor, project.customerId, tx);
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

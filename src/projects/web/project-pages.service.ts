import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock.js';
import { AuditService } from '../../audit/audit.service.js';
import type { Actor } from '../../common/access.js';
import { DomainError, notFound } from '../../common/domain-error.js';
import { KeysetPageQuery, PageQuery } from '../../common/pagination.js';
import { createValidationPipe } from '../../common/validation.js';
import { CustomersService } from '../../customers/customers.service.js';
import type { ProjectResponse } from '../dto/project.dto.js';
import { ProjectDocumentsService } from '../project-documents.service.js';
import { ProjectDraftsService } from '../project-drafts.service.js';
import { CompanyService } from '../../company/company.service.js';
import { ChangeRequestsService } from '../change-requests.service.js';
import { ProjectRecordsService } from '../project-records.service.js';
import { ProjectTemplatesService } from '../project-templates.service.js';
import { ProjectTimeService } from '../project-time.service.js';
import { ProjectWorkflowService } from '../project-workflow.service.js';
import { ProjectsService } from '../projects.service.js';
import { ProjectDecisionsService } from '../project-decisions.service.js';
import { ProjectGuard } from '../project-guard.js';
import { QaService } from '../qa.service.js';
import {
  euroTextToCents,
  PageItemPreviewDto,
  PREVIEW_FIELDS,
  type ProjectPickerQuery,
} from './project-pages.dto.js';
import {
  CHANGE_REQUEST_FORM_ROWS,
  CHANGE_REQUEST_UNITS,
  type PagePaperDecisionDto,
} from './project-work-pages.dto.js';
import { ITEM_UNITS } from '../estimate.js';
import { STAGES, type Action, type Stage } from '../stage-machine.js';

/** The actions a button can take with nothing but the version; others have forms of their own. */
export const BUTTON_ACTIONS = ['start_solution', 'send', 'start_work', 'submit_qa', 'complete_qa'];

/** The stages a project passes on the way to closed, as the timeline shows them. */
const PATH: readonly Stage[] = STAGES.filter((stage) => stage !== 'cancelled');

/** The newest documents on the project page; older ones a page further ("older documents"). */
const DOCUMENTS_PER_PAGE = 20;
/** The newest audit entries the project's trail shows. */
const TRAIL_ENTRIES = 100;
/** Projects per page of the project list (and a customer's projects). */
const PROJECTS_PER_PAGE = 50;

const pageOf = (pageSize: number) => Object.assign(new PageQuery(), { page: 1, pageSize });

/** A first page for a section that shows no total, so none is counted. */
const uncountedPageOf = (pageSize: number) =>
  Object.assign(new KeysetPageQuery(), { page: 1, pageSize, countTotal: false as const });

/**
 * View models of the project pages, gathered from the module's services with the caller's
 * Actor. Nothing here decides: stage, totals and allowed actions come as the API gives them.
 */
@Injectable()
export class ProjectPagesService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly workflow: ProjectWorkflowService,
    private readonly qa: QaService,
    private readonly documents: ProjectDocumentsService,
    private readonly templates: ProjectTemplatesService,
    private readonly customers: CustomersService,
    private readonly audit: AuditService,
    private readonly records: ProjectRecordsService,
    private readonly time: ProjectTimeService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly company: CompanyService,
    private readonly decisions: ProjectDecisionsService,
    private readonly guard: ProjectGuard,
    private readonly drafts: ProjectDraftsService,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** The live totals' line: validated by the same pipe as a posted form, but never refused. */
  private readonly previewPipe = createValidationPipe();

  /** Newest first, a page at a time: `after` continues behind the previous page's last. */
  async list(actor: Actor, customerId?: string, after?: string) {
    const query = Object.assign(uncountedPageOf(PROJECTS_PER_PAGE), { customerId, after });
    const [page, customer] = await Promise.all([
      this.projects.list(actor, query),
      customerId ? this.customers.get(actor, customerId) : null,
    ]);
    const params = (cursor: string | undefined) =>
      new URLSearchParams(
        Object.entries({ customerId, after: cursor }).filter((e): e is [string, string] => !!e[1]),
      ).toString();
    const href = (cursor?: string) =>
      `/console/projects${params(cursor) ? `?${params(cursor)}` : ''}`;
    return {
      projects: page.items,
      customer,
      next: page.nextCursor ? href(page.nextCursor) : null,
      first: after ? href() : null,
    };
  }

  async newProject(actor: Actor, customerId?: string, customerQuery?: string) {
    const [customers, templates] = await Promise.all([
      this.customers.choices(actor, customerQuery, customerId),
      this.templates.list(pageOf(100)),
    ]);
    return { customers, templates: templates.items };
  }

  /** A project picker's choices for a search as you type (the select and its count). */
  async picker(actor: Actor, query: ProjectPickerQuery) {
    const choices = await this.projects.choices(actor, query.projectQuery, undefined, query.only);
    return { id: query.picker, field: query.field, required: query.required === '1', choices };
  }

  /** `documentsAfter`: the documents list continues after that cursor (older documents). */
  show(actor: Actor, id: string, documentsAfter?: string) {
    return this.guard.sharedRead(() => this.gather(actor, id, documentsAfter));
  }

  private async gather(actor: Actor, id: string, documentsAfter?: string) {
    // The overview first: its one statement loads the project for everything after it, and
    // all other reads start as soon as it is there, side by side.
    const overview = this.records.overview(actor, id);
    const staff = actor.role !== 'customer';
    // The price list only feeds the forms for a new estimate line and a time entry.
    const rates = overview.then(({ allowedActions }) =>
      allowedActions.includes('edit') || allowedActions.includes('log_time')
        ? this.company.listServices(Object.assign(pageOf(100), { active: true }))
        : null,
    );
    const lists = overview.then(({ has }) =>
      Promise.all([
        has.documents || documentsAfter
          ? this.documents.list(
              actor,
              id,
              Object.assign(uncountedPageOf(DOCUMENTS_PER_PAGE), { after: documentsAfter }),
            )
          : { items: [], nextCursor: null },
        has.revisions ? this.records.revisions(actor, id) : [],
        has.schedule ? this.records.schedule(actor, id) : [],
        staff && has.time ? this.time.listTime(actor, id, uncountedPageOf(50)) : null,
        has.changeRequests ? this.changeRequests.list(actor, id) : [],
        staff && has.qaRounds ? this.qa.rounds(actor, id) : [],
      ]),
    );
    const [project, { customerName }, priceList, records] = await Promise.all([
      this.projects.get(actor, id),
      overview,
      rates,
      lists,
    ]);
    const [documents, revisions, schedule, time, changeRequests, qaRounds] = records;
    const can = canOf(project);
    const customer = { id: project.customerId, name: customerName };
    return {
      project,
      customer,
      documents: documents.items,
      olderDocuments: documents.nextCursor
        ? `/console/projects/${id}?documentsAfter=${documents.nextCursor}#documents`
        : null,
      newestDocuments: documentsAfter ? `/console/projects/${id}#documents` : null,
      revisions,
      schedule,
      time: time?.items ?? [],
      changeRequests,
      qaRounds: qaRounds.map((round) => ({ ...round, open: round.status === 'open' })),
      rates: priceList?.items ?? [],
      crRows: Array.from({ length: CHANGE_REQUEST_FORM_ROWS }, (_, index) => ({
        index,
        number: index + 1,
      })),
      crUnits: CHANGE_REQUEST_UNITS,
      timeline: timeline(project),
      buttons: project.allowedActions.filter((action) => BUTTON_ACTIONS.includes(action)),
      can,
      title: `${project.number} · ${project.title}`,
    };
  }

  /**
   * The project's audit trail, newest 100 entries: the project page loads it only when its
   * section is opened (htmx), or as a page of its own without JavaScript.
   */
  trail(actor: Actor, id: string) {
    return this.guard.sharedRead(async () => {
      const project = await this.guard.findVisible(actor, id);
      const trail = await this.audit.list(
        Object.assign(uncountedPageOf(TRAIL_ENTRIES), { entityType: 'project', entityId: id }),
      );
      const heading = { id: project.id, number: project.number, title: project.title };
      return {
        project: heading,
        trail: trail.items,
        title: `${project.number} · ${project.title}`,
      };
    });
  }

  /** The estimate table alone (an htmx fragment): lines and the estimate code's totals. */
  estimateTable(project: ProjectResponse) {
    return { project, can: canOf(project) };
  }

  /**
   * Live totals while typing (htmx): the estimate's totals with the line as typed so far,
   * nothing saved; null while it is no valid line yet (the totals stay, no error is shown).
   */
  async estimatePreview(
    actor: Actor,
    id: string,
    itemId: string | undefined,
    form: Record<string, unknown>,
  ) {
    const fields = Object.fromEntries(
      PREVIEW_FIELDS.filter((field) => field in form).map((field) => [field, form[field]]),
    );
    try {
      const dto = (await this.previewPipe.transform(fields, {
        type: 'body',
        metatype: PageItemPreviewDto,
      })) as PageItemPreviewDto;
      const { unitPrice, ...line } = dto;
      const price = unitPrice === undefined ? {} : { unitPriceCents: euroTextToCents(unitPrice) };
      const preview = await this.drafts.previewTotals(actor, id, itemId ?? null, {
        ...line,
        ...price,
      });
      return { totals: preview.totals, can: canOf(preview.project), preview: true };
    } catch (error) {
      if (error instanceof DomainError && error.kind === 'validation') return null;
      throw error;
    }
  }

  /** One estimate line in its edit form (a page of its own, or a table row for htmx). */
  async itemEdit(actor: Actor, id: string, itemId: string, locale: 'de' | 'en') {
    const [project, rates] = await Promise.all([
      this.projects.get(actor, id),
      this.company.listServices(Object.assign(pageOf(100), { active: true })),
    ]);
    const item = project.items.find((line) => line.id === itemId);
    if (!item) throw notFound('ITEM.NOT_FOUND', itemId);
    return {
      project,
      item,
      rates: rates.items,
      units: ITEM_UNITS,
      priceText: centsToEuroText(item.unitPriceCents, locale),
      title: `${project.number} · ${project.title}`,
    };
  }

  /** The revision list, and the diff between two of them (default: the last two). */
  async revisions(actor: Actor, id: string, from?: number, to?: number) {
    const [project, revisions] = await Promise.all([
      this.projects.get(actor, id),
      this.records.revisions(actor, id),
    ]);
    const last = revisions.at(-1)?.number;
    const right = to ?? last;
    const left = from ?? (right !== undefined && right > 1 ? right - 1 : undefined);
    const diff =
      left !== undefined && right !== undefined && left !== right
        ? await this.records.diffBetween(actor, id, Math.min(left, right), Math.max(left, right))
        : null;
    return {
      project,
      revisions: revisions.map((r) => ({
        ...r,
        isFrom: r.number === left,
        isTo: r.number === right,
      })),
      diff,
      title: `${project.number} · ${project.title}`,
    };
  }

  /**
   * Records the customer's decision given outside the portal, with the signature details the
   * API requires; the time typed is the company's local time.
   */
  recordPaperDecision(actor: Actor, id: string, dto: PagePaperDecisionDto) {
    const signature = {
      signerName: dto.signerName,
      signerEmail: dto.signerEmail,
      method: dto.method,
      signedAt: withOffset(dto.signedAt, this.clock.timeZone),
    };
    const base = { version: dto.version, signature };
    if (dto.decision === 'approve') {
      return this.decisions.decideAs(actor, id, base, {
        kind: 'approve',
        optionalItemIds: dto.optionalItemIds,
      });
    }
    if (dto.decision === 'accept') {
      return this.decisions.decideAs(actor, id, base, {
        kind: 'accept',
        comment: dto.comment ?? null,
      });
    }
    return this.decisions.decideAs(actor, id, base, {
      kind: 'request_changes',
      comment: dto.comment ?? '',
    });
  }

  /** One of the BUTTON_ACTIONS; the stage machine behind the service decides whether it may. */
  act(actor: Actor, id: string, action: string, version: number): Promise<ProjectResponse> {
    const dto = { version };
    const run: Partial<Record<Action, () => Promise<ProjectResponse>>> = {
      start_solution: () => this.workflow.startSolution(actor, id, dto),
      send: () => this.workflow.send(actor, id, dto),
      start_work: () => this.workflow.startWork(actor, id, dto),
      submit_qa: () => this.qa.submit(actor, id, dto),
      complete_qa: () => this.qa.complete(actor, id, dto),
    };
    const step = run[action as Action];
    if (!step) {
      throw new DomainError('not_found', 'ROUTE.NOT_FOUND', `No page action ${action}`);
    }
    return step();
  }
}

/** The allowed actions as flags for the templates: `can.edit`, `can.send`, … */
const canOf = (project: ProjectResponse) =>
  Object.fromEntries(project.allowedActions.map((action) => [action, true]));

/** 12050 → "120,50" (de) / "120.50" (en): a price as the edit form shows it, to be typed over. */
export function centsToEuroText(cents: number, locale: 'de' | 'en'): string {
  const text = `${Math.trunc(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
  return locale === 'de' ? text.replace('.', ',') : text;
}

function timeline(project: ProjectResponse) {
  const at = PATH.indexOf(project.stage);
  return PATH.map((stage, index) => ({
    stage,
    state:
      project.stage === 'cancelled' || index > at ? 'upcoming' : index === at ? 'current' : 'done',
  }));
}

/** "2026-11-20T14:30" in `timeZone` → "2026-11-20T14:30:00+01:00" (the offset of that moment). */
export function withOffset(local: string, timeZone: string): string {
  const asUtc = new Date(`${local}:00Z`);
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(asUtc)
    .find((part) => part.type === 'timeZoneName')?.value;
  const offset = name === 'GMT' || !name ? '+00:00' : name.replace('GMT', '');
  return `${local}:00${offset}`;
}

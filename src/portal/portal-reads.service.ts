import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access.js';
import { DocumentsService } from '../documents/documents.service.js';
import { InvoiceReader } from '../invoicing/invoice-reader.service.js';
import { ChangeRequestsService } from '../projects/change-requests.service.js';
import { ProjectRecordsService } from '../projects/project-records.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import { SignoffPortalService } from '../signoff/signoff-portal.service.js';
import { PortalRevisionViews } from './portal-revision-views.service.js';
import {
  diffBasis,
  toDocumentRow,
  toHomeProject,
  toHomeSignoff,
  toInvoiceRow,
  toPortalDiff,
  toPortalProject,
  type PortalHome,
  type PortalProjectPage,
} from './portal-views.js';

/** Projects per page of the portal's lists; older ones follow behind a link (`?after=`). */
const PROJECTS_PER_PAGE = 20;
const INVOICES_PER_PAGE = 50;

// The other modules' query classes are their internals: build the same shape (a keyset page).
const pageAfter = (pageSize: number, after: string | undefined) => ({
  page: 1,
  pageSize,
  skip: 0,
  after,
  countTotal: false as const,
});

/**
 * What the customer portal reads, always as the logged-in customer user: every service scopes
 * to the user's customer and answers 404 for anything else, exactly as the API does.
 */
@Injectable()
export class PortalReadsService {
  constructor(
    private readonly projects: ProjectsService,
    private readonly records: ProjectRecordsService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly documents: DocumentsService,
    private readonly invoices: InvoiceReader,
    private readonly signoffs: SignoffPortalService,
    private readonly views: PortalRevisionViews,
  ) {}

  /** `after`: the list continues behind that project (the previous page's cursor). */
  async home(actor: Actor, after?: string): Promise<PortalHome> {
    const [page, signoffs] = await Promise.all([
      this.projects.list(actor, pageAfter(PROJECTS_PER_PAGE, after)),
      this.signoffs.open(actor),
    ]);
    const projects = await Promise.all(
      page.items.map(async (summary) =>
        toHomeProject(summary, await this.changeRequests.list(actor, summary.id)),
      ),
    );
    return {
      projects,
      signoffs: signoffs.map(toHomeSignoff),
      next: page.nextCursor ? `/portal?after=${page.nextCursor}` : null,
      first: after ? '/portal' : null,
    };
  }

  async project(actor: Actor, id: string): Promise<PortalProjectPage> {
    const project = await this.projects.get(actor, id);
    const [revisions, changeRequests, documents, acceptances] = await Promise.all([
      this.records.revisions(actor, id),
      this.changeRequests.list(actor, id),
      this.documents.listForOwner(actor, 'project', id),
      this.records.acceptances(actor, id),
    ]);
    const latest = revisions.at(-1)?.number ?? null;
    let diff = null;
    if (latest !== null && latest > 1) {
      const seen = await this.views.lastSeenBefore(actor.userId, id, latest);
      const against = diffBasis(latest, seen, revisions);
      diff = toPortalDiff(await this.records.diffBetween(actor, id, against, latest));
    }
    const page = toPortalProject(project, {
      revisions,
      changeRequests,
      documents,
      acceptances,
      diff,
    });
    if (page.review) await this.views.seen(actor.userId, id, page.review.revision);
    return page;
  }

  async document(actor: Actor, id: string) {
    return toDocumentRow(await this.documents.get(actor, id));
  }

  /**
   * The stage documents of the customer's projects and the issued invoices, a page of each
   * (newest first); `projectsAfter` and `invoicesAfter` continue either list on its own.
   */
  async files(actor: Actor, cursors: { projectsAfter?: string; invoicesAfter?: string }) {
    const [page, invoices] = await Promise.all([
      this.projects.list(actor, pageAfter(PROJECTS_PER_PAGE, cursors.projectsAfter)),
      this.invoices.list(actor, pageAfter(INVOICES_PER_PAGE, cursors.invoicesAfter)),
    ]);
    const href = (more: { projectsAfter?: string; invoicesAfter?: string }) => {
      const params = new URLSearchParams(
        Object.entries({ ...cursors, ...more }).filter((e): e is [string, string] => !!e[1]),
      );
      return `/portal/documents?${params.toString()}`;
    };
    const byProject = await Promise.all(
      page.items.map(async (project) => ({
        project: { id: project.id, number: project.number, title: project.title },
        documents: (await this.documents.listForOwner(actor, 'project', project.id)).map(
          toDocumentRow,
        ),
      })),
    );
    return {
      projects: byProject.filter((p) => p.documents.length > 0),
      invoices: invoices.items.map(toInvoiceRow),
      moreProjects: page.nextCursor ? href({ projectsAfter: page.nextCursor }) + '#docs' : null,
      moreInvoices: invoices.nextCursor
        ? href({ invoicesAfter: invoices.nextCursor }) + '#invoices'
        : null,
      first: cursors.projectsAfter || cursors.invoicesAfter ? '/portal/documents' : null,
    };
  }

  documentPdf(actor: Actor, id: string) {
    return this.documents.download(actor, id);
  }

  invoicePdf(actor: Actor, id: string) {
    return this.invoices.pdf(actor, id);
  }

  invoiceXml(actor: Actor, id: string) {
    return this.invoices.xml(actor, id);
  }
}

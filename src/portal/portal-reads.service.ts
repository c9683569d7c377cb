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

/** A customer has a handful of projects; the portal lists them all on one page. */
const ALL = { page: 1, pageSize: 100, skip: 0 };

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

  async home(actor: Actor): Promise<PortalHome> {
    const [page, signoffs] = await Promise.all([
      this.projects.list(actor, ALL),
      this.signoffs.open(actor),
    ]);
    const projects = await Promise.all(
      page.items.map(async (summary) =>
        toHomeProject(summary, await this.changeRequests.list(actor, summary.id)),
      ),
    );
    return { projects, signoffs: signoffs.map(toHomeSignoff) };
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

  /** Every stage document of the customer's projects and every issued invoice. */
  async files(actor: Actor) {
    const [page, invoices] = await Promise.all([
      this.projects.list(actor, ALL),
      this.invoices.list(actor, ALL),
    ]);
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

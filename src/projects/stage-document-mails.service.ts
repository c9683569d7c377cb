import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CustomersService } from '../customers/customers.service.js';
import type { Tx } from '../database/transactions.js';
import { salutationOf } from '../documents/letter-views.js';
import { formatDate, formatMoney } from '../documents/locale-format.js';
import { MailOutbox, type MailDelivery } from '../mail/mail-outbox.service.js';
import { MailTemplates } from '../mail/mail-templates.service.js';
import type { LetterContext } from './project-document-views.js';
import type { Project } from './project.entity.js';

/**
 * The moments a stage document goes to the customer, one mail each (the template
 * `templates/mail/project-<event>.<de|en>.hbs`): a revision sent for review, the order
 * confirmation with the completion date, a change request to decide, and the result ready
 * for acceptance. Internal steps (a failed QA round) and the customer's own decisions (they
 * get the sign-off confirmation where they signed by link) send nothing.
 */
export type StageMailEvent =
  | { event: 'revision'; revision: number }
  | { event: 'order-confirmation'; completionDate: string }
  | { event: 'change-request'; number: number; title: string; deltaNetCents: number }
  | { event: 'acceptance'; round: number };

/** Where the customer decides (revision, change request, acceptance); else null. */
const DECISION_NEEDED: Record<StageMailEvent['event'], boolean> = {
  revision: true,
  'order-confirmation': false,
  'change-request': true,
  acceptance: true,
};

/** What a mail says about each document it carries. */
export type MailedDocument = { id: string; title: string; versionLabel: string };

/** Related type of the outbox rows: the project, so one query lists a project's mails. */
const RELATED = 'project';

@Injectable()
export class StageDocumentMails {
  constructor(
    private readonly customers: CustomersService,
    private readonly outbox: MailOutbox,
    private readonly templates: MailTemplates,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * One mail per active signatory contact, in the customer's language, with the documents
   * attached; written to the outbox in the transaction that issued them.
   */
  async send(
    tx: Tx,
    project: Project,
    ctx: LetterContext,
    what: StageMailEvent,
    documents: MailedDocument[],
  ): Promise<void> {
    const contacts = (await this.customers.contactsOf(project.customerId, tx.manager)).filter(
      (c) => c.isSignatory && c.active && c.email,
    );
    for (const contact of contacts) {
      const data = {
        ...this.facts(project, ctx, what, documents),
        salutation: salutationOf(contact, ctx.locale),
      };
      const rendered = this.templates.render(`project-${what.event}`, ctx.locale, data);
      await this.outbox.enqueue(tx, {
        kind: 'stage_document',
        to: { address: contact.email, name: contact.name },
        language: rendered.language,
        subject: rendered.subject,
        text: rendered.text,
        attachments: documents.map((d) => ({
          filename: `${d.title} ${d.versionLabel}.pdf`.replace(/[/\\:]/g, '-'),
          documentId: d.id,
        })),
        related: { type: RELATED, id: project.id },
      });
    }
  }

  /** Every stage-document mail of the project, each naming the documents it carried. */
  sent(projectId: string): Promise<MailDelivery[]> {
    return this.outbox.deliveries(RELATED, projectId);
  }

  private facts(
    project: Project,
    ctx: LetterContext,
    what: StageMailEvent,
    documents: MailedDocument[],
  ): Record<string, unknown> {
    const locale = ctx.locale;
    return {
      companyName: ctx.company.legalName,
      lead: ctx.lead.name,
      leadEmail: ctx.lead.email,
      projectNumber: project.number,
      projectTitle: project.title,
      documents: documents.map((d) => `${d.title} (${d.versionLabel})`),
      portalLink: DECISION_NEEDED[what.event]
        ? `${this.config.signoff.publicBaseUrl}/portal/projects/${project.id}`
        : null,
      revision: what.event === 'revision' ? what.revision : null,
      completionDate:
        what.event === 'order-confirmation' ? formatDate(what.completionDate, locale) : null,
      changeRequest:
        what.event === 'change-request'
          ? {
              number: what.number,
              title: what.title,
              delta: formatMoney(what.deltaNetCents, locale),
            }
          : null,
      round: what.event === 'acceptance' ? what.round : null,
    };
  }
}

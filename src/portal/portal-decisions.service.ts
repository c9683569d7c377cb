import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access.js';
import { validationError } from '../common/domain-error.js';
import { ChangeRequestsService } from '../projects/change-requests.service.js';
import { ProjectDecisionsService } from '../projects/project-decisions.service.js';
import type { ClientContext } from '../signoff/signoff-decisions.service.js';
import { SignoffPortalService } from '../signoff/signoff-portal.service.js';
import type { SignoffSubject } from '../signoff/signoff-subjects.service.js';
import type {
  PortalAcceptForm,
  PortalApproveForm,
  PortalChangeRequestApproveForm,
  PortalChangeRequestRejectForm,
  PortalRejectForm,
  PortalRequestChangesForm,
} from './portal.dto.js';

/**
 * The customer's decisions in the portal, all ending in `ProjectDecisionsService.decide` with a
 * portal `Signer` for the logged-in user, so stage checks, locking, audit and documents are the
 * API's. A revision or change request that was sent for sign-off is decided through that
 * request (`SignoffPortalService`): the request closes and keeps its evidence (address, browser,
 * document hash, signed copy) as when the link is used. Otherwise through the API's own edge
 * (`decideAs`). The portal asks what the sign-off page asks: the typed name and the consent.
 * Acceptance decisions always take the API's edge: they carry a comment and a list of defects,
 * which a sign-off decision cannot (an acceptance request left open is no longer pending).
 */
@Injectable()
export class PortalDecisionsService {
  constructor(
    private readonly decisions: ProjectDecisionsService,
    private readonly changeRequests: ChangeRequestsService,
    private readonly signoffs: SignoffPortalService,
  ) {}

  async approve(
    actor: Actor,
    id: string,
    form: PortalApproveForm,
    client: ClientContext,
  ): Promise<void> {
    assertOwnName(actor, form.signerName);
    const optionalItemIds = form.optionalItemIds ?? [];
    const request = await this.openRequest(actor, revisionOf(id, form.revision));
    if (request) {
      await this.signoffs.approve(actor, request, client, { consent: true, optionalItemIds });
      return;
    }
    await this.decisions.decideAs(
      actor,
      id,
      { version: form.version },
      { kind: 'approve', optionalItemIds, revision: form.revision },
    );
  }

  async requestChanges(
    actor: Actor,
    id: string,
    form: PortalRequestChangesForm,
    client: ClientContext,
  ): Promise<void> {
    const request = await this.openRequest(actor, revisionOf(id, form.revision));
    if (request) {
      await this.signoffs.decline(actor, request, client, { comment: form.comment });
      return;
    }
    await this.decisions.decideAs(
      actor,
      id,
      { version: form.version },
      { kind: 'request_changes', comment: form.comment, revision: form.revision },
    );
  }

  async accept(actor: Actor, id: string, form: PortalAcceptForm): Promise<void> {
    assertOwnName(actor, form.signerName);
    await this.decisions.decideAs(
      actor,
      id,
      { version: form.version },
      { kind: 'accept', comment: form.comment || null },
    );
  }

  /** Each non-empty line of the form is one defect. */
  async reject(actor: Actor, id: string, form: PortalRejectForm): Promise<void> {
    const defects = form.defects
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .map((title) => ({ title: title.slice(0, 500), description: null }));
    await this.decisions.decideAs(
      actor,
      id,
      { version: form.version },
      { kind: 'reject', defects, comment: form.comment || null },
    );
  }

  async approveChangeRequest(
    actor: Actor,
    id: string,
    changeRequestId: string,
    form: PortalChangeRequestApproveForm,
    client: ClientContext,
  ): Promise<void> {
    assertOwnName(actor, form.signerName);
    const request = await this.openRequest(actor, changeRequestOf(id, changeRequestId));
    if (request) {
      await this.signoffs.approve(actor, request, client, { consent: true });
      return;
    }
    await this.changeRequests.decideAs(
      actor,
      id,
      {},
      { kind: 'approve_change_request', changeRequestId },
    );
  }

  async rejectChangeRequest(
    actor: Actor,
    id: string,
    changeRequestId: string,
    form: PortalChangeRequestRejectForm,
    client: ClientContext,
  ): Promise<void> {
    const request = await this.openRequest(actor, changeRequestOf(id, changeRequestId));
    if (request) {
      await this.signoffs.decline(actor, request, client, { comment: form.comment });
      return;
    }
    await this.changeRequests.decideAs(
      actor,
      id,
      {},
      { kind: 'reject_change_request', changeRequestId, comment: form.comment },
    );
  }

  /** The open sign-off request for this decision, if one was sent to the customer. */
  private async openRequest(actor: Actor, wanted: SignoffSubject): Promise<string | null> {
    const open = await this.signoffs.open(actor);
    const matches = (subject: SignoffSubject) =>
      Object.entries(wanted).every(
        ([field, value]) => (subject as Record<string, unknown>)[field] === value,
      );
    return open.find((request) => matches(request.subject))?.id ?? null;
  }
}

const revisionOf = (projectId: string, revision: number): SignoffSubject => ({
  subject: 'project_revision',
  projectId,
  revision,
});

const changeRequestOf = (projectId: string, changeRequestId: string): SignoffSubject => ({
  subject: 'change_request',
  projectId,
  changeRequestId,
});

/**
 * A logged-in customer signs as themself: the decision records the account's name, so the
 * name they type to confirm must be that name (case and spacing aside).
 */
function assertOwnName(actor: Actor, typed: string): void {
  const normal = (name: string) => name.trim().replace(/\s+/g, ' ').toLocaleLowerCase('de');
  if (normal(typed) !== normal(actor.name)) {
    throw validationError([
      { field: 'signerName', messages: [`type your name as in your account: ${actor.name}`] },
    ]);
  }
}

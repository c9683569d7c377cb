import { Injectable } from '@nestjs/common';
import type { Actor } from '../common/access.js';
import { validationError } from '../common/domain-error.js';
import { ChangeRequestsService } from '../projects/change-requests.service.js';
import { ProjectDecisionsService } from '../projects/project-decisions.service.js';
import type {
  PortalAcceptForm,
  PortalApproveForm,
  PortalChangeRequestApproveForm,
  PortalChangeRequestRejectForm,
  PortalRejectForm,
  PortalRequestChangesForm,
} from './portal.dto.js';

/**
 * The customer's decisions in the portal. Each goes through the API's own edge
 * (`decideAs`: a portal `Signer` for the logged-in user, then `ProjectDecisionsService.decide`),
 * so stage checks, locking, audit and documents are the API's. The portal adds what the
 * sign-off page asks of a signer: the typed name and the ticked consent.
 */
@Injectable()
export class PortalDecisionsService {
  constructor(
    private readonly decisions: ProjectDecisionsService,
    private readonly changeRequests: ChangeRequestsService,
  ) {}

  async approve(actor: Actor, id: string, form: PortalApproveForm): Promise<void> {
    assertOwnName(actor, form.signerName);
    await this.decisions.decideAs(
      actor,
      id,
      { version: form.version },
      { kind: 'approve', optionalItemIds: form.optionalItemIds ?? [], revision: form.revision },
    );
  }

  async requestChanges(actor: Actor, id: string, form: PortalRequestChangesForm): Promise<void> {
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
  ): Promise<void> {
    assertOwnName(actor, form.signerName);
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
  ): Promise<void> {
    await this.changeRequests.decideAs(
      actor,
      id,
      {},
      { kind: 'reject_change_request', changeRequestId, comment: form.comment },
    );
  }
}

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

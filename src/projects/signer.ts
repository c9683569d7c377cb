import type { Actor, Role } from '../common/access.js';
import { validationError } from '../common/domain-error.js';
import type { SignatureDto } from './dto/project.dto.js';
import type { Defect } from './qa.entity.js';
import type { Signature } from './revision.entity.js';

/** How a customer's signature given outside freigabe reached the staff member who records it. */
export type OfflineMethod = 'paper' | 'email' | 'phone' | 'in_person';

/**
 * Who signs a customer decision, built once at the edge that knows it, with only what that edge
 * really knows:
 * - `portal`: a logged-in customer user (their account; through a sign-off request when
 *   `signoffRequestId` is set, so the evidence lives in src/signoff);
 * - `link`: a person holding a sign-off link: no account, only the link, the contact it was
 *   sent to and the name they typed;
 * - `recorded`: staff recording a signature the customer gave on paper, by e-mail or phone.
 */
export type Signer =
  | {
      kind: 'portal';
      user: Actor;
      signedAt: Date;
      signoffRequestId: string | null;
    }
  | {
      kind: 'link';
      customerId: string;
      linkId: string;
      contactId: string | null;
      name: string;
      email: string;
      signedAt: Date;
      signoffRequestId: string;
    }
  | {
      kind: 'recorded';
      recordedBy: Actor;
      name: string;
      email: string | null;
      method: OfflineMethod;
      signedAt: Date;
    };

/** What the customer decided; one union for every subject a customer signs. */
export type CustomerDecision =
  | {
      kind: 'approve';
      optionalItemIds: string[];
      /** The revision the signer saw: refused when another one is in review. */
      revision?: number;
    }
  | { kind: 'request_changes'; comment: string; revision?: number }
  | { kind: 'accept'; comment: string | null }
  | { kind: 'reject'; defects: Defect[]; comment: string | null }
  | { kind: 'approve_change_request'; changeRequestId: string }
  | { kind: 'reject_change_request'; changeRequestId: string; comment: string };

/** The audit log's view of someone: a user account, or (for a link) no account, only an address. */
export interface AuditActor {
  userId: string | null;
  email: string;
}

/** Whose data a caller may see and which role the stage machine checks. */
export type Scope = Pick<Actor, 'role' | 'customerId'>;

/**
 * The signer behind an API call: a customer user signs as themself; staff must say who signed
 * outside the portal, when and how.
 */
export function signerOf(actor: Actor, recorded: SignatureDto | undefined, now: Date): Signer {
  if (actor.role === 'customer') {
    if (recorded) {
      throw validationError([
        {
          field: 'signature',
          messages: [
            'customers sign in the portal; signature is for staff recording an offline decision',
          ],
        },
      ]);
    }
    return { kind: 'portal', user: actor, signedAt: now, signoffRequestId: null };
  }
  if (!recorded) {
    throw validationError([
      {
        field: 'signature',
        messages: ['staff recording a customer decision must give signerName, method and signedAt'],
      },
    ]);
  }
  const signedAt = new Date(recorded.signedAt);
  if (signedAt.getTime() > now.getTime() + 5 * 60_000) {
    throw validationError([
      { field: 'signature.signedAt', messages: ['signedAt must not be in the future'] },
    ]);
  }
  return {
    kind: 'recorded',
    recordedBy: actor,
    name: recorded.signerName,
    email: recorded.signerEmail ?? null,
    method: recorded.method,
    signedAt,
  };
}

/**
 * The signature stored with the decision. `actorId` names the account that signed or recorded
 * it; a link signer has no account, so it names the link that authenticated them (the link row
 * names the contact, the sign-off evidence the rest).
 */
export function signatureOf(signer: Signer): Signature {
  switch (signer.kind) {
    case 'portal':
      return {
        actorId: signer.user.userId,
        signerName: signer.user.name,
        signerEmail: signer.user.email,
        method: signer.signoffRequestId ? 'sign_off' : 'portal',
        signedAt: signer.signedAt,
      };
    case 'link':
      return {
        actorId: signer.linkId,
        signerName: signer.name,
        signerEmail: signer.email,
        method: 'sign_off',
        signedAt: signer.signedAt,
      };
    case 'recorded':
      return {
        actorId: signer.recordedBy.userId,
        signerName: signer.name,
        signerEmail: signer.email,
        method: signer.method,
        signedAt: signer.signedAt,
      };
  }
}

/** Who the audit entry names: the user, the link signer's address, or the recording staff. */
export function auditActorOf(signer: Signer): AuditActor {
  switch (signer.kind) {
    case 'portal':
      return signer.user;
    case 'link':
      return { userId: null, email: signer.email };
    case 'recorded':
      return signer.recordedBy;
  }
}

/** A customer signer sees only their customer's projects; staff recording see all. */
export function scopeOf(signer: Signer): Scope {
  switch (signer.kind) {
    case 'portal':
      return signer.user;
    case 'link':
      return { role: 'customer', customerId: signer.customerId };
    case 'recorded':
      return signer.recordedBy;
  }
}

/** A customer's scope when nobody signs yet: checking what a sign-off request may show. */
export function customerScope(customerId: string): Scope {
  return { role: 'customer' satisfies Role, customerId };
}

/** Staff recording a signature issue the documents; a customer's decision is issued by the system. */
export function issuerOf(signer: Signer): Actor | null {
  return signer.kind === 'recorded' ? signer.recordedBy : null;
}

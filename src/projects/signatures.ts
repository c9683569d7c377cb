import type { Actor } from '../common/access.js';
import { validationError } from '../common/domain-error.js';
import type { SignatureDto } from './dto/project.dto.js';
import type { Signature } from './revision.entity.js';

/**
 * Who made a customer decision. A customer user decides in the portal; staff may record a
 * decision the customer made on paper, by e-mail or by phone, and must say who, when and how.
 */
export function signatureOf(
  actor: Actor,
  recorded: SignatureDto | undefined,
  now: Date,
): Signature {
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
    return {
      actorId: actor.userId,
      signerName: actor.name,
      signerEmail: actor.email,
      method: 'portal',
      signedAt: now,
    };
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
    actorId: actor.userId,
    signerName: recorded.signerName,
    signerEmail: recorded.signerEmail ?? null,
    method: recorded.method,
    signedAt,
  };
}

/** A customer decision given through a sign-off link or the portal's sign-off page. */
export interface SignOffSignature {
  /** The customer whose project it is: the decision is refused for any other project. */
  customerId: string;
  /** The sign-off link (no user behind it) or the portal user who signed. */
  actorId: string;
  signerName: string;
  signerEmail: string;
  signedAt: Date;
}

/**
 * The customer as the stage machine sees a sign-off: role `customer`, scoped to their own
 * customer, recorded in the audit log under the link's (or portal user's) id and the
 * signer's e-mail address.
 */
export function signOffActor(signature: SignOffSignature): Actor {
  return {
    userId: signature.actorId,
    email: signature.signerEmail,
    name: signature.signerName,
    role: 'customer',
    customerId: signature.customerId,
  };
}

export function signOffSignature(signature: SignOffSignature): Signature {
  return {
    actorId: signature.actorId,
    signerName: signature.signerName,
    signerEmail: signature.signerEmail,
    method: 'sign_off',
    signedAt: signature.signedAt,
  };
}

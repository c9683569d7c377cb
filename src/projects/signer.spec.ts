import { describe, expect, it } from '@jest/globals';
import type { Actor } from '../common/access.js';
import { DomainError } from '../common/domain-error.js';
import { auditActorOf, scopeOf, signatureOf, signerOf, type Signer } from './signer.js';

const now = new Date('2026-11-20T10:00:00Z');
const customerUser: Actor = {
  userId: 'u-1',
  email: 'kunde@example.com',
  name: 'Kundin',
  role: 'customer',
  customerId: 'c-1',
};
const consultant: Actor = {
  userId: 's-1',
  email: 'berater@example.com',
  name: 'Berater',
  role: 'consultant',
  customerId: null,
};
const paper = {
  signerName: 'Jörg Weiß',
  method: 'paper' as const,
  signedAt: '2026-11-19T09:00:00Z',
};

const portal: Signer = {
  kind: 'portal',
  user: customerUser,
  signedAt: now,
  signoffRequestId: null,
};
const portalSignoff: Signer = { ...portal, signoffRequestId: 'r-1' };
const link: Signer = {
  kind: 'link',
  customerId: 'c-1',
  linkId: 'l-1',
  contactId: 'k-1',
  name: 'Jörg Weiß',
  email: 'joerg@example.com',
  signedAt: now,
  signoffRequestId: 'r-1',
};
const recorded: Signer = {
  kind: 'recorded',
  recordedBy: consultant,
  name: 'Jörg Weiß',
  email: null,
  method: 'paper',
  signedAt: new Date(paper.signedAt),
};

describe('the signer at the API edge', () => {
  it('a customer user signs as themself, and may not claim a recorded signature', () => {
    expect(signerOf(customerUser, undefined, now)).toEqual(portal);
    expect(() => signerOf(customerUser, paper, now)).toThrow(DomainError);
  });

  it('staff must record who signed, and not in the future', () => {
    expect(signerOf(consultant, paper, now)).toEqual(recorded);
    expect(() => signerOf(consultant, undefined, now)).toThrow(DomainError);
    expect(() => signerOf(consultant, { ...paper, signedAt: '2026-11-20T10:06:00Z' }, now)).toThrow(
      DomainError,
    );
  });
});

describe('what each signer leaves behind', () => {
  it.each([
    ['portal', portal, ['u-1', 'Kundin', 'kunde@example.com', 'portal'], { userId: 'u-1' }],
    [
      'portal sign-off',
      portalSignoff,
      ['u-1', 'Kundin', 'kunde@example.com', 'sign_off'],
      { userId: 'u-1' },
    ],
    ['link', link, ['l-1', 'Jörg Weiß', 'joerg@example.com', 'sign_off'], { userId: null }],
    ['recorded', recorded, ['s-1', 'Jörg Weiß', null, 'paper'], { userId: 's-1' }],
  ] as const)('%s', (_, signer, [actorId, signerName, signerEmail, method], audit) => {
    expect(signatureOf(signer)).toEqual({
      actorId,
      signerName,
      signerEmail,
      method,
      signedAt: signer.signedAt,
    });
    expect(auditActorOf(signer)).toMatchObject(audit);
  });

  it('customer signers see their own customer only; staff recording see all', () => {
    expect(scopeOf(link)).toEqual({ role: 'customer', customerId: 'c-1' });
    expect(scopeOf(portal)).toMatchObject({ role: 'customer', customerId: 'c-1' });
    expect(scopeOf(recorded)).toMatchObject({ role: 'consultant', customerId: null });
    expect(auditActorOf(link)).toEqual({ userId: null, email: 'joerg@example.com' });
  });
});

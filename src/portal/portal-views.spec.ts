import { describe, expect, it } from '@jest/globals';
import { diffBasis, toHomeProject, toInvoiceRow, toPortalDiff } from './portal-views.js';

const invoice = (fields: Record<string, unknown>) =>
  toInvoiceRow({
    kind: 'final',
    status: 'issued',
    cancelledBy: null,
    openCents: 1000,
    paidCents: 0,
    overdue: false,
    documentId: 'd',
    xmlSha256: 'x',
    ...fields,
  } as never);

describe('portal views', () => {
  it.each([
    [{}, 'open'],
    [{ paidCents: 400, openCents: 600 }, 'partly'],
    [{ overdue: true }, 'overdue'],
    [{ paidCents: 1000, openCents: 0, overdue: true }, 'paid'],
    [{ status: 'cancelled' }, 'cancelled'],
    [{ cancelledBy: { id: 'c' } }, 'cancelled'],
    [{ kind: 'cancellation', openCents: 0 }, 'cancellation'],
  ])('invoice %j reads as %s', (fields, payment) => {
    expect(invoice(fields).payment).toBe(payment);
  });

  it.each([
    ['in_review', [], ['approveRevision']],
    ['acceptance', [], ['decideAcceptance']],
    ['in_progress', ['sent'], ['decideChangeRequest']],
    ['in_progress', ['approved', 'rejected'], []],
    ['concept', [], []],
  ])('a project in %s with change requests %j waits for %j', (stage, statuses, waits) => {
    const summary = { id: 'p', number: 'P-1', title: 'T', stage, completionDate: null };
    const changeRequests = statuses.map((status) => ({ status }));
    expect(toHomeProject(summary as never, changeRequests as never).waits).toEqual(waits);
  });

  it('reads a diff as rows: the VAT rate in percent, totals only when they moved', () => {
    const change = <T>(from: T, to: T) => ({ from, to });
    const diff = toPortalDiff({
      revision: 2,
      against: 1,
      fields: { vatRateBp: change(1900, 700), goals: change('a', 'b') },
      requirements: {
        added: [],
        removed: [],
        changed: [
          { id: 'r', number: 1, changes: { number: change(1, 2), text: change('x', 'y') } },
        ],
      },
      items: { added: [], removed: [], changed: [] },
      totals: {
        requiredNetCents: change(100, 200),
        optionalNetCents: change(0, 0),
        grossCents: change(119, 214),
      },
    });
    expect(diff.fields).toEqual([
      { label: 'portal.diff.fields.vatRateBp', kind: 'percent', from: 1900, to: 700 },
      { label: 'portal.diff.fields.goals', kind: 'text', from: 'a', to: 'b' },
    ]);
    expect(diff.requirementsChanged[0].changes).toEqual([
      { label: 'portal.diff.requirement.text', kind: 'text', from: 'x', to: 'y' },
    ]);
    expect(diff.totals.map((t) => t.label)).toEqual([
      'portal.diff.totals.requiredNetCents',
      'portal.diff.totals.grossCents',
    ]);
    expect(diff.nothing).toBe(false);
  });

  it.each([
    ['nothing seen or answered: the one before', 4, null, [], 3],
    ['seen in the portal', 4, 2, [], 2],
    ['answered (also by a sign-off link)', 4, null, [[2, 'changes_requested']], 2],
    ['the later of seen and answered', 4, 1, [[2, 'changes_requested']], 2],
    ['a withdrawn one is no answer', 4, 1, [[3, 'withdrawn']], 1],
  ])('diff basis: %s', (_, latest, seen, decided, basis) => {
    const revisions = (decided as Array<[number, string]>).map(([number, status]) => ({
      number,
      status,
    }));
    expect(diffBasis(latest, seen, revisions as never)).toBe(basis);
  });
});

import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createCustomer, createUser, offsetDays } from './support/factories.js';
import {
  projectClient,
  projectWorld,
  readyForReview,
  type ProjectWorld,
} from './support/projects.js';
import { bearer, MovableClock, startTestApp, type TestApp } from './support/test-app.js';

describe('a project from concept paper to closed', () => {
  let t: TestApp;
  let w: ProjectWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await projectWorld(t);
  });
  afterAll(() => t.close());

  it('walks every stage: revision 2 after requested changes, change requests, failed QA, rejected acceptance', async () => {
    const staff = w.consultant.token;
    const customer = w.customerUser.token;

    // concept
    const created = await t.http
      .post('/projects')
      .set(bearer(staff))
      .send({ customerId: w.customerId, title: 'Migration des Mailservers' })
      .expect(201);
    expect(created.body).toMatchObject({
      stage: 'concept',
      number: expect.stringMatching(/^P-\d{5}$/),
    });
    expect(created.body.allowedActions).toEqual(['edit', 'start_solution', 'cancel']);
    const p = projectClient(t, created.body.id);
    await p.read(staff);
    await p.patch(staff, '', {
      background: 'Der Exchange-Server 2016 läuft aus.',
      goals: 'Umzug nach Microsoft 365 ohne Datenverlust.',
    });
    const withR1 = await p.post(
      staff,
      '/requirements',
      {
        version: p.version,
        text: 'Alle Postfächer werden übernommen',
        priority: 'must',
        acceptanceCriterion: 'Stichprobe von 10 Postfächern ist vollständig',
      },
      201,
    );
    const r1 = withR1.requirements[0].id;
    const withR2 = await p.post(
      staff,
      '/requirements',
      {
        version: p.version,
        text: 'Kalender werden übernommen',
        priority: 'should',
        acceptanceCriterion: 'Termine der nächsten 12 Monate sind vorhanden',
      },
      201,
    );
    const r2 = withR2.requirements[1].id;

    // solution with the estimate
    await p.post(staff, '/start-solution');
    await p.post(
      staff,
      '/items',
      {
        version: p.version,
        title: 'Migration',
        quantity: '10',
        unit: 'hour',
        serviceRateId: w.serviceRateId,
      },
      201,
    );
    await p.post(
      staff,
      '/items',
      {
        version: p.version,
        title: 'Lizenz-Einrichtung',
        quantity: '1',
        unit: 'flat',
        unitPriceCents: 49_999,
      },
      201,
    );
    const withOption = await p.post(
      staff,
      '/items',
      {
        version: p.version,
        title: 'Schulung (optional)',
        quantity: '2.5',
        unit: 'hour',
        unitPriceCents: 9_550,
        optional: true,
      },
      201,
    );
    const optionId = withOption.items[2].id;
    // 10 h × 120,00 € + 499,99 € = 1.699,99 € net; 19 % = 323,00 € (322,9981); option 238,75 € apart.
    expect(withOption.totals).toEqual({
      requiredNetCents: 169_999,
      optionalNetCents: 23_875,
      netCents: 169_999,
      vatRate: '19.00',
      vatCents: 32_300,
      grossCents: 202_299,
    });
    const early = await t.http
      .post(`/projects/${created.body.id}/send`)
      .set(bearer(staff))
      .send({})
      .expect(422);
    expect(early.body.code).toBe('PROJECT.INCOMPLETE');
    expect(early.body.missing).toEqual(
      expect.arrayContaining(['requirements.1.solution', 'validUntil']),
    );
    await p.patch(staff, `/requirements/${r1}`, {
      solution: 'Migration mit dem Migrations-Assistenten',
    });
    await p.patch(staff, `/requirements/${r2}`, { solution: 'Export und Import der Kalender' });
    await p.patch(staff, '', {
      validUntil: offsetDays(30),
      terms: 'Zahlbar innerhalb von 14 Tagen.',
    });

    // review: revision 1, the customer asks for changes
    const sent = await p.post(staff, '/send');
    expect(sent).toMatchObject({ stage: 'in_review', currentRevision: 1 });
    const asCustomer = await t.http
      .get(`/projects/${created.body.id}`)
      .set(bearer(customer))
      .expect(200);
    expect(asCustomer.body.allowedActions).toEqual(['approve', 'request_changes']);
    const notYours = await t.http
      .post(`/projects/${created.body.id}/send`)
      .set(bearer(customer))
      .send({})
      .expect(403);
    expect(notYours.body.code).toBe('AUTH.FORBIDDEN');
    const changes = await p.post(customer, '/request-changes', {
      comment: 'Bitte auch die Archive übernehmen.',
    });
    expect(changes).toMatchObject({ stage: 'solution', currentRevision: 2 });

    // revision 2: R1 reworded, R2 removed, R3 added, 12 h instead of 10
    await p.read(staff);
    await p.patch(staff, `/requirements/${r1}`, {
      text: 'Alle Postfächer und Archive werden übernommen',
    });
    const items = (await p.read(staff)).items as Array<{ id: string; title: string }>;
    await p.patch(staff, `/items/${items[0].id}`, { quantity: '12' });
    const removed = await t.http
      .delete(`/projects/${created.body.id}/requirements/${r2}`)
      .set(bearer(staff))
      .send({ version: p.version })
      .expect(200);
    await p.read(staff);
    expect(removed.body.requirements).toHaveLength(1);
    await p.post(
      staff,
      '/requirements',
      {
        version: p.version,
        text: 'Öffentliche Ordner werden übernommen',
        priority: 'could',
        acceptanceCriterion: 'Ordnerstruktur ist identisch',
        solution: 'PST-Export der öffentlichen Ordner',
      },
      201,
    );
    await p.post(staff, '/send');
    const revisions = await t.http
      .get(`/projects/${created.body.id}/revisions`)
      .set(bearer(customer))
      .expect(200);
    expect(
      revisions.body.map((r: { number: number; status: string }) => [r.number, r.status]),
    ).toEqual([
      [1, 'changes_requested'],
      [2, 'in_review'],
    ]);
    const diff = await t.http
      .get(`/projects/${created.body.id}/revisions/2/diff`)
      .set(bearer(customer))
      .expect(200);
    expect(diff.body.requirements.added.map((r: { text: string }) => r.text)).toEqual([
      'Öffentliche Ordner werden übernommen',
    ]);
    expect(diff.body.requirements.removed.map((r: { text: string }) => r.text)).toEqual([
      'Kalender werden übernommen',
    ]);
    expect(diff.body.requirements.changed).toEqual([
      {
        id: r1,
        number: 1,
        changes: {
          text: {
            from: 'Alle Postfächer werden übernommen',
            to: 'Alle Postfächer und Archive werden übernommen',
          },
        },
      },
    ]);
    expect(diff.body.items.changed).toEqual([
      { id: items[0].id, title: 'Migration', changes: { quantity: { from: 10_000, to: 12_000 } } },
    ]);
    // 12 h × 120 € + 499,99 € = 1.939,99 €; 19 % = 368,60 € (368,5981).
    expect(diff.body.totals.requiredNetCents).toEqual({ from: 169_999, to: 193_999 });
    expect(diff.body.totals.grossCents).toEqual({ from: 202_299, to: 230_859 });
    const frozen = await t.http
      .get(`/projects/${created.body.id}/revisions/1`)
      .set(bearer(customer))
      .expect(200);
    expect(frozen.body.requirements.map((r: { text: string }) => r.text)).toEqual([
      'Alle Postfächer werden übernommen',
      'Kalender werden übernommen',
    ]);

    // approval of revision 2 with the option
    const wrongOption = await p.post(customer, '/approve', { optionalItemIds: [items[0].id] }, 400);
    expect(wrongOption.errors[0].field).toBe('optionalItemIds');
    const approved = await p.post(customer, '/approve', { optionalItemIds: [optionId] });
    // 1.939,99 € + 238,75 € option = 2.178,74 € agreed.
    expect(approved).toMatchObject({
      stage: 'approved',
      approvedRevision: 2,
      agreedNetCents: 217_874,
      approval: {
        revision: 2,
        approvedBy: 'Jörg Schäfer',
        method: 'portal',
        chosenOptionalItemIds: [optionId],
        agreedNetCents: 217_874,
      },
      totals: { netCents: 217_874, vatCents: 41_396, grossCents: 259_270 },
    });
    const again = await p.post(customer, '/approve', {}, 409);
    expect(again).toMatchObject({
      code: 'PROJECT.INVALID_ACTION',
      currentStage: 'approved',
      allowedActions: [],
    });

    // completion date
    const past = await p.post(staff, '/schedule', { completionDate: offsetDays(-1) }, 400);
    expect(past.errors[0].field).toBe('completionDate');
    await p.post(staff, '/schedule', { completionDate: offsetDays(60) });
    await p.post(staff, '/start-work');
    await t.http
      .post(`/projects/${created.body.id}/time-entries`)
      .set(bearer(staff))
      .send({
        day: offsetDays(0),
        minutes: 95,
        description: 'Postfächer exportiert',
        serviceRateId: w.serviceRateId,
      })
      .expect(201)
      .expect((res) => expect(res.body.valueCents).toBe(21_000)); // 95 min → 7 started quarter hours → 105 min × 120 €/h

    // change request 1 approved: +5 h, completion date moves
    const cr1 = await t.http
      .post(`/projects/${created.body.id}/change-requests`)
      .set(bearer(staff))
      .send({
        title: 'Archiv-Migration',
        description: 'Übernahme der PST-Archive aller Mitarbeiter',
        lines: [{ title: 'Archiv-Migration', quantity: '5', unit: 'hour', unitPriceCents: 12_000 }],
        newCompletionDate: offsetDays(75),
      })
      .expect(201);
    expect(cr1.body).toMatchObject({ number: 1, status: 'draft', deltaNetCents: 60_000 });
    const customerCrs = await t.http
      .get(`/projects/${created.body.id}/change-requests`)
      .set(bearer(customer))
      .expect(200);
    expect(customerCrs.body).toEqual([]);
    await t.http
      .post(`/projects/${created.body.id}/change-requests/${cr1.body.id}/approve`)
      .set(bearer(customer))
      .send({})
      .expect(404);
    await t.http
      .post(`/projects/${created.body.id}/change-requests/${cr1.body.id}/send`)
      .set(bearer(staff))
      .expect(200);
    const cr1Approved = await t.http
      .post(`/projects/${created.body.id}/change-requests/${cr1.body.id}/approve`)
      .set(bearer(customer))
      .send({})
      .expect(200);
    expect(cr1Approved.body).toMatchObject({
      status: 'approved',
      signerName: 'Jörg Schäfer',
      signatureMethod: 'portal',
    });

    // change request 2 rejected: nothing changes
    const cr2 = await t.http
      .post(`/projects/${created.body.id}/change-requests`)
      .set(bearer(staff))
      .send({
        title: 'Zweiter Standort',
        description: 'Auch Filiale Halle',
        lines: [{ title: 'Filiale', quantity: '8', unit: 'hour', unitPriceCents: 12_000 }],
      })
      .expect(201);
    await t.http
      .post(`/projects/${created.body.id}/change-requests/${cr2.body.id}/send`)
      .set(bearer(staff))
      .expect(200);
    await t.http
      .post(`/projects/${created.body.id}/change-requests/${cr2.body.id}/reject`)
      .set(bearer(customer))
      .send({ comment: 'Halle machen wir nächstes Jahr.' })
      .expect(200);
    const afterCrs = await p.read(staff);
    expect(afterCrs).toMatchObject({ agreedNetCents: 277_874, completionDate: offsetDays(75) });

    // moving the date later needs a reason
    const noReason = await t.http
      .put(`/projects/${created.body.id}/completion-date`)
      .set(bearer(staff))
      .send({ completionDate: offsetDays(80) })
      .expect(400);
    expect(noReason.body.errors[0].field).toBe('reason');
    await t.http
      .put(`/projects/${created.body.id}/completion-date`)
      .set(bearer(staff))
      .send({ completionDate: offsetDays(80), reason: 'Lieferverzug der Lizenzen' })
      .expect(200);
    const schedule = await t.http
      .get(`/projects/${created.body.id}/schedule`)
      .set(bearer(customer))
      .expect(200);
    expect(
      schedule.body.map((s: { toDate: string; reason: string | null }) => [s.toDate, s.reason]),
    ).toEqual([
      [offsetDays(60), null],
      [offsetDays(75), 'Nachtrag 1: Archiv-Migration'],
      [offsetDays(80), 'Lieferverzug der Lizenzen'],
    ]);

    // QA round 1 fails
    await p.read(staff);
    await p.post(staff, '/submit-qa');
    let rounds = (
      await t.http.get(`/projects/${created.body.id}/qa-rounds`).set(bearer(staff)).expect(200)
    ).body;
    expect(rounds[0].checks).toHaveLength(2);
    const [check1, check2] = rounds[0].checks as Array<{ id: string }>;
    await t.http
      .put(`/projects/${created.body.id}/qa-checks/${check1.id}`)
      .set(bearer(staff))
      .send({ result: 'passed' })
      .expect(200);
    const incompleteQa = await p.post(staff, '/complete-qa', {}, 409);
    expect(incompleteQa.code).toBe('PROJECT.QA_INCOMPLETE');
    const failNoNote = await t.http
      .put(`/projects/${created.body.id}/qa-checks/${check2.id}`)
      .set(bearer(staff))
      .send({ result: 'failed' })
      .expect(400);
    expect(failNoNote.body.errors[0].field).toBe('note');
    await t.http
      .put(`/projects/${created.body.id}/qa-checks/${check2.id}`)
      .set(bearer(staff))
      .send({ result: 'failed', note: 'Öffentliche Ordner fehlen' })
      .expect(200);
    await p.read(staff);
    expect(await p.post(staff, '/complete-qa')).toMatchObject({ stage: 'in_progress' });

    // QA round 2 passes with a waiver only an admin may give
    await p.post(staff, '/submit-qa');
    rounds = (
      await t.http.get(`/projects/${created.body.id}/qa-rounds`).set(bearer(staff)).expect(200)
    ).body;
    expect(rounds.map((r: { status: string }) => r.status)).toEqual(['failed', 'open']);
    const [c1, c2] = rounds[1].checks as Array<{ id: string }>;
    await t.http
      .put(`/projects/${created.body.id}/qa-checks/${c1.id}`)
      .set(bearer(staff))
      .send({ result: 'passed' })
      .expect(200);
    const waiveAsConsultant = await t.http
      .put(`/projects/${created.body.id}/qa-checks/${c2.id}`)
      .set(bearer(staff))
      .send({ result: 'waived', note: 'Kunde nutzt keine öffentlichen Ordner mehr' })
      .expect(403);
    expect(waiveAsConsultant.body.code).toBe('PROJECT.WAIVER_ADMIN_ONLY');
    await t.http
      .put(`/projects/${created.body.id}/qa-checks/${c2.id}`)
      .set(bearer(t.adminToken))
      .send({ result: 'waived', note: 'Kunde nutzt keine öffentlichen Ordner mehr' })
      .expect(200);
    await p.read(staff);
    expect(await p.post(staff, '/complete-qa')).toMatchObject({ stage: 'acceptance' });

    // the customer rejects the acceptance; the defect becomes a check of round 3
    const noDefects = await p.post(customer, '/reject', { defects: [] }, 400);
    expect(noDefects.errors[0].field).toBe('defects');
    expect(
      await p.post(customer, '/reject', {
        defects: [{ title: 'Signaturen fehlen', description: 'In Outlook keine Signatur' }],
      }),
    ).toMatchObject({ stage: 'in_progress' });
    await p.post(staff, '/submit-qa');
    rounds = (
      await t.http.get(`/projects/${created.body.id}/qa-rounds`).set(bearer(staff)).expect(200)
    ).body;
    expect(
      rounds[2].checks.map((c: { source: string; title: string }) => [c.source, c.title]),
    ).toEqual([
      ['requirement', '1. Alle Postfächer und Archive werden übernommen'],
      ['requirement', '2. Öffentliche Ordner werden übernommen'],
      ['defect', 'Signaturen fehlen'],
    ]);
    for (const check of rounds[2].checks as Array<{ id: string }>) {
      await t.http
        .put(`/projects/${created.body.id}/qa-checks/${check.id}`)
        .set(bearer(staff))
        .send({ result: 'passed' })
        .expect(200);
    }
    await p.read(staff);
    await p.post(staff, '/complete-qa');

    // accepted on paper, recorded by staff: the acceptance day is the service date
    const noSignature = await p.post(staff, '/accept', {}, 400);
    expect(noSignature.errors[0].field).toBe('signature');
    const accepted = await p.post(staff, '/accept', {
      signature: {
        signerName: 'Jörg Schäfer',
        method: 'paper',
        signedAt: new Date().toISOString(),
      },
    });
    expect(accepted).toMatchObject({ stage: 'accepted', acceptedOn: offsetDays(0) });
    const acceptances = await t.http
      .get(`/projects/${created.body.id}/acceptances`)
      .set(bearer(customer))
      .expect(200);
    expect(
      acceptances.body.map((a: { decision: string; method: string }) => [a.decision, a.method]),
    ).toEqual([
      ['rejected', 'portal'],
      ['accepted', 'paper'],
    ]);

    // finance invoices and closes: only through the invoice and its payment
    const manual = await t.http
      .post(`/projects/${created.body.id}/mark-invoiced`)
      .set(bearer(w.finance.token))
      .send({});
    expect(manual.status).toBe(404);
    const finalDraft = await t.http
      .post(`/projects/${created.body.id}/invoices/final`)
      .set(bearer(w.finance.token))
      .send({})
      .expect(201);
    const invoice = await t.http
      .post(`/invoices/${finalDraft.body.id}/issue`)
      .set(bearer(w.finance.token))
      .send({})
      .expect(200);
    expect((await p.read(staff)).stage).toBe('invoiced');
    const cancelLate = await p.post(staff, '/cancel', { reason: 'zu spät' }, 409);
    expect(cancelLate.currentStage).toBe('invoiced');
    await t.http
      .post('/payments')
      .set(bearer(w.finance.token))
      .send({
        invoiceId: finalDraft.body.id,
        day: offsetDays(0),
        amountCents: invoice.body.openCents,
        reference: invoice.body.number,
      })
      .expect(201);
    expect(await p.read(w.finance.token)).toMatchObject({ stage: 'closed', allowedActions: [] });

    // every transition is in the audit log, and the chain holds
    const audit = await t.http
      .get(`/audit?entityType=project&entityId=${created.body.id}&pageSize=100`)
      .set(bearer(t.adminToken))
      .expect(200);
    const moves = (
      audit.body.items as Array<{
        action: string;
        changes: { stage?: { from: string; to: string } };
      }>
    )
      .filter((e) => typeof e.changes.stage === 'object')
      .map((e) => `${e.changes.stage!.from}→${e.changes.stage!.to}`)
      .reverse();
    expect(moves).toEqual([
      'concept→solution',
      'solution→in_review',
      'in_review→solution',
      'solution→in_review',
      'in_review→approved',
      'approved→scheduled',
      'scheduled→in_progress',
      'in_progress→qa',
      'qa→in_progress',
      'in_progress→qa',
      'qa→acceptance',
      'acceptance→in_progress',
      'in_progress→qa',
      'qa→acceptance',
      'acceptance→accepted',
      'accepted→invoiced',
      'invoiced→closed',
    ]);
    expect(
      (await t.http.get('/audit/verify').set(bearer(t.adminToken)).expect(200)).body.valid,
    ).toBe(true);
  });
});

describe('project rules', () => {
  let t: TestApp;
  let w: ProjectWorld;
  const clock = new MovableClock('Europe/Berlin');
  beforeAll(async () => {
    t = await startTestApp({}, { clock });
    w = await projectWorld(t);
  });
  afterAll(() => t.close());

  it('hides other customers’ projects (404) and keeps roles to their steps (403)', async () => {
    const { id } = await readyForReview(t, w);
    const other = await createCustomer(t);
    const stranger = await createUser(t, 'customer', { customerId: other.id });
    const hidden = await t.http.get(`/projects/${id}`).set(bearer(stranger.token)).expect(404);
    expect(hidden.body.code).toBe('PROJECT.NOT_FOUND');
    await t.http.post(`/projects/${id}/approve`).set(bearer(stranger.token)).send({}).expect(404);
    const list = await t.http.get('/projects').set(bearer(stranger.token)).expect(200);
    expect(list.body.total).toBe(0);
    await t.http
      .post(`/projects/${id}/start-solution`)
      .set(bearer(w.finance.token))
      .send({})
      .expect(403);
    await t.http
      .post('/projects')
      .set(bearer(w.customerUser.token))
      .send({ customerId: w.customerId, title: 'X' })
      .expect(403);
  });

  it('answers a step in the wrong stage with 409 naming the stage and what is allowed', async () => {
    const { id } = await readyForReview(t, w);
    const response = await t.http
      .post(`/projects/${id}/schedule`)
      .set(bearer(w.consultant.token))
      .send({ completionDate: offsetDays(30) })
      .expect(409);
    expect(response.body).toMatchObject({
      code: 'PROJECT.INVALID_ACTION',
      currentStage: 'solution',
      allowedActions: ['edit', 'send', 'cancel'],
    });
    expect(response.body.detail).toContain('solution');
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const { id, p } = await readyForReview(t, w);
    const before = await p.read(w.consultant.token);
    const bad = await t.http
      .post(`/projects/${id}/items`)
      .set(bearer(w.consultant.token))
      .send({ version: p.version, title: 'X', quantity: '1,5', unit: 'hour', unitPriceCents: 100 })
      .expect(400);
    expect(bad.body.errors[0].field).toBe('quantity');
    const unknown = await t.http
      .patch(`/projects/${id}`)
      .set(bearer(w.consultant.token))
      .send({ version: p.version, stage: 'approved' })
      .expect(400);
    expect(unknown.body.errors[0].field).toBe('stage');
    // Every price that reaches an invoice is not negative (EN 16931 BR-27), a Nachtrag's too.
    const negative = await t.http
      .post(`/projects/${id}/change-requests`)
      .set(bearer(w.consultant.token))
      .send({
        title: 'Weniger Drucker',
        description: 'Ein Drucker entfällt',
        lines: [{ title: 'Drucker', quantity: '1', unit: 'flat', unitPriceCents: -15_000 }],
      })
      .expect(400);
    expect(negative.body.errors[0].field).toBe('lines.0.unitPriceCents');
    const after = await p.read(w.consultant.token);
    expect(after.version).toBe(before.version);
    expect(after.items).toHaveLength(before.items.length);
  });

  it('refuses an edit made against a stale version with 409', async () => {
    const { id, p } = await readyForReview(t, w);
    const stale = p.version;
    await p.patch(w.consultant.token, '', { title: 'Neuer Titel' });
    const conflict = await t.http
      .patch(`/projects/${id}`)
      .set(bearer(w.consultant.token))
      .send({ version: stale, title: 'Anderer Titel' })
      .expect(409);
    expect(conflict.body.code).toBe('PROJECT.VERSION_CONFLICT');
    expect((await p.read(w.consultant.token)).title).toBe('Neuer Titel');
  });

  it('lets exactly one of two simultaneous decisions win', async () => {
    const { id, p } = await readyForReview(t, w);
    await p.patch(
      w.consultant.token,
      `/requirements/${(await p.read(w.consultant.token)).requirements[0].id}`,
      { solution: 'Lösung' },
    );
    await p.post(w.consultant.token, '/send');
    const results = await Promise.all([
      t.http.post(`/projects/${id}/approve`).set(bearer(w.customerUser.token)).send({}),
      t.http
        .post(`/projects/${id}/request-changes`)
        .set(bearer(w.customerUser.token))
        .send({ comment: 'Doch nicht' }),
      t.http.post(`/projects/${id}/approve`).set(bearer(w.customerUser.token)).send({}),
      t.http
        .post(`/projects/${id}/withdraw`)
        .set(bearer(w.consultant.token))
        .send({ reason: 'Fehler im Angebot' }),
    ]);
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(3);
    const revisions = await t.http
      .get(`/projects/${id}/revisions`)
      .set(bearer(w.consultant.token))
      .expect(200);
    expect(revisions.body).toHaveLength(1);
    expect(revisions.body[0].status).not.toBe('in_review');
  });

  it('cannot approve an offer past its validity date', async () => {
    const { id, p } = await readyForReview(t, w);
    await p.patch(
      w.consultant.token,
      `/requirements/${(await p.read(w.consultant.token)).requirements[0].id}`,
      { solution: 'Lösung' },
    );
    await p.post(w.consultant.token, '/send'); // valid for 30 days
    clock.advanceDays(31);
    try {
      const expired = await t.http
        .post(`/projects/${id}/approve`)
        .set(bearer(w.customerUser.token))
        .send({})
        .expect(409);
      expect(expired.body).toMatchObject({
        code: 'PROJECT.OFFER_EXPIRED',
        validUntil: offsetDays(30),
      });
      expect((await p.read(w.consultant.token)).stage).toBe('in_review');
      // The frozen revision itself cannot be changed to make it valid again.
      const db = t.app.get(DataSource);
      const param = db.options.type === 'postgres' ? '$1' : '?';
      await expect(
        db.query(`UPDATE project_revisions SET number = number WHERE project_id = ${param}`, [id]),
      ).rejects.toThrow(/append-only/);
      await expect(
        db.query(`DELETE FROM project_revisions WHERE project_id = ${param}`, [id]),
      ).rejects.toThrow(/append-only/);
    } finally {
      clock.advanceDays(-31);
    }
  });

  it('refuses billable time beyond a T&M budget until a change request raises it', async () => {
    const { id, p } = await readyForReview(t, w, 'time_and_materials', '2');
    const staff = w.consultant.token;
    await p.patch(staff, `/requirements/${(await p.read(staff)).requirements[0].id}`, {
      solution: 'Lösung',
    });
    await p.post(staff, '/send');
    expect(await p.post(w.customerUser.token, '/approve')).toMatchObject({
      agreedNetCents: 24_000,
    });
    await p.post(staff, '/schedule', { completionDate: offsetDays(20) });
    await p.post(staff, '/start-work');
    const log = (minutes: number, billable = true) =>
      t.http
        .post(`/projects/${id}/time-entries`)
        .set(bearer(staff))
        .send({
          day: offsetDays(0),
          minutes,
          description: 'Arbeit',
          serviceRateId: w.serviceRateId,
          billable,
        });
    expect((await log(90)).status).toBe(201); // 1,5 h = 180 €
    const over = await log(46); // 4 started quarter hours = 120 € → 300 € > 240 €
    expect(over.status).toBe(409);
    expect(over.body).toMatchObject({
      code: 'PROJECT.BUDGET_EXCEEDED',
      budgetCents: 24_000,
      wouldUseCents: 30_000,
    });
    expect(over.body.detail).toContain('change request');
    expect((await log(46, false)).status).toBe(201);
    expect((await log(0)).status).toBe(400);
    const cr = await t.http
      .post(`/projects/${id}/change-requests`)
      .set(bearer(staff))
      .send({
        title: 'Mehraufwand',
        description: 'Zusätzliche Postfächer',
        lines: [{ title: 'Stunden', quantity: '1', unit: 'hour', unitPriceCents: 12_000 }],
      })
      .expect(201);
    await t.http
      .post(`/projects/${id}/change-requests/${cr.body.id}/send`)
      .set(bearer(staff))
      .expect(200);
    // Staff record the customer's e-mail approval.
    const noSignature = await t.http
      .post(`/projects/${id}/change-requests/${cr.body.id}/approve`)
      .set(bearer(staff))
      .send({})
      .expect(400);
    expect(noSignature.body.errors[0].field).toBe('signature');
    await t.http
      .post(`/projects/${id}/change-requests/${cr.body.id}/approve`)
      .set(bearer(staff))
      .send({
        signature: {
          signerName: 'Jörg Schäfer',
          method: 'email',
          signedAt: new Date().toISOString(),
        },
      })
      .expect(200);
    expect((await log(46)).status).toBe(201);
    const project = await p.read(staff);
    expect(project.budget).toEqual({
      budgetCents: 36_000,
      usedCents: 30_000,
      remainingCents: 6_000,
    });
  });

  it('starts a project from a template with prepared requirements and priced lines', async () => {
    const template = await t.http
      .post('/project-templates')
      .set(bearer(t.adminToken))
      .send({
        name: 'Mailserver-Migration',
        billingMode: 'fixed_price',
        background: 'Standardthema',
        goals: 'Postfächer umziehen',
        requirements: [
          {
            text: 'Postfächer übernehmen',
            priority: 'must',
            acceptanceCriterion: 'Stichprobe',
            solution: 'Assistent',
          },
        ],
        items: [
          { title: 'Migration', quantity: '8', unit: 'hour', serviceRateId: w.serviceRateId },
          {
            title: 'Pauschale',
            quantity: '1',
            unit: 'flat',
            unitPriceCents: 15_000,
            optional: true,
          },
        ],
      })
      .expect(201);
    await t.http.post('/project-templates').set(bearer(w.consultant.token)).send({}).expect(403);
    const project = await t.http
      .post('/projects')
      .set(bearer(w.consultant.token))
      .send({
        customerId: w.customerId,
        title: 'Migration bei Schäfer',
        templateId: template.body.id,
      })
      .expect(201);
    expect(project.body).toMatchObject({
      background: 'Standardthema',
      requirements: [{ number: 1, text: 'Postfächer übernehmen', priority: 'must' }],
      items: [
        {
          title: 'Migration',
          quantity: '8',
          unitPriceCents: 12_000,
          netCents: 96_000,
          optional: false,
        },
        {
          title: 'Pauschale',
          quantity: '1',
          unitPriceCents: 15_000,
          netCents: 15_000,
          optional: true,
        },
      ],
      totals: {
        requiredNetCents: 96_000,
        optionalNetCents: 15_000,
        netCents: 96_000,
        vatCents: 18_240,
        grossCents: 114_240,
      },
    });
  });
});

describe('completion date and lead time', () => {
  let t: TestApp;
  let w: ProjectWorld;
  beforeAll(async () => {
    t = await startTestApp();
    w = await projectWorld(t);
  });
  afterAll(() => t.close());

  it('refuses a completion date before today plus the configured lead time', async () => {
    const company = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
    await t.http
      .patch('/company')
      .set(bearer(t.adminToken))
      .send({ projectLeadTimeDays: 10, version: company.body.version })
      .expect(200);
    const { p } = await readyForReview(t, w);
    const staff = w.consultant.token;
    await p.patch(staff, `/requirements/${(await p.read(staff)).requirements[0].id}`, {
      solution: 'Lösung',
    });
    await p.post(staff, '/send');
    await p.post(w.customerUser.token, '/approve');
    const tooEarly = await p.post(staff, '/schedule', { completionDate: offsetDays(9) }, 400);
    expect(tooEarly.errors).toEqual([
      { field: 'completionDate', messages: [expect.stringContaining(offsetDays(10))] },
    ]);
    expect(await p.post(staff, '/schedule', { completionDate: offsetDays(10) })).toMatchObject({
      stage: 'scheduled',
      completionDate: offsetDays(10),
    });
    // Earlier is fine without a reason; later needs one.
    const id = (await p.read(staff)).id as string;
    await t.http
      .put(`/projects/${id}/completion-date`)
      .set(bearer(staff))
      .send({ completionDate: offsetDays(8) })
      .expect(200);
  });
});

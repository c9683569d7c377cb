import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { offsetDays } from './support/factories.js';
import { expectStatus } from './support/expect-status.js';
import { acceptedProject, projectWorld, type ProjectWorld } from './support/projects.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

type Who = 'staff' | 'customer';

/**
 * Every action route of a project with a body that would be valid in the right stage. The
 * order of checks is visibility (404) → stage (409) → the action's own facts and rules, so a
 * project in the wrong stage always answers 409 naming what is allowed, never 400 or 500.
 */
const ROUTES: Array<
  [
    method: 'post' | 'put' | 'patch' | 'delete',
    path: string,
    who: Who,
    body: Record<string, unknown>,
  ]
> = [
  ['post', '/start-solution', 'staff', {}],
  ['patch', '', 'staff', { title: 'Neuer Titel' }],
  [
    'post',
    '/requirements',
    'staff',
    { text: 'Neue Anforderung', priority: 'must', acceptanceCriterion: 'Prüfbar' },
  ],
  ['patch', `/requirements/${randomUUID()}`, 'staff', { text: 'Geändert' }],
  ['delete', `/requirements/${randomUUID()}`, 'staff', {}],
  [
    'post',
    '/items',
    'staff',
    { title: 'Zusatz', quantity: '1', unit: 'hour', unitPriceCents: 100 },
  ],
  ['patch', `/items/${randomUUID()}`, 'staff', { quantity: '2' }],
  ['delete', `/items/${randomUUID()}`, 'staff', {}],
  ['post', '/send', 'staff', {}],
  ['post', '/approve', 'customer', {}],
  ['post', '/request-changes', 'customer', { comment: 'Bitte ändern' }],
  ['post', '/withdraw', 'staff', { reason: 'Falsche Version' }],
  ['post', '/schedule', 'staff', { completionDate: offsetDays(60) }],
  ['put', '/completion-date', 'staff', { completionDate: offsetDays(90), reason: 'Später' }],
  ['post', '/start-work', 'staff', {}],
  ['post', '/submit-qa', 'staff', {}],
  ['post', '/complete-qa', 'staff', {}],
  ['post', '/accept', 'customer', {}],
  ['post', '/reject', 'customer', { defects: [{ title: 'Postfach fehlt' }] }],
  [
    'post',
    '/time-entries',
    'staff',
    { day: offsetDays(0), minutes: 30, description: 'Arbeit', serviceRateId: randomUUID() },
  ],
  [
    'post',
    '/change-requests',
    'staff',
    {
      title: 'Nachtrag',
      description: 'Mehr Postfächer',
      lines: [{ title: 'Postfach', quantity: '1', unit: 'piece', unitPriceCents: 5_000 }],
    },
  ],
  ['post', `/change-requests/${randomUUID()}/send`, 'staff', {}],
  ['post', `/change-requests/${randomUUID()}/approve`, 'customer', {}],
  ['post', `/change-requests/${randomUUID()}/reject`, 'customer', { comment: 'Zu teuer' }],
  ['put', `/qa-checks/${randomUUID()}`, 'staff', { result: 'passed' }],
];

/** Editing the concept and solution: allowed in `concept`, so only tried on the accepted one. */
const isEdit = (path: string) => path === '' || /^\/(requirements|items)\b/.test(path);

describe('a project action in the wrong stage answers 409 with the allowed actions', () => {
  let t: TestApp;
  let w: ProjectWorld;
  const projects: Record<'concept' | 'accepted', string> = { concept: '', accepted: '' };

  beforeAll(async () => {
    t = await startTestApp();
    w = await projectWorld(t);
    const created = await t.http
      .post('/projects')
      .set(bearer(w.consultant.token))
      .send({ customerId: w.customerId, title: 'Neues Konzept' })
      .expect(201);
    projects.concept = created.body.id;
    projects.accepted = (await acceptedProject(t, w)).id;
  });
  afterAll(() => t.close());

  const cases = (['concept', 'accepted'] as const).flatMap((stage) =>
    ROUTES.filter(
      ([, path]) => stage === 'accepted' || (!isEdit(path) && path !== '/start-solution'),
    ).map(([method, path, who, body]) => [stage, method.toUpperCase(), path, who, body] as const),
  );

  it.each(cases)('%s: %s %s by %s', async (stage, method, path, who, body) => {
    const id = projects[stage];
    const token = who === 'staff' ? w.consultant.token : w.customerUser.token;
    const { version } = (
      await t.http.get(`/projects/${id}`).set(bearer(w.consultant.token)).expect(200)
    ).body as { version: number };
    const needsVersion = isEdit(path);
    const response = await t.http[method.toLowerCase() as 'post'](`/projects/${id}${path}`)
      .set(bearer(token))
      .send(needsVersion ? { version, ...body } : body);
    expectStatus(response, 409);
    expect(response.body).toMatchObject({
      code: 'PROJECT.INVALID_ACTION',
      currentStage: stage,
      allowedActions: expect.any(Array),
    });
  });
});

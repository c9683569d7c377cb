import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  createContract,
  createCustomer,
  createTicket,
  createUser,
  offsetDays,
  type CreatedUser,
} from './support/factories.js';
import { bearer, startTestApp, type TestApp } from './support/test-app.js';

/** Noon in Berlin on a day relative to today: the day an action was performed. */
const noonOf = (days: number) => `${offsetDays(days)}T11:00:00Z`;

describe('service terms: the AV gate asks about the day of the action', () => {
  let t: TestApp;
  let consultant: CreatedUser;

  beforeAll(async () => {
    t = await startTestApp();
    consultant = await createUser(t, 'consultant');
  });
  afterAll(() => t.close());

  const remoteSession = (ticketId: string, performedAt: string) =>
    t.http
      .post(`/support/tickets/${ticketId}/personal-data-actions`)
      .set(bearer(consultant.token))
      .send({ kind: 'remote_session', description: 'Fernwartung', performedAt });

  it('refuses a session before the agreement started, though it is in force today', async () => {
    const customer = await createCustomer(t);
    await createContract(t, customer.id, 'data_processing', { startDate: offsetDays(0) });
    const ticket = await createTicket(t, customer.id);
    const refused = await remoteSession(ticket.id, noonOf(-13)).expect(409);
    expect(refused.body).toMatchObject({
      code: 'SUPPORT.AV_AGREEMENT_REQUIRED',
      asOf: offsetDays(-13),
    });
    await remoteSession(ticket.id, new Date().toISOString()).expect(201);
  });

  it('accepts a session while the agreement was in force, though it has ended since', async () => {
    const customer = await createCustomer(t);
    await createContract(t, customer.id, 'data_processing', {
      startDate: offsetDays(-100),
      endDate: offsetDays(-1),
    });
    const ticket = await createTicket(t, customer.id);
    await remoteSession(ticket.id, noonOf(-2)).expect(201);
    const refused = await remoteSession(ticket.id, new Date().toISOString()).expect(409);
    expect(refused.body.code).toBe('SUPPORT.AV_AGREEMENT_REQUIRED');
  });
});

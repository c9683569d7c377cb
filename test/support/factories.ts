import { addDays, calendarDay } from '../../src/common/clock.js';
import type { Role } from '../../src/common/access.js';
import { bearer, type TestApp } from './test-app.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export interface CreatedCustomer {
  id: string;
  number: string;
  version: number;
  contacts: Array<{ id: string; email: string }>;
}

export async function createCustomer(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<CreatedCustomer> {
  const response = await t.http
    .post('/customers')
    .set(bearer(t.adminToken))
    .send({
      name: `Kunde ${unique()} GmbH`,
      street: 'Lindenstraße 12',
      postalCode: '10969',
      city: 'Berlin',
      contacts: [
        { name: 'Jörg Weiß', email: `joerg.${unique()}@kunde.example`, isSignatory: true },
      ],
      ...overrides,
    })
    .expect(201);
  return response.body as CreatedCustomer;
}

/** Fills in the company profile so invoices can be issued (§ 14 UStG), if it is incomplete. */
export async function configureCompany(t: TestApp): Promise<void> {
  const company = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
  if (company.body.missing.length === 0) return;
  await t.http
    .patch('/company')
    .set(bearer(t.adminToken))
    .send({
      legalName: 'Beispiel IT-Service GmbH',
      street: 'Am Markt 3',
      postalCode: '04109',
      city: 'Leipzig',
      vatId: 'DE123456789',
      iban: 'DE02120300000000202051',
      commercialRegister: 'Amtsgericht Leipzig, HRB 12345',
      managingDirectors: 'Anna Beispiel',
      version: company.body.version,
    })
    .expect(200);
}

/** Changes the company profile (admin), with the version it currently has. */
export async function updateCompany(t: TestApp, changes: Record<string, unknown>): Promise<void> {
  const company = await t.http.get('/company').set(bearer(t.adminToken)).expect(200);
  await t.http
    .patch('/company')
    .set(bearer(t.adminToken))
    .send({ ...changes, version: company.body.version })
    .expect(200);
}

export interface CreatedUser {
  id: string;
  email: string;
  password: string;
  token: string;
}

export async function createUser(
  t: TestApp,
  role: Role,
  overrides: { customerId?: string; name?: string } = {},
): Promise<CreatedUser> {
  const email = `${role}.${unique()}@freigabe.example`;
  const password = `pw-${unique()}-long-enough`;
  const response = await t.http
    .post('/users')
    .set(bearer(t.adminToken))
    .send({ email, password, role, name: overrides.name ?? `${role} user`, ...overrides })
    .expect(201);
  const token = await t.login(email, password);
  return { id: (response.body as { id: string }).id, email, password, token };
}

/** A day relative to today in the app's time zone: offsetDays(-1) is yesterday. */
export function offsetDays(days: number, timeZone = 'Europe/Berlin'): string {
  return addDays(calendarDay(new Date(), timeZone), days);
}

export type ContractKindName = 'service' | 'data_processing' | 'update';

/** A contract for the customer; a data processing agreement is signed on its start day. */
export async function createContract(
  t: TestApp,
  customerId: string,
  kind: ContractKindName,
  overrides: { startDate?: string; endDate?: string; signedOn?: string } = {},
): Promise<{ id: string }> {
  const startDate = overrides.startDate ?? offsetDays(-365);
  const response = await t.http
    .post(`/customers/${customerId}/contracts`)
    .set(bearer(t.adminToken))
    .send({
      kind,
      startDate,
      ...(kind === 'data_processing' ? { signedOn: startDate } : {}),
      ...overrides,
    })
    .expect(201);
  return response.body as { id: string };
}

/** A price-list service; hourly at 120,00 € with a 50 % after-hours surcharge by default. */
export async function createService(
  t: TestApp,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; code: string }> {
  const response = await t.http
    .post('/price-list/services')
    .set(bearer(t.adminToken))
    .send({
      code: `SUP-${unique().toUpperCase()}`,
      name: 'Technischer Support',
      unit: 'hour',
      rateCents: 12000,
      afterHoursSurchargePercent: 50,
      ...overrides,
    })
    .expect(201);
  return response.body as { id: string; code: string };
}

/** A support ticket opened by staff (by e-mail, unless overridden) for the customer. */
export async function createTicket(
  t: TestApp,
  customerId: string,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; number: string; version: number }> {
  const response = await t.http
    .post('/support/tickets')
    .set(bearer(t.adminToken))
    .send({
      customerId,
      channel: 'email',
      title: `Störung ${unique()}`,
      description: 'Mails kommen nicht an.',
      severity: 'normal',
      ...overrides,
    })
    .expect(201);
  return response.body as { id: string; number: string; version: number };
}

/**
 * A day at least a week back that falls on the given ISO weekday (1 = Monday), so entries on
 * it are in the past and their business hours are known.
 */
export function pastWeekday(isoWeekday: number): string {
  for (let back = 7; back < 14; back++) {
    const day = offsetDays(-back);
    const weekday = new Date(`${day}T12:00:00Z`).getUTCDay() || 7;
    if (weekday === isoWeekday) return day;
  }
  throw new Error('unreachable');
}

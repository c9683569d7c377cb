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

import { randomUUID } from 'node:crypto';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { Project } from '../../src/projects/project.entity.js';
import { SupportTimeEntry } from '../../src/support/billing.entity.js';
import type { TestApp } from './test-app.js';

/*
 * Rows written straight into the tables, for lists longer than a page: a hundred projects
 * through the API and the stage machine would take minutes. Only for what the pages list; a
 * project made here has no revisions, documents or history.
 */

async function insertAll<E extends ObjectLiteral>(t: TestApp, entity: EntityTarget<E>, rows: E[]) {
  const repository = t.app.get(DataSource).getRepository(entity);
  // In chunks: SQLite limits the parameters of one statement. Without updateEntity(false)
  // TypeORM writes the generated columns it reads back (RETURNING, in no promised order on
  // SQLite) into these objects, and one row's id can end up on another.
  for (let i = 0; i < rows.length; i += 25) {
    await repository
      .createQueryBuilder()
      .insert()
      .values(rows.slice(i, i + 25))
      .updateEntity(false)
      .execute();
  }
}

/**
 * `count` projects of the customer in `stage`, numbered `<prefix>-001`…; project i is created
 * i seconds after `after`, so the last one is the newest.
 */
export async function insertProjects(
  t: TestApp,
  options: {
    customerId: string;
    createdBy: string;
    count: number;
    prefix: string;
    stage: Project['stage'];
    after?: Date;
    agreedNetCents?: number | null;
  },
): Promise<Array<{ id: string; number: string; title: string }>> {
  const start = (options.after ?? new Date()).getTime();
  const rows = Array.from({ length: options.count }, (_, i) => {
    const n = String(i + 1).padStart(3, '0');
    return {
      id: randomUUID(),
      number: `${options.prefix}-${n}`,
      customerId: options.customerId,
      title: `Listenprojekt ${options.prefix} ${n}`,
      stage: options.stage,
      billingMode: 'fixed_price',
      background: '',
      goals: '',
      terms: null,
      vatRateBp: 1900,
      validUntil: null,
      templateId: null,
      currentRevision: 1,
      approvedRevision: options.agreedNetCents == null ? null : 1,
      agreedNetCents: options.agreedNetCents ?? null,
      completionDate: null,
      acceptedOn: null,
      cancelReason: null,
      createdBy: options.createdBy,
      createdAt: new Date(start + (i + 1) * 1000),
    } as Project;
  });
  await insertAll(t, Project, rows);
  return rows.map(({ id, number, title }) => ({ id, number, title }));
}

/** `count` time entries on the ticket, an hour apart from `from` on, described "Eintrag 001"…. */
export async function insertSupportTime(
  t: TestApp,
  options: {
    ticketId: string;
    customerId: string;
    userId: string;
    serviceId: string;
    count: number;
    from: Date;
  },
): Promise<void> {
  const rows = Array.from(
    { length: options.count },
    (_, i) =>
      ({
        id: randomUUID(),
        ticketId: options.ticketId,
        customerId: options.customerId,
        userId: options.userId,
        userLabel: 'Listen-Test',
        serviceId: options.serviceId,
        startedAt: new Date(options.from.getTime() + i * 3_600_000),
        endedAt: null,
        minutes: 15,
        afterHoursMinutes: 0,
        description: `Eintrag ${String(i + 1).padStart(3, '0')}`,
      }) as SupportTimeEntry,
  );
  await insertAll(t, SupportTimeEntry, rows);
}

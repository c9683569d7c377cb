import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, MoreThan } from 'typeorm';
import type { Actor } from '../common/access.js';
import { addDays, Clock } from '../common/clock.js';
import { keysetPage, type KeysetOrder, type KeysetPage } from '../common/pagination.js';
import { readLocked } from '../database/row-locks.js';
import type { Tx } from '../database/transactions.js';
import { AuditEntry, AuditHead } from './audit-entry.entity.js';
import { canonicalJson, ChainVerifier, entryHash, type ChainBreak } from './audit-chain.js';
import type { AuditQuery, AuditEntryResponse, AuditVerification } from './audit.dto.js';

export interface AuditEvent {
  entityType: string;
  entityId: string;
  action: string;
  /** What changed: `{ field: { from, to } }`, or a snapshot of what was created. */
  changes?: Record<string, unknown>;
  reason?: string | null;
}

/** The system itself acting, e.g. creating the first admin or sending a reminder. */
export const SYSTEM_ACTOR = 'system' as const;

const VERIFY_BATCH = 500;

/** Latest first, by the chain's own sequence. */
const AUDIT_LIST_ORDER: KeysetOrder = {
  list: 'audit',
  keys: [{ path: 'a.seq', kind: 'integer' }],
  direction: 'DESC',
};

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /**
   * Appends an entry inside the caller's transaction, so the entry and the change it records
   * commit or roll back together. The head row is locked for the rest of the transaction:
   * concurrent writers queue here and the chain never forks.
   */
  async record(
    tx: Tx,
    actor: (Pick<Actor, 'email'> & { userId: string | null }) | typeof SYSTEM_ACTOR,
    event: AuditEvent,
  ): Promise<void> {
    const head = (await readLocked<{ last_seq: number | string; last_hash: string }>(
      tx,
      'audit_head',
      1,
      ['last_seq', 'last_hash'],
    ))!;
    const fields = {
      seq: Number(head.last_seq) + 1,
      occurredAt: this.clock.now(),
      actorId: actor === SYSTEM_ACTOR ? null : actor.userId,
      actorLabel: actor === SYSTEM_ACTOR ? SYSTEM_ACTOR : actor.email,
      entityType: event.entityType,
      entityId: event.entityId,
      action: event.action,
      changes: canonicalJson(event.changes ?? {}),
      reason: event.reason ?? null,
      prevHash: head.last_hash,
    };
    const hash = entryHash(fields);
    await tx.manager.insert(AuditEntry, { ...fields, hash });
    await tx.manager.update(AuditHead, { id: 1 }, { lastSeq: fields.seq, lastHash: hash });
  }

  async list(query: AuditQuery): Promise<KeysetPage<AuditEntryResponse>> {
    const qb = this.dataSource.getRepository(AuditEntry).createQueryBuilder('a');
    if (query.entityType) qb.andWhere('a.entityType = :type', { type: query.entityType });
    if (query.entityId) qb.andWhere('a.entityId = :entityId', { entityId: query.entityId });
    if (query.actor) qb.andWhere('a.actorLabel = :actor', { actor: query.actor.toLowerCase() });
    if (query.action) qb.andWhere('a.action = :action', { action: query.action });
    const zone = this.clock.timeZone;
    if (query.from) qb.andWhere('a.occurredAt >= :from', { from: dayStart(query.from, zone) });
    if (query.to) qb.andWhere('a.occurredAt < :to', { to: dayStart(addDays(query.to, 1), zone) });
    return keysetPage(qb, AUDIT_LIST_ORDER, query, (rows) => rows.map(toAuditEntryResponse));
  }

  /** Recomputes the whole chain and names the first entry that does not fit. */
  async verify(): Promise<AuditVerification> {
    const entries = this.dataSource.getRepository(AuditEntry);
    const verifier = new ChainVerifier();
    let lastSeq = 0;
    let broken: ChainBreak | null = null;
    while (!broken) {
      const batch = await entries.find({
        where: { seq: MoreThan(lastSeq) },
        order: { seq: 'ASC' },
        take: VERIFY_BATCH,
      });
      for (const entry of batch) {
        broken = verifier.push(entry);
        if (broken) break;
      }
      if (batch.length < VERIFY_BATCH) break;
      lastSeq = batch[batch.length - 1].seq;
    }
    if (!broken) {
      const head = await this.dataSource.getRepository(AuditHead).findOneByOrFail({ id: 1 });
      broken = verifier.finish(head);
    }
    if (broken) {
      this.logger.error({ brokenAt: broken }, 'audit chain verification failed');
      return { valid: false, checkedEntries: verifier.checked, firstBroken: broken };
    }
    return { valid: true, checkedEntries: verifier.checked, lastHash: verifier.lastHash };
  }
}

export function toAuditEntryResponse(entry: AuditEntry): AuditEntryResponse {
  return {
    seq: entry.seq,
    occurredAt: entry.occurredAt.toISOString(),
    actorId: entry.actorId,
    actorLabel: entry.actorLabel,
    entityType: entry.entityType,
    entityId: entry.entityId,
    action: entry.action,
    changes: JSON.parse(entry.changes) as Record<string, unknown>,
    reason: entry.reason,
    hash: entry.hash,
    prevHash: entry.prevHash,
  };
}

/** The instant a calendar day begins in `timeZone` (a period filter's bound). */
export function dayStart(day: string, timeZone: string): Date {
  const midnightUtc = new Date(`${day}T00:00:00Z`);
  return new Date(midnightUtc.getTime() - zoneOffsetMs(midnightUtc, timeZone));
}

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`. */
function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'));
  return wall + part('second') * 1000 - instant.getTime();
}

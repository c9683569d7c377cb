import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DataSource, LessThan, Not } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { Flash } from './page-context.js';
import { WebSession } from './web-session.entity.js';

/** A session as the page guard uses it. */
export interface SessionRead {
  id: string;
  userId: string;
  csrfToken: string;
  flash: Flash | null;
}

/** A session row with the owner read beside it (`leftJoinAndMapOne`), when asked for. */
type OwnedSession<U> = WebSession & { owner?: U | null };

/** last_seen_at is written at most this often: a page view is not worth a write each time. */
const TOUCH_AFTER_MS = 60_000;

const digest = (token: string) => createHash('sha256').update(token).digest('hex');
const newToken = () => randomBytes(32).toString('base64url');

/**
 * Server-side sessions in the database, so every app instance knows every session. The cookie
 * holds a random 256-bit token; the row's id is its SHA-256.
 */
@Injectable()
export class WebSessionsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A new session for a user who just proved who they are; returns the cookie's token. */
  async start(userId: string, flash: Flash | null = null): Promise<string> {
    await this.purgeExpired();
    const token = newToken();
    const now = this.clock.now();
    const maxMs = this.config.web.sessionMaxHours * 3_600_000;
    await this.sessions().insert({
      id: digest(token),
      userId,
      csrfToken: newToken(),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + maxMs),
      flash,
    });
    return token;
  }

  /**
   * The live session behind a cookie token, or null (unknown, idle too long, past its end;
   * an expired row is deleted). `takeFlash` hands the flash out once and clears it. `owner`:
   * the entity whose row `user_id` names, read in the same statement (the shell does not know
   * the users table; the auth module passes it) and returned as `owner`.
   */
  async resolve<U extends object>(
    token: string,
    takeFlash: boolean,
    owner?: new () => U,
  ): Promise<(SessionRead & { owner: U | null }) | null> {
    const qb = this.sessions()
      .createQueryBuilder('s')
      .where('s.id = :id', { id: digest(token) });
    if (owner) qb.leftJoinAndMapOne('s.owner', owner, 'o', 'o.id = s.userId');
    const session = await qb.getOne();
    if (!session) return null;
    const now = this.clock.now();
    const idleMs = this.config.web.sessionIdleMinutes * 60_000;
    if (session.expiresAt <= now || session.lastSeenAt.getTime() + idleMs <= now.getTime()) {
      await this.sessions().delete({ id: session.id });
      return null;
    }
    const touch = now.getTime() - session.lastSeenAt.getTime() >= TOUCH_AFTER_MS;
    const clearFlash = takeFlash && session.flash !== null;
    if (touch || clearFlash) {
      await this.sessions().update(
        { id: session.id },
        { ...(touch ? { lastSeenAt: now } : {}), ...(clearFlash ? { flash: null } : {}) },
      );
    }
    const { id, userId, csrfToken, flash } = session;
    return {
      id,
      userId,
      csrfToken,
      flash: takeFlash ? flash : null,
      owner: (session as OwnedSession<U>).owner ?? null,
    };
  }

  async setFlash(sessionId: string, flash: Flash): Promise<void> {
    await this.sessions().update({ id: sessionId }, { flash });
  }

  async end(sessionId: string): Promise<void> {
    await this.sessions().delete({ id: sessionId });
  }

  /** Ends every session of a user but `keepSessionId` (after a password change). */
  async endOthers(userId: string, keepSessionId: string | null): Promise<void> {
    await this.sessions().delete({
      userId,
      ...(keepSessionId ? { id: Not(keepSessionId) } : {}),
    });
  }

  /** Drops sessions past their absolute end; idle ones go when they are next presented. */
  private async purgeExpired(): Promise<void> {
    await this.sessions().delete({ expiresAt: LessThan(this.clock.now()) });
  }

  private sessions() {
    return this.dataSource.getRepository(WebSession);
  }
}

/** Constant-time comparison of a submitted CSRF token with the session's. */
export function csrfMatches(expected: string, submitted: unknown): boolean {
  if (typeof submitted !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

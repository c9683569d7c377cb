import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { isUUID } from 'class-validator';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import { CustomersService } from '../customers/customers.service.js';
import { WebSessionsService } from '../web/web-sessions.service.js';
import type { ChangePasswordDto, LoginDto, TokenResponse, UserResponse } from './auth.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { needsRehash } from './password.js';
import { User } from './user.entity.js';
import { toUserResponse } from './users.service.js';

interface TokenPayload {
  sub: string;
  /** Fingerprint of the password hash the token was issued under (see credentialStamp). */
  pwd: string;
}

/**
 * A short digest of the stored password hash. A token carries the one it was issued under,
 * and `authenticate` compares it with the user's current hash: a password change (or any
 * reset that writes a new hash) ends every token issued before it, without a token table or
 * a migration. The digest of a salted scrypt hash tells the token's holder nothing.
 */
function credentialStamp(passwordHash: string): string {
  return createHash('sha256').update(passwordHash).digest('base64url').slice(0, 16);
}

const invalidCredentials = () =>
  new DomainError('unauthenticated', 'AUTH.INVALID_CREDENTIALS', 'E-mail or password is wrong');
const unauthenticated = (why: string) =>
  new DomainError('unauthenticated', 'AUTH.UNAUTHENTICATED', why);

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the e-mail is unknown, so both cases take the same time. */
  private readonly decoyHash: Promise<string>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    @Inject(Clock) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly customers: CustomersService,
    private readonly webSessions: WebSessionsService,
  ) {
    this.decoyHash = hasher.hash('decoy password');
  }

  async login(dto: LoginDto): Promise<TokenResponse> {
    const user = await this.verifyLogin(dto);
    const accessToken = await this.jwt.signAsync({
      sub: user.id,
      pwd: credentialStamp(user.passwordHash),
    } satisfies TokenPayload);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlMinutes * 60,
      user: toUserResponse(user),
    };
  }

  /** The web login: the same check as the API's; returns the user's id for the new session. */
  async verifyPageLogin(dto: LoginDto): Promise<string> {
    return (await this.verifyLogin(dto)).id;
  }

  /** The user as of now, after e-mail and password were checked; the login time is recorded. */
  private async verifyLogin(dto: LoginDto): Promise<User> {
    const users = this.dataSource.getRepository(User);
    const user = await users.findOneBy({ email: dto.email.toLowerCase() });
    const valid = await this.hasher.verify(
      dto.password,
      user?.passwordHash ?? (await this.decoyHash),
    );
    if (!user || !valid || !user.active) {
      this.logger.warn({ email: dto.email.toLowerCase() }, 'login failed');
      throw invalidCredentials();
    }
    const changes: Partial<User> = { lastLoginAt: this.clock.now() };
    if (needsRehash(user.passwordHash, this.config.passwordScryptLogN)) {
      changes.passwordHash = await this.hasher.hash(dto.password);
    }
    // A login is not a change of business data: no version bump (TypeORM's update adds one
    // unless the version is set; an admin's open form for this user must not go stale), no
    // audit entry.
    await users
      .createQueryBuilder()
      .update(User)
      .set({ ...changes, version: () => 'version' })
      .where('id = :id', { id: user.id })
      .execute();
    return { ...user, ...changes };
  }

  /**
   * The caller behind a web session, read on every page like a bearer token's: a deactivated
   * user or a changed role takes effect at once. Null when the user may no longer sign in.
   */
  async pageUser(userId: string): Promise<{ actor: Actor; locale: 'de' | 'en' } | null> {
    return this.pageUserOf(await this.dataSource.getRepository(User).findOneBy({ id: userId }));
  }

  /** The page's Actor and language for a user row already read (null: no such user). */
  async pageUserOf(user: User | null): Promise<{ actor: Actor; locale: 'de' | 'en' } | null> {
    if (!user || !user.active) return null;
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      customerId: user.customerId,
    };
    return { actor, locale: user.locale ?? (await this.defaultLocale(actor)) };
  }

  private async defaultLocale(actor: Actor): Promise<'de' | 'en'> {
    if (!actor.customerId) return 'de';
    return (await this.customers.findVisible(actor, actor.customerId)).language;
  }

  /** The web app's language for the user. */
  async setLocale(actor: Actor, locale: 'de' | 'en'): Promise<void> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneByOrFail(User, { id: actor.userId });
      await tx.manager.update(User, { id: actor.userId }, { locale });
      await this.audit.record(tx, actor, {
        entityType: 'user',
        entityId: actor.userId,
        action: 'updated',
        changes: { locale: { from: before.locale, to: locale } },
      });
    });
  }

  /**
   * Turns a bearer token into the caller. The user is read on every request, so a
   * deactivated user or a changed role takes effect at once, not when the token expires.
   */
  async authenticate(token: string): Promise<Actor> {
    const payload = await this.verifiedPayload(token);
    const user = await this.dataSource.getRepository(User).findOneBy({ id: payload.sub });
    if (!user || !user.active) throw unauthenticated('The user no longer exists or is deactivated');
    if (payload.pwd !== credentialStamp(user.passwordHash)) {
      throw unauthenticated('The password has changed since this token was issued');
    }
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      customerId: user.customerId,
    };
  }

  /**
   * A token this app signed, with an expiry and a user id: a token without `exp` would be
   * valid forever, and a `sub` that is not a UUID must not reach a uuid column (a 500 on
   * PostgreSQL).
   */
  private async verifiedPayload(token: string): Promise<TokenPayload> {
    let payload: Partial<TokenPayload> & { exp?: unknown };
    try {
      payload = await this.jwt.verifyAsync<TokenPayload & { exp?: unknown }>(token);
    } catch {
      throw unauthenticated('The access token is invalid or has expired');
    }
    if (
      typeof payload.exp !== 'number' ||
      typeof payload.sub !== 'string' ||
      !isUUID(payload.sub) ||
      typeof payload.pwd !== 'string'
    ) {
      throw unauthenticated('The access token is invalid or has expired');
    }
    return payload as TokenPayload;
  }

  async me(actor: Actor): Promise<UserResponse> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    return toUserResponse(user);
  }

  /**
   * A new password ends every other login: bearer tokens (their stamp) and web sessions but
   * the one it was changed in (`keepSessionId`, from the web page).
   */
  async changePassword(
    actor: Actor,
    dto: ChangePasswordDto,
    keepSessionId: string | null = null,
  ): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    if (!(await this.hasher.verify(dto.currentPassword, user.passwordHash))) {
      throw invalidCredentials();
    }
    const passwordHash = await this.hasher.hash(dto.newPassword);
    await this.transactions.run(async (tx) => {
      await tx.manager.update(User, { id: user.id }, { passwordHash });
      await this.audit.record(tx, actor, {
        entityType: 'user',
        entityId: user.id,
        action: 'password_changed',
      });
    });
    await this.webSessions.endOthers(actor.userId, keepSessionId);
  }
}

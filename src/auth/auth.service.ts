import { Inject, Injectable, Logger } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/domain-error.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Transactions } from '../database/transactions.js';
import type { ChangePasswordDto, LoginDto, TokenResponse, UserResponse } from './auth.dto.js';
import { hashPassword, needsRehash, verifyPassword } from './password.js';
import { User } from './user.entity.js';
import { toUserResponse } from './users.service.js';

interface TokenPayload {
  sub: string;
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
  ) {
    this.decoyHash = hashPassword('decoy password', config.passwordScryptLogN);
  }

  async login(dto: LoginDto): Promise<TokenResponse> {
    const users = this.dataSource.getRepository(User);
    const user = await users.findOneBy({ email: dto.email.toLowerCase() });
    const valid = await verifyPassword(dto.password, user?.passwordHash ?? (await this.decoyHash));
    if (!user || !valid || !user.active) {
      this.logger.warn({ email: dto.email.toLowerCase() }, 'login failed');
      throw invalidCredentials();
    }
    const changes: Partial<User> = { lastLoginAt: this.clock.now() };
    if (needsRehash(user.passwordHash, this.config.passwordScryptLogN)) {
      changes.passwordHash = await hashPassword(dto.password, this.config.passwordScryptLogN);
    }
    // A login is not a change of business data: no version bump, no audit entry.
    await users.update({ id: user.id }, changes);
    const accessToken = await this.jwt.signAsync({ sub: user.id } satisfies TokenPayload);
    return {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.jwtTtlMinutes * 60,
      user: toUserResponse({ ...user, ...changes }),
    };
  }

  /**
   * Turns a bearer token into the caller. The user is read on every request, so a
   * deactivated user or a changed role takes effect at once, not when the token expires.
   */
  async authenticate(token: string): Promise<Actor> {
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw unauthenticated('The access token is invalid or has expired');
    }
    const user = await this.dataSource.getRepository(User).findOneBy({ id: payload.sub });
    if (!user || !user.active) throw unauthenticated('The user no longer exists or is deactivated');
    return {
      userId: user.id,
      email: user.email,
      name: user.name,
      role: user.role,
      customerId: user.customerId,
    };
  }

  async me(actor: Actor): Promise<UserResponse> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    return toUserResponse(user);
  }

  async changePassword(actor: Actor, dto: ChangePasswordDto): Promise<void> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    if (!(await verifyPassword(dto.currentPassword, user.passwordHash))) throw invalidCredentials();
    const passwordHash = await hashPassword(dto.newPassword, this.config.passwordScryptLogN);
    await this.transactions.run(async (tx) => {
      await tx.manager.update(User, { id: user.id }, { passwordHash });
      await this.audit.record(tx, actor, {
        entityType: 'user',
        entityId: user.id,
        action: 'password_changed',
      });
    });
  }
}

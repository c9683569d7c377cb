import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { diffFields } from '../common/field-diff.js';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { Actor, Role } from '../common/access.js';
import { DomainError, notFound, validationError } from '../common/domain-error.js';
import { toPage, type Page, type PageQuery } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CustomersService } from '../customers/customers.service.js';
import { Transactions, type Tx } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import type {
  CreatedUserResponse,
  CreateUserDto,
  PasswordResetResponse,
  ResetPasswordDto,
  UpdateUserDto,
  UserResponse,
} from './auth.dto.js';
import { PasswordHasher } from './password-hasher.js';
import { generatePassword } from './password.js';
import { User } from './user.entity.js';
import { WebSessionsService } from '../web/web-sessions.service.js';

const USER_FIELDS = ['name', 'role', 'customerId', 'active'] as const;

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: Transactions,
    private readonly customers: CustomersService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly webSessions: WebSessionsService,
  ) {}

  /** First start on an empty database: create the admin, from the environment or generated. */
  async onApplicationBootstrap(): Promise<void> {
    const users = this.dataSource.getRepository(User);
    if ((await users.count()) > 0) {
      this.warnIfAdminSettingsIgnored();
      return;
    }
    const email = (this.config.admin.email ?? 'admin@freigabe.local').toLowerCase();
    const password = this.config.admin.password ?? generatePassword();
    const passwordHash = await this.hasher.hash(password);
    try {
      await this.transactions.run(async (tx) => {
        // Another instance starting at the same time may have won; then there is nothing to do.
        if ((await tx.manager.count(User)) > 0) return;
        const admin = await this.insert(tx, SYSTEM_ACTOR, {
          email,
          name: 'Administrator',
          role: 'admin',
          customerId: null,
          passwordHash,
        });
        this.logger.warn(
          this.config.admin.password
            ? `Created the first admin ${admin.email} with ADMIN_PASSWORD.`
            : `Created the first admin ${admin.email} with the generated password ${password} — it is shown only this once; change it after logging in.`,
        );
      });
    } catch (error) {
      if ((await users.count()) === 0) throw error;
    }
  }

  /** ADMIN_* only seed an empty database; a restart with them must not look like it worked. */
  private warnIfAdminSettingsIgnored(): void {
    const given = [
      this.config.admin.email !== undefined && 'ADMIN_EMAIL',
      this.config.admin.password !== undefined && 'ADMIN_PASSWORD',
    ].filter(Boolean);
    if (given.length === 0) return;
    this.logger.warn(
      `${given.join(' and ')} ignored: the database already has users, and these variables only create the first admin on an empty database. Log in with an existing admin (the first start logged its e-mail and password), or start on an empty database.`,
    );
  }

  async list(query: PageQuery): Promise<Page<UserResponse>> {
    const result = await this.dataSource
      .getRepository(User)
      .findAndCount({ order: { email: 'ASC' }, skip: query.skip, take: query.pageSize });
    return toPage(result, query, toUserResponse);
  }

  async get(id: string): Promise<UserResponse> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw notFound('USER.NOT_FOUND', id);
    return toUserResponse(user);
  }

  /** For other modules: an active staff user (e.g. a ticket's assignee), or null. */
  async findActiveStaff(
    id: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ id: string; name: string; email: string } | null> {
    const user = await manager.findOneBy(User, { id, active: true });
    if (!user || user.role === 'customer') return null;
    return { id: user.id, name: user.name, email: user.email };
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<CreatedUserResponse> {
    await this.assertCustomerBinding(actor, dto.role, dto.customerId ?? null);
    const password = dto.password ?? generatePassword();
    const passwordHash = await this.hasher.hash(password);
    const user = await this.transactions.run(async (tx) => {
      const email = dto.email.toLowerCase();
      if (await tx.manager.existsBy(User, { email })) {
        throw new DomainError(
          'conflict',
          'USER.EMAIL_TAKEN',
          `A user with e-mail ${email} exists already`,
        );
      }
      return this.insert(tx, actor, {
        email,
        name: dto.name,
        role: dto.role,
        customerId: dto.customerId ?? null,
        passwordHash,
      });
    });
    return { ...toUserResponse(user), ...(dto.password ? {} : { generatedPassword: password }) };
  }

  async update(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserResponse> {
    await this.transactions.run(async (tx) => {
      const before = await tx.manager.findOneBy(User, { id });
      if (!before) throw notFound('USER.NOT_FOUND', id);
      const { version, ...given } = dto;
      // Fields left out stay as they are (an absent field must not read as "cleared" in the
      // audit entry's changes).
      const changes = Object.fromEntries(
        Object.entries(given).filter(([, value]) => value !== undefined),
      ) as Omit<UpdateUserDto, 'version'>;
      const after = { ...before, ...changes };
      // Moving a user to a staff role unbinds it from its customer.
      if (dto.role && dto.role !== 'customer' && dto.customerId === undefined)
        after.customerId = null;
      await this.assertCustomerBinding(actor, after.role, after.customerId);
      if (before.id === actor.userId && (after.role !== 'admin' || !after.active)) {
        throw new DomainError(
          'conflict',
          'USER.SELF_LOCKOUT',
          'Admins cannot remove their own admin role or deactivate themselves',
        );
      }
      await updateVersioned(
        tx,
        User,
        id,
        version,
        { ...changes, customerId: after.customerId },
        'USER',
      );
      await this.audit.record(tx, actor, {
        entityType: 'user',
        entityId: id,
        action: 'updated',
        changes: diffFields(before, after, USER_FIELDS),
      });
    });
    return this.get(id);
  }

  /**
   * An admin sets a new password for a user (given, or generated and returned once). The
   * user's API tokens stop working at once (they are bound to the password hash) and their
   * web sessions end.
   */
  async resetPassword(
    actor: Actor,
    id: string,
    dto: ResetPasswordDto,
  ): Promise<PasswordResetResponse> {
    if (dto.password !== undefined && dto.generate) {
      throw validationError([
        { field: 'generate', messages: ['send either password or generate, not both'] },
      ]);
    }
    const password = dto.password ?? generatePassword();
    const passwordHash = await this.hasher.hash(password);
    await this.transactions.run(async (tx) => {
      const user = await tx.manager.findOneBy(User, { id });
      if (!user) throw notFound('USER.NOT_FOUND', id);
      await tx.manager.update(User, { id }, { passwordHash, version: user.version + 1 });
      await this.audit.record(tx, actor, {
        entityType: 'user',
        entityId: id,
        action: 'password_reset',
      });
    });
    await this.webSessions.endOthers(id, null);
    return dto.password ? {} : { generatedPassword: password };
  }

  private async insert(
    tx: Tx,
    actor: Actor | typeof SYSTEM_ACTOR,
    fields: Pick<User, 'email' | 'name' | 'role' | 'customerId' | 'passwordHash'>,
  ): Promise<User> {
    const user = tx.manager.create(User, {
      ...fields,
      id: randomUUID(),
      active: true,
      lastLoginAt: null,
    });
    await tx.manager.insert(User, user);
    await this.audit.record(tx, actor, {
      entityType: 'user',
      entityId: user.id,
      action: 'created',
      changes: { email: user.email, name: user.name, role: user.role, customerId: user.customerId },
    });
    return user;
  }

  private async assertCustomerBinding(actor: Actor, role: Role, customerId: string | null) {
    if (role === 'customer' && !customerId) {
      throw validationError([
        { field: 'customerId', messages: ['customerId is required for role customer'] },
      ]);
    }
    if (role !== 'customer' && customerId) {
      throw validationError([
        { field: 'customerId', messages: ['only customer users belong to a customer'] },
      ]);
    }
    if (customerId) {
      try {
        await this.customers.findVisible(actor, customerId);
      } catch {
        throw validationError([
          { field: 'customerId', messages: [`customer ${customerId} does not exist`] },
        ]);
      }
    }
  }
}

export function toUserResponse(user: User): UserResponse {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    customerId: user.customerId,
    active: user.active,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    version: user.version,
  };
}

import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { WebModule } from '../web/web.module.js';
import { CustomersModule } from '../customers/customers.module.js';
import { DatabaseRateLimitStorage } from '../database/rate-limit.storage.js';
import { Transactions } from '../database/transactions.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { PageGuard } from './page.guard.js';
import { AdminUsersPageController } from './web/admin-users.page.controller.js';
import { AdminUsersPagesService } from './web/admin-users-pages.service.js';
import { AuthPageController } from './web/auth.page.controller.js';
import { WebLoginService } from './web/web-login.service.js';
import { AuthService } from './auth.service.js';
import { resolveJwtSecret } from './jwt-secret.js';
import { PasswordHasher } from './password-hasher.js';
import { RouteAccessCheck } from './route-access.check.js';
import { User } from './user.entity.js';
import { UsersController } from './users.controller.js';
import { UsersService } from './users.service.js';

/** One account from one address: brute force on a single login is cut off first. */
const loginAccount = (req: Record<string, unknown>) => {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  return `${String(req.ip)}|${typeof email === 'string' ? email.toLowerCase() : ''}`;
};

@Module({
  imports: [
    TypeOrmModule.forFeature([User]),
    CustomersModule,
    DiscoveryModule,
    WebModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject, made once: given the string, jsonwebtoken tries (and fails) to parse it
        // as a public key on every verify before making the secret key, on every request.
        secret: createSecretKey(Buffer.from(resolveJwtSecret(config), 'utf8')),
        signOptions: { expiresIn: config.jwtTtlMinutes * 60, algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    // Only the login route uses these (ThrottlerGuard is not global).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, Transactions],
      useFactory: (config: AppConfig, transactions: Transactions) => ({
        throttlers: [
          {
            name: 'login-account',
            ttl: 60_000,
            limit: config.loginRateLimitPerMinute,
            getTracker: loginAccount,
          },
          { name: 'login-address', ttl: 60_000, limit: config.loginRateLimitPerMinute * 10 },
        ],
        // Shared by every app instance (several instances behind a load balancer).
        storage: new DatabaseRateLimitStorage(transactions),
      }),
    }),
  ],
  controllers: [AuthController, UsersController, AuthPageController, AdminUsersPageController],
  providers: [
    AuthService,
    UsersService,
    PasswordHasher,
    RouteAccessCheck,
    WebLoginService,
    AdminUsersPagesService,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useClass: PageGuard },
  ],
  exports: [AuthService, UsersService],
})
export class AuthModule {}

import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  validateSync,
  ValidateIf,
} from 'class-validator';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isValidTimeZone } from '../common/clock.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const DOCUMENT_STORAGES = ['folder', 'database'] as const;
export type DocumentStorage = (typeof DOCUMENT_STORAGES)[number];

const emptyToUndefined = ({ value }: { value: unknown }): unknown =>
  value === '' ? undefined : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
const toBool = ({ value }: { value: unknown }): unknown =>
  value === 'true' || value === '1' ? true : value === 'false' || value === '0' ? false : value;

/** The environment as the app accepts it: one property per variable, named as the variable. */
class Environment {
  @IsOptional()
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: string = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT: number = 3000;

  @IsString()
  HOST: string = '127.0.0.1';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^\s/]+\/[^\s/?]+(\?\S*)?$/, {
    message: 'must be a PostgreSQL URL like postgres://user:password@host:5432/database',
  })
  DATABASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case SQL identifier' })
  DATABASE_SCHEMA?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(200)
  DATABASE_POOL_SIZE: number = 10;

  /**
   * How long a request waits for a pooled (or new) PostgreSQL connection before it answers
   * 503; without a limit an exhausted pool would hold requests forever.
   */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(600_000)
  DATABASE_CONNECT_TIMEOUT_MS: number = 10_000;

  /** Names the app's sessions in pg_stat_activity (which instance holds what). */
  @Matches(/^[\x20-\x7e]{1,63}$/, { message: 'must be 1 to 63 printable ASCII characters' })
  DATABASE_APPLICATION_NAME: string = 'freigabe';

  @IsString()
  @MinLength(1)
  SQLITE_PATH: string = './data/freigabe.sqlite';

  @IsString()
  @MinLength(1)
  DATA_DIR: string = './data';

  @Transform(emptyToUndefined)
  @ValidateIf((env: Environment) => env.NODE_ENV === 'production' || env.JWT_SECRET !== undefined)
  @IsString({ message: 'is required in production (at least 32 characters)' })
  @MinLength(32)
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  JWT_TTL_MINUTES: number = 480;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail()
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(12)
  @MaxLength(200)
  ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(14)
  @Max(20)
  PASSWORD_SCRYPT_LOG_N: number = 17;

  /** Password hashes computed at once; libuv's thread pool (file I/O) keeps the rest. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  PASSWORD_HASH_CONCURRENCY: number = 2;

  /** Logins and password changes that may wait for a hashing slot; more get a 503. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(10_000)
  PASSWORD_HASH_QUEUE: number = 16;

  /** How long one of them waits before it gets a 503 with Retry-After. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(60_000)
  PASSWORD_HASH_WAIT_MS: number = 5000;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_RATE_LIMIT_PER_MINUTE: number = 10;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsString()
  TIMEZONE: string = 'Europe/Berlin';

  @Transform(toBool)
  @IsBoolean()
  TRUST_PROXY: boolean = false;

  /** Worker threads rendering PDFs; 0 renders on the main thread (tools only). */
  @Transform(({ value }) => toInt({ value: emptyToUndefined({ value }) }))
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(64)
  RENDER_WORKERS?: number;

  /**
   * Each render worker's V8 old generation, MiB. Without a limit V8 reserved 220–260 MiB a
   * worker for 100 MiB in use; a worker past 90 % of it is replaced.
   */
  @Transform(toInt)
  @IsInt()
  @Min(32)
  @Max(4096)
  RENDER_WORKER_HEAP_MB: number = 96;

  /** Documents a render worker renders before a warmed successor takes over. */
  @Transform(toInt)
  @IsInt()
  @Min(100)
  @Max(10_000_000)
  RENDER_WORKER_RECYCLE_DOCS: number = 10_000;

  @IsIn(DOCUMENT_STORAGES)
  DOCUMENT_STORAGE: DocumentStorage = 'folder';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  DOCUMENT_STORAGE_PATH?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  TEMPLATES_DIR?: string;

  /** smtp://user:pass@host:587 or smtps://…; unset: mails are written as .eml files. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an SMTP URL like smtp://user:pass@host:587' })
  SMTP_URL?: string;

  @IsEmail()
  MAIL_FROM: string = 'freigabe@localhost.localdomain';

  /** How often the outbox sender looks for due mail and reminders; 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(3600)
  MAIL_POLL_SECONDS: number = 10;

  /** Attempts per mail before it is marked failed. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(50)
  MAIL_MAX_ATTEMPTS: number = 8;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(90)
  SIGNOFF_TOKEN_DAYS: number = 14;

  /** Days after sending when an undecided sign-off is reminded once; 0: no reminder. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(90)
  SIGNOFF_REMINDER_DAYS: number = 7;

  /** Wrong sign-off tokens one address may try per minute before it gets 429. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10_000)
  SIGNOFF_FAILURES_PER_MINUTE: number = 10;

  /** The address customers reach the app at, for links in mails; default http://HOST:PORT. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/[^\s/]+(\/\S*)?$/, {
    message: 'must be an http(s) URL like https://freigabe.example.com',
  })
  PUBLIC_BASE_URL?: string;

  /** A web session ends after this many minutes without a request. */
  @Transform(toInt)
  @IsInt()
  @Min(5)
  @Max(7 * 24 * 60)
  WEB_SESSION_IDLE_MINUTES: number = 60;

  /** A web session ends this many hours after login, however active. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(30 * 24)
  WEB_SESSION_MAX_HOURS: number = 12;
}

export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | {
      kind: 'postgres';
      url: string;
      schema: string;
      poolSize: number;
      connectTimeoutMs: number;
      applicationName: string;
    };

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: DatabaseConfig;
  dataDir: string;
  /** Undefined outside production: the app then keeps a generated secret in DATA_DIR. */
  jwtSecret?: string;
  jwtTtlMinutes: number;
  admin: { email?: string; password?: string };
  passwordScryptLogN: number;
  passwordHashing: { concurrency: number; queue: number; waitMs: number };
  loginRateLimitPerMinute: number;
  logLevel: LogLevel;
  timezone: string;
  trustProxy: boolean;
  documents: {
    /** Size of the PDF render pool; defaults to the number of cores. */
    renderWorkers: number;
    /** Each worker's V8 old-generation limit, MiB. */
    renderWorkerHeapMb: number;
    /** Documents a worker renders before it is replaced. */
    renderWorkerRecycleDocs: number;
    /** Where issued PDF bytes live: a folder (embedded default) or the database (shared). */
    storage: DocumentStorage;
    storagePath: string;
    templatesDir: string;
  };
  mail: {
    smtpUrl?: string;
    from: string;
    /** Where .eml files go when there is no SMTP_URL. */
    outboxDir: string;
    pollSeconds: number;
    maxAttempts: number;
  };
  signoff: {
    tokenDays: number;
    reminderDays: number;
    failuresPerMinute: number;
    publicBaseUrl: string;
  };
  web: { sessionIdleMinutes: number; sessionMaxHours: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws a ConfigError naming every wrong variable. */
export function loadConfig(source: NodeJS.ProcessEnv): AppConfig {
  const env = plainToInstance(Environment, { ...source }, { exposeDefaultValues: true });
  const problems = configProblems(env, source);
  if (problems.length > 0) throw new ConfigError(problems);
  return toAppConfig(env);
}

/** Every invalid setting, each as "NAME: what is wrong". */
function configProblems(env: Environment, source: NodeJS.ProcessEnv): string[] {
  const problems = validateSync(env, { whitelist: true, forbidUnknownValues: false }).flatMap(
    (error) =>
      Object.values(error.constraints ?? {}).map(
        (message) => `${error.property}: ${message.replace(`${error.property} `, '')}`,
      ),
  );
  if (!isValidTimeZone(env.TIMEZONE)) {
    problems.push(`TIMEZONE: "${env.TIMEZONE}" is not an IANA time zone such as Europe/Berlin`);
  }
  // scrypt runs on libuv's thread pool, which file reads share: hashing must leave it a thread.
  const threadPool = Number(source.UV_THREADPOOL_SIZE ?? 4);
  if (env.PASSWORD_HASH_CONCURRENCY >= threadPool) {
    problems.push(
      `PASSWORD_HASH_CONCURRENCY: must be below libuv's thread pool size (UV_THREADPOOL_SIZE, ${threadPool}) so file I/O keeps a thread`,
    );
  }
  if (env.DATABASE_URL !== undefined && problems.length === 0) {
    try {
      new URL(env.DATABASE_URL);
    } catch {
      problems.push('DATABASE_URL: is not a parseable URL');
    }
  }
  return problems;
}

function toAppConfig(env: Environment): AppConfig {
  return {
    env: env.NODE_ENV as AppConfig['env'],
    port: env.PORT,
    host: env.HOST,
    database: env.DATABASE_URL
      ? {
          kind: 'postgres',
          url: env.DATABASE_URL,
          schema: env.DATABASE_SCHEMA ?? 'public',
          poolSize: env.DATABASE_POOL_SIZE,
          connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
          applicationName: env.DATABASE_APPLICATION_NAME,
        }
      : { kind: 'sqlite', path: env.SQLITE_PATH },
    dataDir: env.DATA_DIR,
    jwtSecret: env.JWT_SECRET,
    jwtTtlMinutes: env.JWT_TTL_MINUTES,
    admin: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD },
    passwordScryptLogN: env.PASSWORD_SCRYPT_LOG_N,
    passwordHashing: {
      concurrency: env.PASSWORD_HASH_CONCURRENCY,
      queue: env.PASSWORD_HASH_QUEUE,
      waitMs: env.PASSWORD_HASH_WAIT_MS,
    },
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    logLevel: env.LOG_LEVEL,
    timezone: env.TIMEZONE,
    trustProxy: env.TRUST_PROXY,
    documents: {
      renderWorkers: env.RENDER_WORKERS ?? availableParallelism(),
      renderWorkerHeapMb: env.RENDER_WORKER_HEAP_MB,
      renderWorkerRecycleDocs: env.RENDER_WORKER_RECYCLE_DOCS,
      storage: env.DOCUMENT_STORAGE,
      storagePath: env.DOCUMENT_STORAGE_PATH ?? join(env.DATA_DIR, 'documents'),
      // The shipped templates sit next to src/ and dist/ alike.
      templatesDir: env.TEMPLATES_DIR ?? fileURLToPath(new URL('../../templates', import.meta.url)),
    },
    mail: {
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
      outboxDir: join(env.DATA_DIR, 'outbox'),
      pollSeconds: env.MAIL_POLL_SECONDS,
      maxAttempts: env.MAIL_MAX_ATTEMPTS,
    },
    signoff: {
      tokenDays: env.SIGNOFF_TOKEN_DAYS,
      reminderDays: env.SIGNOFF_REMINDER_DAYS,
      failuresPerMinute: env.SIGNOFF_FAILURES_PER_MINUTE,
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://${env.HOST}:${env.PORT}`).replace(/\/+$/, ''),
    },
    web: {
      sessionIdleMinutes: env.WEB_SESSION_IDLE_MINUTES,
      sessionMaxHours: env.WEB_SESSION_MAX_HOURS,
    },
  };
}

/** Injection token for the validated configuration. */
export const APP_CONFIG = Symbol('APP_CONFIG');

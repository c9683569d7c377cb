import type { LoggerService } from '@nestjs/common';
import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Nest's logger interface over pino: one JSON object per line, with the Nest context as
 * `context`. Structured fields may be passed as the first argument, pino style.
 */
export class JsonLogger implements LoggerService {
  constructor(readonly pino: Logger) {}

  /** Lines go to stdout unless a destination is given (tests read the log that way). */
  static create(level: string, destination?: DestinationStream): JsonLogger {
    return new JsonLogger(pino({ level, base: { service: 'freigabe' } }, destination));
  }

  log(message: unknown, ...rest: unknown[]) {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]) {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]) {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]) {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]) {
    this.write('fatal', message, rest);
  }

  private write(
    level: 'info' | 'error' | 'warn' | 'debug' | 'trace' | 'fatal',
    message: unknown,
    rest: unknown[],
  ) {
    // Nest passes the context last; for errors it passes the stack before it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (message !== null && typeof message === 'object' && !(message instanceof Error)) {
      const text = typeof rest[0] === 'string' ? (rest.shift() as string) : undefined;
      this.pino[level]({ ...fields, ...message }, text);
      return;
    }
    if (message instanceof Error) {
      this.pino[level]({ ...fields, err: message }, message.message);
      return;
    }
    if (typeof rest[0] === 'string' && level === 'error') fields.stack = rest.shift();
    this.pino[level](fields, String(message));
  }
}

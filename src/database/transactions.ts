import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/** A unit of work: the manager to write with, and callbacks to run once it has committed. */
export interface Tx {
  readonly manager: EntityManager;
  afterCommit(callback: () => void | Promise<void>): void;
}

/**
 * Runs work in one database transaction. Every write goes through here.
 *
 * SQLite (better-sqlite3) has one connection per process and TypeORM shares it between all
 * callers: two overlapping transactions would nest as savepoints of each other and commit or
 * roll back each other's work. So on SQLite transactions queue behind an in-process lock;
 * that is correct because the embedded database serves exactly one process. PostgreSQL gets a
 * pooled connection per transaction and no lock.
 */
@Injectable()
export class Transactions {
  private readonly logger = new Logger(Transactions.name);
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type !== 'postgres';
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const callbacks: Array<() => void | Promise<void>> = [];
    const execute = () =>
      this.dataSource.transaction((manager) =>
        work({ manager, afterCommit: (callback) => callbacks.push(callback) }),
      );
    const result = this.serialize ? await this.enqueue(execute) : await execute();
    for (const callback of callbacks) {
      try {
        await callback();
      } catch (error) {
        // The transaction has committed; a failing listener must not turn it into an error.
        this.logger.error({ err: error }, 'after-commit callback failed');
      }
    }
    return result;
  }

  private enqueue<T>(execute: () => Promise<T>): Promise<T> {
    const next = this.queue.then(execute, execute);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

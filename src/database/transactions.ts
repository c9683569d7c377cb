import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * A unit of work: the manager to write with. Whatever must follow a change (an e-mail, say) is
 * written in the same transaction (the mail outbox), never run as a side effect after it.
 */
export interface Tx {
  readonly manager: EntityManager;
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
  private queue: Promise<unknown> = Promise.resolve();
  private readonly serialize: boolean;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    this.serialize = dataSource.options.type !== 'postgres';
  }

  run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const execute = () => this.dataSource.transaction((manager) => work({ manager }));
    return this.serialize ? this.enqueue(execute) : execute();
  }

  private enqueue<T>(execute: () => Promise<T>): Promise<T> {
    const next = this.queue.then(execute, execute);
    this.queue = next.catch(() => undefined);
    return next;
  }
}

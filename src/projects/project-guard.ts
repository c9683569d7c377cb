import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type SelectQueryBuilder } from 'typeorm';
import { canSeeCustomer } from '../common/access.js';
import { DomainError, notFound } from '../common/domain-error.js';
import type { Tx } from '../database/transactions.js';
import { updateVersioned } from '../database/versioned-update.js';
import { Project } from './project.entity.js';
import type { Scope } from './signer.js';
import {
  allowedActions,
  decide,
  type Action,
  type Stage,
  type StageFacts,
} from './stage-machine.js';

/** Projects already loaded in the current shared read (see ProjectGuard.sharedRead). */
const sharedReads = new AsyncLocalStorage<Map<string, Promise<Project | null>>>();

/** Loading a project for an actor, checking an action against the stage machine, saving it. */
@Injectable()
export class ProjectGuard {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The project if the actor may see it; 404 otherwise, as if it did not exist. */
  async findVisible(actor: Scope, id: string, manager?: EntityManager): Promise<Project> {
    const project = await this.load(id, manager);
    if (!project || !canSeeCustomer(actor, project.customerId))
      throw notFound('PROJECT.NOT_FOUND', id);
    return project;
  }

  /**
   * The project, as findVisible gives it, with more columns selected in the same statement
   * (`select` adds them to the query of `p`); their raw values come back beside it. In a
   * shared read the project is kept for the read's later findVisible calls, so a page that
   * starts here reads the row once. Call it before anything else loads the project.
   */
  async findVisibleWith(
    actor: Scope,
    id: string,
    select: (query: SelectQueryBuilder<Project>) => void,
  ): Promise<{ project: Project; raw: Record<string, unknown> }> {
    const query = this.dataSource
      .getRepository(Project)
      .createQueryBuilder('p')
      .where('p.id = :id', { id });
    select(query);
    const loading = query.getRawAndEntities();
    const shared = sharedReads.getStore();
    if (shared && !shared.has(id)) {
      const entity = loading.then((r) => r.entities[0] ?? null);
      entity.catch(() => undefined); // a failure reaches this caller; later ones see it too
      shared.set(id, entity);
    }
    const { entities, raw } = await loading;
    const project = entities[0];
    if (!project || !canSeeCustomer(actor, project.customerId))
      throw notFound('PROJECT.NOT_FOUND', id);
    return { project, raw: raw[0] as Record<string, unknown> };
  }

  /**
   * Runs `read` (reads only) with each project loaded once: a page that asks six services for
   * a project's parts loaded the same row six times, each service checking visibility on its
   * own (which it still does, on the shared row). Transactions (a `manager`) always read afresh.
   */
  sharedRead<T>(read: () => Promise<T>): Promise<T> {
    return sharedReads.run(new Map(), read);
  }

  private load(id: string, manager?: EntityManager): Promise<Project | null> {
    const shared = manager ? undefined : sharedReads.getStore();
    const loaded = shared?.get(id);
    if (loaded) return loaded;
    const loading = (manager ?? this.dataSource.manager).findOneBy(Project, { id });
    shared?.set(id, loading);
    return loading;
  }

  /**
   * 409 naming the stage and what is allowed when the stage is wrong, 403 when the actor's
   * role may not take the action at all. Returns the stage the action leads to.
   */
  assertCan(project: Project, action: Action, actor: Scope, facts: StageFacts = {}): Stage {
    const decision = decide(project.stage, action, actor.role, facts);
    if (decision.allowed) return decision.next;
    if (decision.reason === 'forbidden') {
      throw new DomainError(
        'forbidden',
        'PROJECT.FORBIDDEN',
        `Role ${actor.role} may not ${action} a project`,
      );
    }
    throw new DomainError(
      'conflict',
      'PROJECT.INVALID_ACTION',
      `A project in stage ${project.stage} cannot ${action}; allowed now: ${allowedActions(project.stage, actor.role).join(', ') || 'nothing'}`,
      {
        currentStage: project.stage,
        action,
        allowedActions: allowedActions(project.stage, actor.role),
      },
    );
  }

  /**
   * Saves the project's changes if nobody else changed it since it was read (or since the
   * version the client names). Every change to the aggregate goes through here first, so of
   * two concurrent actions exactly one wins and the other gets 409.
   */
  async save(
    tx: Tx,
    project: Project,
    changes: Partial<Project>,
    clientVersion?: number,
  ): Promise<void> {
    this.assertVersion(project, clientVersion);
    await updateVersioned(tx, Project, project.id, project.version, changes, 'PROJECT');
    Object.assign(project, changes, { version: project.version + 1 });
  }

  /** 409 when the client edited an older version than the one stored. */
  assertVersion(project: Project, clientVersion: number | undefined): void {
    if (clientVersion !== undefined && clientVersion !== project.version) {
      throw new DomainError(
        'conflict',
        'PROJECT.VERSION_CONFLICT',
        `The project was changed by someone else (you have version ${clientVersion}, it is at ${project.version}); reload and try again.`,
        { expectedVersion: clientVersion, currentVersion: project.version },
      );
    }
  }
}

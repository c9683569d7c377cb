import { Injectable } from '@nestjs/common';
import { AsyncLocalStorage } from 'node:async_hooks';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
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

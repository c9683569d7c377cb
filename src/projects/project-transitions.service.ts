import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service.js';
import type { Actor } from '../common/access.js';
import { Transactions, type Tx } from '../database/transactions.js';
import type { ProjectResponse } from './dto/project.dto.js';
import { issuerOf, type Issuer } from './project-documents.service.js';
import { ProjectGuard } from './project-guard.js';
import type { Project } from './project.entity.js';
import { ProjectsService } from './projects.service.js';
import {
  auditActorOf,
  issuerOf as signerIssuer,
  scopeOf,
  type AuditActor,
  type Signer,
} from './signer.js';
import type { Action, Stage, StageFacts } from './stage-machine.js';

/** Who moves a project: whose data they see, who the audit names, who issues the documents. */
export interface By extends Issuer {
  audit: AuditActor | typeof SYSTEM_ACTOR;
}

export function byActor(actor: Actor): By {
  return { ...issuerOf(actor), audit: actor };
}

export function bySigner(signer: Signer): By {
  return { scope: scopeOf(signer), actor: signerIssuer(signer), audit: auditActorOf(signer) };
}

/**
 * What a transition does besides moving the stage, worked out before the project row is
 * written: the row's further fields, the audit details, and `record`, which writes the
 * transition's own rows and issues its document from the data the step already has.
 */
export interface Step {
  changes?: Partial<Project>;
  details?: Record<string, unknown>;
  reason?: string | null;
  record?: () => Promise<void>;
}

export type StepOf = (tx: Tx, project: Project, next: Stage) => Promise<Step>;

/** The one way a project moves: the stage machine, one versioned write, its rows, its audit. */
@Injectable()
export class ProjectTransitions {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly guard: ProjectGuard,
    private readonly projects: ProjectsService,
  ) {}

  /** A transition in its own transaction, answered with the project as the actor sees it. */
  async act(
    actor: Actor,
    id: string,
    action: Action,
    clientVersion: number | undefined,
    step: StepOf,
    facts?: (tx: Tx, project: Project) => Promise<StageFacts>,
  ): Promise<ProjectResponse> {
    await this.transactions.run((tx) =>
      this.run(tx, byActor(actor), id, action, clientVersion, step, facts),
    );
    return this.projects.get(actor, id);
  }

  /**
   * Load, check the stage machine, work out the step, then write the project row once (stage
   * and changes together; the version check makes exactly one of two concurrent actions win)
   * before the step's own rows and documents, and audit from → to.
   */
  async run(
    tx: Tx,
    by: By,
    id: string,
    action: Action,
    clientVersion: number | undefined,
    step: StepOf,
    facts?: (tx: Tx, project: Project) => Promise<StageFacts>,
  ): Promise<Project> {
    const project = await this.guard.findVisible(by.scope, id, tx.manager);
    const from = project.stage;
    // The stage first (409 naming the allowed actions), then the facts: they read rows that
    // exist only in the right stage (complete_qa's open round), and may fail on their own.
    let next = this.guard.assertCan(project, action, by.scope);
    if (facts) next = this.guard.assertCan(project, action, by.scope, await facts(tx, project));
    this.guard.assertVersion(project, clientVersion);
    const outcome = await step(tx, project, next);
    await this.guard.save(tx, project, { stage: next, ...outcome.changes });
    await outcome.record?.();
    await this.audit.record(tx, by.audit, {
      entityType: 'project',
      entityId: project.id,
      action,
      changes: { ...(from === next ? {} : { stage: { from, to: next } }), ...outcome.details },
      reason: outcome.reason ?? null,
    });
    return project;
  }
}

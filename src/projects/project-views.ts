import type { Actor } from '../common/access.js';
import { formatQuantity } from '../common/money.js';
import { basisPointsToPercent } from '../common/percent.js';
import type {
  ApprovalResponse,
  EstimateLineResponse,
  EstimateTotalsResponse,
  ProjectResponse,
  ProjectSummaryResponse,
  RequirementResponse,
} from './dto/project.dto.js';
import { estimateTotals, type EstimateLine, type EstimateTotals } from './estimate.js';
import type { EstimateItem, Project, Requirement } from './project.entity.js';
import type { RequirementSnapshot } from './revision-diff.js';
import type { RevisionDecision } from './revision.entity.js';
import { allowedActions } from './stage-machine.js';

export function toLine(item: EstimateItem): EstimateLine & { position: number } {
  return {
    id: item.id,
    position: item.position,
    title: item.title,
    description: item.description,
    quantity: item.quantity,
    unit: item.unit,
    unitPriceCents: item.unitPriceCents,
    optional: item.optional,
  };
}

export function toRequirementSnapshot(
  requirement: Requirement,
  index: number,
): RequirementSnapshot {
  return {
    id: requirement.id,
    number: index + 1,
    text: requirement.text,
    priority: requirement.priority,
    acceptanceCriterion: requirement.acceptanceCriterion,
    solution: requirement.solution,
  };
}

export function toSummary(project: Project): ProjectSummaryResponse {
  return {
    id: project.id,
    number: project.number,
    customerId: project.customerId,
    title: project.title,
    stage: project.stage,
    billingMode: project.billingMode,
    completionDate: project.completionDate,
    agreedNetCents: project.agreedNetCents,
    version: project.version,
  };
}

export function toTotalsResponse(totals: EstimateTotals): EstimateTotalsResponse {
  return {
    requiredNetCents: totals.requiredNetCents,
    optionalNetCents: totals.optionalNetCents,
    netCents: totals.netCents,
    vatRate: basisPointsToPercent(totals.vatRateBp),
    vatCents: totals.vatCents,
    grossCents: totals.grossCents,
  };
}

export function toApproval(decision: RevisionDecision | null): ApprovalResponse | null {
  if (!decision || decision.decision !== 'approved') return null;
  return {
    revision: decision.revisionNumber,
    approvedAt: decision.signedAt.toISOString(),
    approvedBy: decision.signerName,
    method: decision.method,
    chosenOptionalItemIds: decision.chosenOptionalItemIds,
    agreedNetCents: decision.agreedNetCents ?? 0,
  };
}

export function toProjectResponse(
  actor: Actor,
  project: Project,
  requirements: Requirement[],
  items: EstimateItem[],
  approval: RevisionDecision | null,
  budget: ProjectResponse['budget'],
): ProjectResponse {
  const lines = items.map(toLine);
  const totals = estimateTotals(lines, project.vatRateBp, approval?.chosenOptionalItemIds ?? []);
  const netById = new Map(totals.lines.map((l) => [l.id, l.netCents]));
  return {
    ...toSummary(project),
    allowedActions: allowedActions(project.stage, actor.role),
    background: project.background,
    goals: project.goals,
    terms: project.terms,
    vatRate: basisPointsToPercent(project.vatRateBp),
    validUntil: project.validUntil,
    templateId: project.templateId,
    currentRevision: project.currentRevision,
    approvedRevision: project.approvedRevision,
    approval: toApproval(approval),
    acceptedOn: project.acceptedOn,
    cancelReason: project.cancelReason,
    requirements: requirements.map((r, i): RequirementResponse => ({
      ...toRequirementSnapshot(r, i),
    })),
    items: items.map((item): EstimateLineResponse => ({
      id: item.id,
      position: item.position,
      title: item.title,
      description: item.description,
      quantity: formatQuantity(item.quantity),
      unit: item.unit,
      unitPriceCents: item.unitPriceCents,
      netCents: netById.get(item.id)!,
      optional: item.optional,
      serviceRateId: item.serviceRateId,
    })),
    totals: toTotalsResponse(totals),
    budget,
    createdAt: project.createdAt.toISOString(),
    updatedAt: project.updatedAt.toISOString(),
  };
}

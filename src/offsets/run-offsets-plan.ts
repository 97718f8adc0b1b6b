/**
 * A saved offsets plan (reset or restore) executed as reviewed: the cluster must be the one planned for and every
 * planned group as the plan saw it (inactive, with the committed offsets it showed, or already at the planned ones
 * when an interrupted run is being finished); then the plan runs through the same steps as a fresh one.
 */
import type { ClusterGateway } from '../kafka/gateway.js';
import { checkPlanClusters, refuseDrift } from '../workflow/plan-file.js';
import { planClusterId } from '../workflow/plan-header.js';
import type { StepRecord, StepRunner } from '../workflow/step-runner.js';
import { executeOffsetPlan, type ExecuteResult } from './execute-reset.js';
import { offsetsPlanDrift, type OffsetsPlan } from './offsets-plan.js';
import { readResetSnapshot } from './reset-snapshot.js';

/** Refuse `plan` (exit 3, nothing changed) when the cluster is another or its groups moved since it was made. */
export async function checkOffsetsPlanDrift(plan: OffsetsPlan, gw: ClusterGateway): Promise<void> {
  const groups = plan.groups.filter((g) => g.status === 'planned').map((g) => g.group);
  const topics = [...new Set(plan.groups.flatMap((g) => g.partitions.map((p) => p.topic)))].map((topic) => ({ topic }));
  const snap = await readResetSnapshot(gw, groups, { allTopics: false, topics }, { kind: 'to-current' }, true);
  checkPlanClusters(plan, { [plan.cluster]: snap.clusterId });
  refuseDrift(plan.kind, offsetsPlanDrift(plan, snap.groups));
}

/** The journal's name of the command that executes `plan`. */
export const offsetsPlanCommand = (plan: Pick<OffsetsPlan, 'kind' | 'backup'>): string => (plan.kind === 'offsets-reset' ? 'offsets reset' : `offsets restore ${plan.backup}`);

/** Execute `plan` on `gw` (its cluster) as steps of `runner`: check, back up, commit and verify, journal. */
export function executeOffsetsPlan(plan: OffsetsPlan, gw: ClusterGateway, stateDir: string, reason: string | null, runner: StepRunner): Promise<ExecuteResult> {
  return executeOffsetPlan(gw, plan.cluster, planClusterId(plan, 'changed'), plan.groups, stateDir, offsetsPlanCommand(plan), reason, runner);
}

/** What `offsets reset` and `offsets restore` return (`--json`): the plan and, unless a dry run, its execution. */
export interface OffsetsRunResult {
  plan: OffsetsPlan;
  result: (ExecuteResult & { steps: StepRecord[] }) | null;
}

/** A saved plan (`--plan FILE`): checked for drift, then executed when `execute`, else only shown. */
export async function runSavedOffsetsPlan(plan: OffsetsPlan, gw: ClusterGateway, stateDir: string, execute: boolean, reason: string | null, runner: StepRunner): Promise<OffsetsRunResult> {
  await runner.run('check the plan against the cluster', async () => {
    await checkOffsetsPlanDrift(plan, gw);
    return { status: 'done', detail: `${plan.cluster} is cluster ${planClusterId(plan, 'changed')}; the groups are as planned` };
  });
  return { plan, result: execute ? { ...(await executeOffsetsPlan(plan, gw, stateDir, reason, runner)), steps: runner.steps } : null };
}

/**
 * One way to save, load and drift-check a plan, for every mutating command: `--plan-out FILE` writes the plan of a
 * dry run; `--plan FILE` executes it later (after a review, a change approval, or in another CI job). The file is
 * validated whole against its kind's schema before anything is contacted (exit 2 naming the JSON path), then the
 * clusters are checked to be the ones planned for, then the workflow's own drift check compares the facts the plan
 * was made from with the clusters now: any difference refuses it (exit 3) and nothing changes.
 */
import type * as z from 'zod';
import { preconditionError } from '../errors.js';
import { loadJsonFile, writeJsonFile } from '../schema/json-file.js';
import type { PlanHeader, PlanKind } from './plan-header.js';

/** The command that writes and executes each kind of plan (for messages and hints). */
export const PLAN_COMMANDS: Record<PlanKind, string> = {
  'offsets-reset': 'drctl offsets reset',
  'offsets-restore': 'drctl offsets restore',
  failover: 'drctl failover',
  failback: 'drctl failback',
};

/** Write a plan (bigints as decimal strings; written to a temporary file and renamed, never half a plan). */
export function savePlan(file: string, plan: PlanHeader): void {
  writeJsonFile(file, plan);
}

/** Read a saved plan of `kind` and validate it against `schema`; throws a DrctlError (exit 2) naming the file and the field. */
export function loadPlan<S extends z.ZodType>(schema: S, kind: PlanKind, file: string): z.output<S> {
  const cmd = PLAN_COMMANDS[kind];
  return loadJsonFile(schema, file, '--plan', `${cmd} --plan-out`, `a plan is what ${cmd} --plan-out FILE wrote (a dry run), not meant to be edited: make a new one`);
}

/** The cluster ids now, by alias. */
export type ClusterIdsNow = Record<string, string | null>;

/**
 * Refuse a plan made for other clusters: an alias whose cluster id differs from the one planned for (the config now
 * points at another cluster). An alias that does not answer (null) is left to the workflow, which knows whether it
 * needs that cluster.
 */
export function checkPlanClusters(plan: Pick<PlanHeader, 'clusters'>, now: ClusterIdsNow): void {
  for (const c of plan.clusters) {
    const id = now[c.alias];
    if (id !== undefined && id !== null && id !== c.clusterId)
      throw preconditionError('DRCTL_CLUSTER_ID_MISMATCH', `the plan is for cluster ${c.clusterId}, but ${c.alias} is ${id}`, 'the alias points at another cluster now: make a new plan against the cluster you mean');
  }
}

/** Refuse the plan when its facts drifted (the list is the workflow's drift check's findings). */
export function refuseDrift(kind: PlanKind, drift: readonly string[]): void {
  if (drift.length === 0) return;
  throw preconditionError('DRCTL_PRECONDITION', `the plan drifted: ${drift.slice(0, 3).join('; ')}${drift.length > 3 ? ` (+${drift.length - 3} more)` : ''}`, `re-plan with ${PLAN_COMMANDS[kind]} (no --plan)`);
}

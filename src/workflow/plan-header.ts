/**
 * The header every saved plan starts with, whatever the workflow: what kind of plan it is, the clusters it was made
 * for (by cluster id, so a plan cannot be executed against another cluster behind the same alias), the checks it
 * passed, failed or warned about, and its warnings. `--plan-out` writes it, `--plan` reads it back (plan-file.ts).
 */
import * as z from 'zod';
import type { SameType } from '../schema/same-type.js';

/** The workflows that save plans. */
export const PLAN_KINDS = ['offsets-reset', 'offsets-restore', 'failover', 'failback'] as const;
/** A workflow that saves plans. */
export type PlanKind = (typeof PLAN_KINDS)[number];

/** One check made while planning. A `fail` refuses what it names (a group, or the whole run). */
export interface PlanCheck {
  name: string;
  status: 'pass' | 'warn' | 'fail';
  detail: string;
}

/** What a cluster is to the plan. */
export type PlanClusterRole = 'changed' | 'source' | 'target' | 'old-primary' | 'new-primary';

/** A cluster the plan reads or changes, as it was when planned. */
export interface PlanCluster {
  alias: string;
  clusterId: string;
  role: PlanClusterRole;
}

/** The fields common to every plan. */
export interface PlanHeader<K extends PlanKind = PlanKind> {
  kind: K;
  version: 1;
  createdAt: string;
  /** The flow (source->target) for failover and failback; null for a plan on one cluster. */
  flow: string | null;
  clusters: PlanCluster[];
  checks: PlanCheck[];
  warnings: string[];
}

/** The schema of a check (plan files). */
export const planCheckSchema = z.strictObject({ name: z.string(), status: z.enum(['pass', 'warn', 'fail']), detail: z.string() });

/** The header's fields as zod schemas, spread into each plan's schema; `kind` must be the one the command executes. */
export function planHeaderShape<K extends PlanKind>(kind: K) {
  return {
    // A missing kind keeps the usual "is missing"; another kind names the command the file belongs to.
    kind: z.literal(kind, { error: (iss) => (iss.input === undefined ? undefined : `must be "${kind}": ${typeof iss.input === 'string' ? `this file holds a plan of kind "${iss.input}"` : 'this file is not a drctl plan'}`) }),
    version: z.literal(1, { error: (iss) => `must be 1 (this drctl reads plan version 1), not ${JSON.stringify(iss.input ?? null)}` }),
    createdAt: z.iso.datetime({ error: 'must be an ISO-8601 UTC time' }),
    flow: z.string().min(1).nullable(),
    clusters: z.array(z.strictObject({ alias: z.string().min(1), clusterId: z.string().min(1), role: z.enum(['changed', 'source', 'target', 'old-primary', 'new-primary']) })).min(1),
    checks: z.array(planCheckSchema),
    warnings: z.array(z.string()),
  };
}
true satisfies SameType<z.output<z.ZodObject<ReturnType<typeof planHeaderShape<'failover'>>>>, PlanHeader<'failover'>>;

/** Make a header (createdAt now). */
export function planHeader<K extends PlanKind>(kind: K, flow: string | null, clusters: PlanCluster[], checks: PlanCheck[] = [], warnings: string[] = []): PlanHeader<K> {
  return { kind, version: 1, createdAt: new Date().toISOString(), flow, clusters, checks, warnings };
}

/** The cluster id the plan recorded for `role`. */
export function planClusterId(plan: Pick<PlanHeader, 'clusters'>, role: PlanClusterRole): string {
  const c = plan.clusters.find((x) => x.role === role);
  if (!c) throw new Error(`plan has no ${role} cluster`);
  return c.clusterId;
}

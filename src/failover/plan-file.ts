/**
 * Saved failover plans: `drctl failover --plan-out FILE` writes one, `drctl failover --plan FILE` executes it. The
 * file may have been reviewed, edited or damaged in between, so it is validated whole against the schema of
 * FailoverPlan before anything is contacted or changed (safety rule 11): an offset edited to "-7", a missing
 * `partitions` list or an unknown status is refused with the file and the JSON path of the field (exit 2).
 * Offsets are decimal strings in the file and bigint inside.
 */
import * as z from 'zod';
import { GROUP_STATES } from '../kafka/gateway.js';
import { integerString, offsetString } from '../schema/offset.js';
import { groupsPlannedOnce, partitionsPlannedOnce } from '../schema/planned-once.js';
import type { SameType } from '../schema/same-type.js';
import { planHeaderShape } from '../workflow/plan-header.js';
import { loadPlan } from '../workflow/plan-file.js';
import type { FailoverPlan } from './failover-plan.js';

const partitionSchema = z.strictObject({
  sourceTopic: z.string().min(1),
  topic: z.string().min(1),
  partition: z.number().int().min(0),
  // -1 is what an untranslated partition carries (no checkpoint, so no upstream offset); it only feeds drift checks.
  upstream: integerString.nullable(),
  currentTarget: offsetString.nullable(),
  newOffset: offsetString,
  method: z.enum(['exact', 'checkpoints', 'syncs', 'agent', 'fallback']),
  expectedDuplicates: integerString.nullable(),
  recordsAtRisk: integerString.nullable(),
  note: z.string().nullable(),
});

const groupSchema = z
  .strictObject({
    group: z.string().min(1),
    targetState: z.enum(GROUP_STATES),
    status: z.enum(['planned', 'refused']),
    reason: z.string().nullable(),
    partitions: z.array(partitionSchema),
  })
  .superRefine(partitionsPlannedOnce);

/** The schema of a saved FailoverPlan (the file's JSON in, the plan with bigint offsets out). */
export const failoverPlanSchema = z
  .strictObject({
    ...planHeaderShape('failover'),
    flow: z.string(),
    source: z.string().min(1),
    target: z.string().min(1),
    mode: z.enum(['planned', 'unplanned']),
    groups: z.array(groupSchema),
    // Plans saved before failovers measured the RPO have none; executeFailover reports an empty one for them.
    rpo: z.array(z.strictObject({ topic: z.string().min(1), records: integerString.nullable(), seconds: z.number().min(0).nullable(), exact: z.boolean(), note: z.string() })).default([]),
  })
  .superRefine((p, ctx) => {
    if (p.flow !== `${p.source}->${p.target}`) ctx.addIssue({ code: 'custom', message: `must be "${p.source}->${p.target}" (source->target), not ${JSON.stringify(p.flow)}`, path: ['flow'] });
    if (!p.clusters.some((c) => c.role === 'target' && c.alias === p.target)) ctx.addIssue({ code: 'custom', message: `must name the target ${p.target} (role "target") and its cluster id`, path: ['clusters'] });
    groupsPlannedOnce(p, ctx);
  });

true satisfies SameType<z.output<typeof failoverPlanSchema>, FailoverPlan>;

/** Read and validate a saved plan; throws a DrctlError (exit 2) naming the file and the field. */
export function loadFailoverPlan(file: string): FailoverPlan {
  return loadPlan(failoverPlanSchema, 'failover', file);
}

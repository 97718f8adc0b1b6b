/**
 * Saved offsets plans: `drctl offsets reset|restore --plan-out FILE` writes the dry run's plan, `--plan FILE
 * --execute` commits it. The file is validated whole against this schema before anything is contacted (exit 2
 * naming the JSON path); then the cluster must be the one planned for and the groups as the plan saw them.
 */
import * as z from 'zod';
import { GROUP_STATES } from '../kafka/gateway.js';
import { offsetString } from '../schema/offset.js';
import { groupsPlannedOnce, partitionsPlannedOnce } from '../schema/planned-once.js';
import type { SameType } from '../schema/same-type.js';
import { loadPlan } from '../workflow/plan-file.js';
import { planHeaderShape } from '../workflow/plan-header.js';
import type { OffsetsPlan, OffsetsPlanKind } from './offsets-plan.js';

const SCENARIOS = ['to-datetime', 'by-duration', 'to-earliest', 'to-latest', 'to-current', 'shift-by', 'to-offset', 'from-file'] as const;

const groupSchema = z
  .strictObject({
    group: z.string().min(1),
    state: z.enum(GROUP_STATES),
    status: z.enum(['planned', 'refused']),
    reason: z.string().nullable(),
    partitions: z.array(z.strictObject({ topic: z.string().min(1), partition: z.number().int().min(0), current: offsetString.nullable(), target: offsetString, note: z.string().nullable() })),
    deleteGroup: z.boolean().optional(),
  })
  .superRefine(partitionsPlannedOnce);

/** The schema of a saved offsets plan of `kind`. */
export function offsetsPlanSchema(kind: OffsetsPlanKind) {
  return z
    .strictObject({
      ...planHeaderShape(kind),
      cluster: z.string().min(1),
      scenario: z.enum(SCENARIOS).nullable(),
      backup: z.string().min(1).nullable(),
      groups: z.array(groupSchema),
    })
    .superRefine((p, ctx) => {
      if (!p.clusters.some((c) => c.role === 'changed' && c.alias === p.cluster)) ctx.addIssue({ code: 'custom', message: `must name the cluster ${p.cluster} (role "changed") and its cluster id`, path: ['clusters'] });
      groupsPlannedOnce(p, ctx);
    });
}
true satisfies SameType<z.output<ReturnType<typeof offsetsPlanSchema>>, OffsetsPlan>;

/** Read and validate a saved offsets plan of `kind`; throws a DrctlError (exit 2) naming the file and the field. */
export function loadOffsetsPlan(kind: OffsetsPlanKind, file: string): OffsetsPlan {
  return loadPlan(offsetsPlanSchema(kind), kind, file);
}

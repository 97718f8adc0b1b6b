/**
 * Saved failback plans: `drctl failback --plan-out FILE` writes the plan of a dry run, `drctl failback --plan FILE
 * --execute` executes it, e.g. after a review or a change approval. The file is validated whole against the schema
 * of FailbackPlan before anything is contacted (exit 2 naming the JSON path); the execution then checks that the
 * clusters are the ones planned for and that the old primary received no record since (see run-failback.ts).
 * Offsets are decimal strings in the file and bigint inside.
 */
import * as z from 'zod';
import { GROUP_STATES, GROUP_TYPES } from '../kafka/gateway.js';
import { integerString, offsetString } from '../schema/offset.js';
import { planHeaderShape } from '../workflow/plan-header.js';
import { loadPlan } from '../workflow/plan-file.js';
import type { SameType } from '../schema/same-type.js';
import type { FailbackPlan } from './failback-plan.js';

/** The schema of a saved FailbackPlan (the file's JSON in, the plan with bigint offsets out). */
export const failbackPlanSchema = z.strictObject({
  ...planHeaderShape('failback'),
  flow: z.string().min(1),
  oldPrimary: z.string().min(1),
  newPrimary: z.string().min(1),
  topics: z.array(z.string().min(1)),
  partitions: z.array(
    z
      .strictObject({
        topic: z.string().min(1),
        partition: z.number().int().min(0),
        logStart: offsetString,
        logEnd: offsetString,
        tailFrom: offsetString,
        unreplicated: integerString.nullable(),
        firstTimestamp: z.number().nullable(),
        lastTimestamp: z.number().nullable(),
        note: z.string().nullable(),
      })
      .refine((p) => p.logStart <= p.tailFrom && p.tailFrom <= p.logEnd, { error: 'must have logStart <= tailFrom <= logEnd' }),
  ),
  tail: z.strictObject({ partitions: z.number().int().min(0), offsets: integerString, unreplicated: integerString.nullable() }),
  groups: z.array(z.strictObject({ group: z.string().min(1), type: z.enum(GROUP_TYPES), state: z.enum(GROUP_STATES), members: z.number().int().min(0), unsure: z.string().nullable(), failedOver: z.string().nullable() })),
  cleanup: z.enum(['truncate', 'delete-topics']),
  deletions: z.array(z.strictObject({ topic: z.string().min(1), partitions: z.number().int().min(0), records: integerString, compacted: z.boolean() })),
  salvage: z
    .discriminatedUnion('kind', [z.strictObject({ kind: z.literal('dir'), dir: z.string().min(1) }), z.strictObject({ kind: z.literal('topic'), topic: z.string().min(1) }), z.strictObject({ kind: z.literal('waived'), reason: z.string().min(1) })])
    .nullable(),
  reverse: z.strictObject({ flow: z.string().min(1), sandbox: z.boolean(), connect: z.string().nullable().optional(), properties: z.string(), steps: z.array(z.string()) }),
});
true satisfies SameType<z.output<typeof failbackPlanSchema>, FailbackPlan>;

/** Read and validate a saved failback plan; throws a DrctlError (exit 2) naming the file and the field. */
export function loadFailbackPlan(file: string): FailbackPlan {
  return loadPlan(failbackPlanSchema, 'failback', file);
}

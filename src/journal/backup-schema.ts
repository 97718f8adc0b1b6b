/**
 * The schema of an offset backup file (`<state dir>/backups/<id>.json`, or any file passed to
 * `drctl offsets restore --backup`). A backup is what a restore commits, so it is validated whole before the
 * restore plans anything (safety rule 11): offsets are non-negative decimal strings, partitions non-negative
 * integers, no partition twice in a group. Pinned to the OffsetBackup type, so the two cannot drift apart; the type
 * lives here rather than in journal.ts, which reads backups with this schema, so neither file imports the other.
 */
import * as z from 'zod';
import type { PartitionOffset } from '../kafka/gateway.js';
import { offsetString } from '../schema/offset.js';
import type { SameType } from '../schema/same-type.js';

/** A saved set of committed offsets. */
export interface OffsetBackup {
  id: string;
  createdAt: string;
  cluster: string;
  clusterId: string;
  reason: string | null;
  /** Group -> its committed offsets before the change. */
  groups: Record<string, PartitionOffset[]>;
}

const savedOffsets = z.array(z.strictObject({ topic: z.string().min(1), partition: z.number().int().min(0), offset: offsetString })).superRefine((offsets, ctx) => {
  // Two saved offsets for one partition: which one the group had is unknowable, so the backup cannot be trusted.
  const seen = new Map<string, number>();
  offsets.forEach((o, i) => {
    const key = `${o.topic}:${o.partition}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else ctx.addIssue({ code: 'custom', message: `${o.topic}-${o.partition} is saved twice (also at [${first}])`, path: [i] });
  });
});

/** An offset backup as saveBackup writes it (offsets as decimal strings in, bigint out). */
export const offsetBackupSchema = z.strictObject({
  id: z.string().min(1),
  createdAt: z.iso.datetime({ error: 'must be an ISO-8601 UTC time' }),
  cluster: z.string().min(1),
  clusterId: z.string().min(1),
  reason: z.string().nullable(),
  groups: z.record(z.string().min(1), savedOffsets),
});

true satisfies SameType<z.output<typeof offsetBackupSchema>, OffsetBackup>;

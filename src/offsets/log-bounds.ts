/**
 * The last check before an offset plan changes anything (safety rules 5 and 11): every planned offset must lie
 * within the target partition's log, as it is now, not as it was when the plan was made. A plan can be minutes
 * (a reviewed failover plan), days (a backup being restored) or a hand-edited file old; meanwhile retention moves
 * log starts and a recreated topic starts again at 0. Committing outside the log hands the consumer to its
 * auto.offset.reset, silently skipping or re-reading everything, so the whole plan is refused instead.
 */
import { preconditionError } from '../errors.js';
import { tpKey, type ClusterGateway } from '../kafka/gateway.js';
import type { GroupPlan } from './reset-plan.js';

/** One planned offset outside its partition's log. */
interface OutOfBounds {
  group: string;
  partition: string;
  offset: bigint;
  why: string;
}

/**
 * Refuse (DRCTL_PRECONDITION, exit 3) when a planned group's offset is negative, below its partition's log start
 * or above its log end (the high watermark; equal to it is fine: the consumer waits for the next record). Reads
 * only; throws before anything is written. Refused and delete-only groups commit nothing and are not checked.
 */
export async function checkOffsetsWithinLog(gw: ClusterGateway, clusterAlias: string, groups: readonly GroupPlan[]): Promise<void> {
  const planned = groups.filter((g) => g.status === 'planned' && !g.deleteGroup);
  const rows = planned.flatMap((g) => g.partitions.map((p) => ({ group: g.group, tp: { topic: p.topic, partition: p.partition }, offset: p.target })));
  const bad: OutOfBounds[] = rows.filter((r) => r.offset < 0n).map((r) => ({ group: r.group, partition: `${r.tp.topic}-${r.tp.partition}`, offset: r.offset, why: 'is negative' }));
  if (bad.length === 0 && rows.length > 0) {
    const tps = [...new Map(rows.map((r) => [tpKey(r.tp), r.tp])).values()];
    const [earliest, latest] = await Promise.all([gw.listOffsets(tps, 'earliest'), gw.listOffsets(tps, 'latest')]);
    const start = new Map(earliest.map((o) => [tpKey(o), o.offset]));
    const end = new Map(latest.map((o) => [tpKey(o), o.offset]));
    for (const r of rows) {
      const lo = start.get(tpKey(r.tp));
      const hi = end.get(tpKey(r.tp));
      if (lo === null || lo === undefined || hi === null || hi === undefined) continue;
      const partition = `${r.tp.topic}-${r.tp.partition}`;
      if (r.offset < lo) bad.push({ group: r.group, partition, offset: r.offset, why: `is below the log start (the log holds ${lo}..${hi})` });
      else if (r.offset > hi) bad.push({ group: r.group, partition, offset: r.offset, why: `is above the log end (the log holds ${lo}..${hi})` });
    }
  }
  if (bad.length === 0) return;
  const first = bad[0];
  const more = bad.length > 1 ? ` (+${bad.length - 1} more)` : '';
  throw preconditionError(
    'DRCTL_PRECONDITION',
    `refusing the whole plan on ${clusterAlias}: group ${first.group} ${first.partition}: offset ${first.offset} ${first.why}${more}`,
    'nothing was changed: the log moved since the plan was made (retention, deleted records, a recreated topic) or the input names offsets the partition does not hold; plan again',
  );
}

/**
 * Both sandbox profiles' test of "MirrorMaker 2 replicates": a heartbeat newer than MM2's start has reached
 * `<source>.heartbeats` on the target. MM2 exiting meanwhile fails the wait at once, naming its log.
 */
import { DrctlError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { newestTimestamp } from '../kafka/newest-record.js';
import { isOurProcess, waitFor } from './processes.js';

/** Wait (polling `target`, which is closed afterwards) until a heartbeat newer than `since` is in `topic`. */
export async function awaitMirrorHeartbeat(target: ClusterGateway, topic: string, since: number, mirror: { pid?: number; props: string; log: string }, timeoutMs: number, what = 'MirrorMaker 2 to replicate heartbeats'): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (!isOurProcess(mirror.pid, mirror.props)) throw new DrctlError('DRCTL_SANDBOX', 'MirrorMaker 2 exited during start-up', { hint: `see ${mirror.log}` });
        try {
          const t = (await target.listTopics()).find((x) => x.name === topic);
          const newest = t ? await newestTimestamp(target, topic, t.partitions) : null;
          return newest !== null && newest >= since;
        } catch {
          return false;
        }
      },
      timeoutMs,
      what,
      300,
    );
  } finally {
    await target.close();
  }
}

/** Reads the offset-syncs topic (wherever MM2 keeps it) into an OffsetSyncStore. */
import type { ClusterGateway } from '../kafka/gateway.js';
import { decodeOffsetSync } from './codecs.js';
import { OffsetSyncStore } from './offset-sync-store.js';
import { readInternalTopic } from './read-internal-topic.js';

/** The sync store of one flow, and what the read skipped. */
export interface OffsetSyncSnapshot {
  topic: string;
  exists: boolean;
  store: OffsetSyncStore;
  warnings: string[];
}

/** Read the whole offset-syncs topic to its end (bounded by `timeoutMs`). */
export async function readOffsetSyncs(gw: ClusterGateway, offsetSyncsTopic: string, timeoutMs: number): Promise<OffsetSyncSnapshot> {
  const read = await readInternalTopic(gw, offsetSyncsTopic, (r) => decodeOffsetSync(r.key!, r.value!), timeoutMs);
  return { topic: offsetSyncsTopic, exists: read.exists, store: OffsetSyncStore.fromLog(read.records.map((r) => r.value)), warnings: read.warnings };
}

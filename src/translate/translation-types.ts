/** The shapes of offset translation: its inputs, read at the edge, and one translated partition. */
import type { ExactMemo } from './exact-batch.js';
import type { ExactCheckpointsSnapshot } from '../checkpoints/exact-checkpoints.js';
import type { ClusterGateway, PartitionOffset } from '../kafka/gateway.js';
import type { CheckpointSnapshot } from '../mm2/checkpoint-reader.js';
import type { OffsetSyncStore } from '../mm2/offset-sync-store.js';
import type { ReplicationPolicy } from '../mm2/replication-policy.js';
import type { ReturnAnchors } from './return-leg.js';

/** One partition's translation (also a row of the table and of `--json`). */
export interface PartitionTranslation {
  group: string;
  sourceTopic: string;
  /** Target-side topic name. */
  topic: string;
  partition: number;
  /** The group's offset on the source (committed, or the checkpoint's upstream offset). */
  upstream: bigint;
  /** The offset to commit on the target; null when it cannot be translated. */
  downstream: bigint | null;
  method: 'checkpoints' | 'syncs' | 'exact' | 'agent' | 'none';
  /** Seconds since MM2 emitted the checkpoint used (checkpoints method). */
  checkpointAgeSeconds: number | null;
  /** The conservative (MM2) translation, when exact was computed or a checkpoint was refined. */
  conservative: bigint | null;
  /** Records the conservative translation would deliver again, compared with exact. */
  expectedDuplicates: bigint | null;
  note: string | null;
}

/** What the translation reads, prepared by the caller (I/O stays at the edge). */
export interface TranslateInputs {
  source: ClusterGateway | null;
  target: ClusterGateway;
  sourceAlias: string;
  policy: ReplicationPolicy;
  checkpoints: CheckpointSnapshot | null;
  syncs: OffsetSyncStore | null;
  /** Committed offsets on the source per group (null when the source is unreachable). */
  committed: Map<string, PartitionOffset[]> | null;
  /** Remote topics present on the target. */
  targetTopics: Set<string>;
  /**
   * Active-active: the reverse flow's offset syncs (target -> source), anchors for groups on the source that read
   * copies of the target's own topics (null: none readable; absent: no reverse flow).
   */
  returnSyncs?: ReturnAnchors | null;
  /** drctl agent's exact checkpoints, read from the target when the source is gone (else null or absent). */
  agentCheckpoints?: ExactCheckpointsSnapshot | null;
  /** Log ends on the target of the remote partitions the agent has checkpoints for (`${topic}:${partition}`). */
  agentTargetEnds?: Map<string, bigint>;
  /** Exact answers the run already has (a planned failover's wait for the mirror), and where new ones go. */
  exactMemo?: ExactMemo;
  now: number;
}

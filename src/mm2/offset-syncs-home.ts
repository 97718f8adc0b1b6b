/**
 * Where MM2 keeps a flow's offset syncs. `offsetSyncs.location` (MM2's `offset-syncs.topic.location`) puts them on
 * the flow's source (MM2's default) or its target; the topic is named after the other end of the flow
 * (`mm2-offset-syncs.<other>.internal` under the default policy). One place for the rule that five commands apply.
 */
import type { DrctlConfig } from '../config/types.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { readOffsetSyncs, type OffsetSyncSnapshot } from './offset-sync-reader.js';
import { replicationPolicyFor } from './replication-policy.js';

/** A flow's offset syncs: on its target or its source, the alias of that cluster, and the topic's name. */
export interface OffsetSyncsHome {
  onTarget: boolean;
  alias: string;
  topic: string;
}

/** Where `flow`'s offset syncs live. */
export function offsetSyncsHome(config: Pick<DrctlConfig, 'offsetSyncsLocation' | 'replicationPolicy'>, flow: { source: string; target: string }): OffsetSyncsHome {
  const onTarget = config.offsetSyncsLocation === 'target';
  const policy = replicationPolicyFor(config.replicationPolicy, flow.source);
  return { onTarget, alias: onTarget ? flow.target : flow.source, topic: policy.offsetSyncsTopic(onTarget ? flow.source : flow.target) };
}

/**
 * Read `flow`'s offset syncs from the cluster that keeps them. `source` may be null (unreachable): then only syncs
 * kept on the target can be read, and the answer is null when they live on the source.
 */
export function readFlowOffsetSyncs(
  config: Pick<DrctlConfig, 'offsetSyncsLocation' | 'replicationPolicy'>,
  flow: { source: string; target: string },
  source: ClusterGateway | null,
  target: ClusterGateway,
  timeoutMs: number,
): Promise<OffsetSyncSnapshot> | null {
  const home = offsetSyncsHome(config, flow);
  const gw = home.onTarget ? target : source;
  return gw ? readOffsetSyncs(gw, home.topic, timeoutMs) : null;
}

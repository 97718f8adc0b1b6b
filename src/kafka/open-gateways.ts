/** Opening gateways for configured clusters, and closing them however a command ends. */
import type { DrctlConfig } from '../config/types.js';
import { clusterByAlias } from '../config/cluster-by-alias.js';
import type { ClusterGateway } from './gateway.js';
import { KafkajsGateway } from './kafkajs-gateway.js';

/** Run `fn` with one gateway per alias (unknown aliases are a usage error before any connection), then close them. */
export async function withGateways<T>(config: DrctlConfig, aliases: readonly string[], timeoutMs: number, fn: (gws: Record<string, ClusterGateway>) => Promise<T>): Promise<T> {
  const clusters = aliases.map((a) => clusterByAlias(config, a));
  const gws: Record<string, ClusterGateway> = Object.fromEntries(clusters.map((c) => [c.alias, new KafkajsGateway(c, { timeoutMs })]));
  try {
    return await fn(gws);
  } finally {
    await Promise.all(Object.values(gws).map((g) => g.close()));
  }
}

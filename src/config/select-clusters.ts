import { clusterByAlias } from './cluster-by-alias.js';
import type { DrctlConfig } from './types.js';

/**
 * Narrow a config to some aliases (unknown ones are a usage error) and the flows among them; with no aliases, the
 * config is returned unchanged.
 */
export function selectClusters(config: DrctlConfig, aliases: readonly string[] | undefined): DrctlConfig {
  if (!aliases || aliases.length === 0) return config;
  const clusters = Object.fromEntries(aliases.map((a) => [a, clusterByAlias(config, a)]));
  const touches = (a: string) => a in clusters;
  return { ...config, clusters, flows: config.flows.filter((f) => touches(f.target)) };
}

import { unknownAliasError } from '../errors.js';
import type { ClusterConfig, DrctlConfig } from './types.js';

/** The cluster for an alias, or an "unknown alias" usage error (exit 2) that lists the configured ones. */
export function clusterByAlias(config: DrctlConfig, alias: string): ClusterConfig {
  const c = config.clusters[alias];
  if (!c) throw unknownAliasError(alias, Object.keys(config.clusters));
  return c;
}

import { usageError } from '../errors.js';
import { parseFlowName } from './load.js';
import { clusterByAlias } from './cluster-by-alias.js';
import { MM2_DEFAULT_FILTERS, type DrctlConfig, type FlowConfig } from './types.js';

/** MM2's default topic and group filters, as a fresh copy. */
export const defaultFlowFilters = (): Pick<FlowConfig, 'topics' | 'topicsExclude' | 'groups' | 'groupsExclude'> => ({
  topics: [...MM2_DEFAULT_FILTERS.topics],
  topicsExclude: [...MM2_DEFAULT_FILTERS.topicsExclude],
  groups: [...MM2_DEFAULT_FILTERS.groups],
  groupsExclude: [...MM2_DEFAULT_FILTERS.groupsExclude],
});

/**
 * The flow from `from` to `to`: the configured one, or (when both aliases exist but no such flow is configured) one
 * with MM2's default filters. With neither given and exactly one flow configured, that flow.
 */
export function resolveFlow(config: DrctlConfig, from?: string, to?: string): FlowConfig {
  if (from) clusterByAlias(config, from);
  if (to) clusterByAlias(config, to);
  const candidates = config.flows.filter((f) => (!from || f.source === from) && (!to || f.target === to));
  if (candidates.length === 1) return candidates[0];
  if (from && to) {
    if (from === to) throw usageError(`--from and --to are both ${from}`);
    return { source: from, target: to, ...defaultFlowFilters() };
  }
  throw usageError(candidates.length === 0 ? 'no configured flow matches' : `several flows match: ${candidates.map((f) => `${f.source}->${f.target}`).join(', ')}`, 'name the flow with --from SOURCE --to TARGET');
}

/** The source and target a `--flow SOURCE->TARGET` flag names; anything else is a usage error (exit 2). */
export function parseFlowFlag(flag: string): { source: string; target: string } {
  const f = parseFlowName(flag);
  if (!f) throw usageError(`--flow "${flag}" is not SOURCE->TARGET`, 'e.g. --flow "NYC->LON" (two different aliases)');
  return f;
}

/** The flow a `--flow SOURCE->TARGET` flag names (see resolveFlow), or the only configured flow without one. */
export function flowFromFlag(config: DrctlConfig, flag: string | undefined): FlowConfig {
  if (!flag) return resolveFlow(config);
  const f = parseFlowFlag(flag);
  return resolveFlow(config, f.source, f.target);
}

/** A flow's name as drctl writes it. */
export const flowName = (f: { source: string; target: string }): string => `${f.source}->${f.target}`;

/**
 * The configured flow a `--flow SOURCE->TARGET` flag names; without a flag, the only configured flow. Unlike
 * flowFromFlag, a flow that drctl.yaml (or the MM2 file) does not list is refused (exit 2) rather than assumed with
 * MM2's default filters: for commands that measure a running mirror (canary, report), an unconfigured flow is almost
 * always a typo or a reversed name, and guessing it sends them to ask a cluster about data nobody mirrors.
 */
export function configuredFlow(config: DrctlConfig, flag: string | undefined): FlowConfig {
  if (!flag) return resolveFlow(config);
  const f = parseFlowFlag(flag);
  const found = config.flows.find((x) => x.source === f.source && x.target === f.target);
  if (!found) throw usageError(`flow ${flowName(f)} is not configured`, config.flows.length ? `configured flows: ${config.flows.map(flowName).join(', ')}` : 'no flows are configured: add flows to drctl.yaml or pass --mm2-config');
  return found;
}

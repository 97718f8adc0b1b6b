/** Which groups a failover of `--groups-regex` / `--all-groups` means. */
import type { FlowConfig } from '../config/types.js';
import { usageError } from '../errors.js';
import { flowMirrorsGroup } from '../translate/gather-inputs.js';

/**
 * The groups of `found` the flow mirrors and (with a regex) whose whole name matches it. The flow's group filter
 * (MM2's groups / groups.exclude) applies as in offsets translate: MM2 never checkpoints a group it excludes, so
 * moving it would move it blind.
 */
export function selectGroups(flow: FlowConfig, found: readonly string[], groupsRegex?: string): string[] {
  let re: RegExp | undefined;
  try {
    re = groupsRegex ? new RegExp(`^(?:${groupsRegex})$`) : undefined;
  } catch {
    throw usageError(`--groups-regex: invalid regex "${groupsRegex}"`);
  }
  return found.filter((g) => flowMirrorsGroup(flow, g) && (!re || re.test(g)));
}

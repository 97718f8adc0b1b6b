/**
 * An RTO estimate for a flow with no journaled failover yet: the planning of an unplanned failover of every group
 * with checkpoints is run for real (it only reads), and the commit phase is estimated from one measured offset-fetch
 * round trip to the target (backup, commit and read-back per group, GROUP_PARALLELISM groups at a time).
 */
import { GROUP_PARALLELISM } from '../async/map-limit.js';
import type { DrctlConfig, FlowConfig } from '../config/types.js';
import { isDrctlError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { planFailover } from './run-failover.js';
import { StepRunner } from '../workflow/step-runner.js';

/** Estimate one flow's failover time; null (with the reason) when there is nothing to fail over. */
export async function estimateRto(config: DrctlConfig, flow: FlowConfig, source: ClusterGateway, target: ClusterGateway, timeoutMs: number): Promise<{ totalMs: number; basis: string } | { totalMs: null; basis: string }> {
  const t0 = Date.now();
  let plan;
  try {
    plan = await planFailover(config, { flow, groups: [], allGroups: true, mode: 'unplanned', fallback: { kind: 'checkpoint-time', skewMs: 60_000 }, timeoutMs, waitTimeoutMs: 0 }, source, target, new StepRunner());
  } catch (e) {
    if (isDrctlError(e) && e.kind === 'usage') return { totalMs: null, basis: `no estimate: ${e.message}` };
    throw e;
  }
  const planMs = Date.now() - t0;
  const groups = plan.groups.filter((g) => g.status === 'planned').length;
  const t1 = Date.now();
  await target.committedOffsets(plan.groups[0]?.group ?? '__drctl_probe__');
  const roundTrip = Date.now() - t1;
  const commitMs = 3 * roundTrip * Math.ceil(groups / GROUP_PARALLELISM);
  return { totalMs: planMs + commitMs, basis: `no failover journaled yet: an unplanned plan of ${groups} group(s) took ${planMs} ms (measured, reads only); commit and verify estimated at ${commitMs} ms from a ${roundTrip} ms round trip` };
}

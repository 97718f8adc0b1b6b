/**
 * Failback's reverse step on Kafka Connect: stop the old direction's connectors, then deploy the reverse flow on the
 * same Connect cluster and wait until it runs. Stopped, not deleted: a stopped connector has no tasks, so nothing
 * copies the old primary into the new one again, while its config and source offsets stay for an operator who wants
 * to look at them (or resume it after a failed drill). Idempotent: run again, it stops nothing and deploys nothing.
 */
import type { ConnectRest } from './connect-rest.js';
import { mirrorConnectorName, type MirrorConnector, type MirrorRole } from './mirror-connectors.js';
import { deployMirror, type DeployResult } from './mirror-deploy.js';
import { setMirrorState, type StateChange } from './mirror-state.js';

/** What reversing did. */
export interface ReverseResult {
  /** The old direction's connectors that were stopped now (those absent or already stopped are left out). */
  stopped: StateChange[];
  deployed: DeployResult;
  /** Whether anything changed. */
  changed: boolean;
}

const ROLES: readonly MirrorRole[] = ['source', 'checkpoint', 'heartbeat'];

/** One side of the reversal: a flow and the Connect cluster it runs (or is to run) on. */
export interface FlowOnConnect {
  rest: ConnectRest;
  flow: { source: string; target: string };
}

/** Stop `old`'s connectors, then deploy `back` (its connectors `desired`), all within `timeoutMs`. */
export async function reverseOnConnect(old: FlowOnConnect, back: FlowOnConnect & { desired: readonly MirrorConnector[] }, o: { timeoutMs: number; progress?: (line: string) => void }): Promise<ReverseResult> {
  const end = Date.now() + o.timeoutMs;
  const left = () => Math.max(1000, end - Date.now());
  const current = await old.rest.connectors();
  const live = ROLES.filter((r) => {
    const c = current[mirrorConnectorName(old.flow, r)];
    return c !== undefined && c.status.connector.state !== 'STOPPED';
  });
  if (live.length) o.progress?.(`stopping ${live.length} connector(s) of ${old.flow.source}->${old.flow.target}`);
  const stopped = live.length ? await setMirrorState(old.rest, old.flow, 'stop', left(), live) : [];
  const deployed = await deployMirror(back.rest, back.flow, back.desired, { dryRun: false, timeoutMs: left(), progress: o.progress });
  return { stopped, deployed, changed: stopped.length > 0 || deployed.changes.some((c) => c.action !== 'none') };
}

/**
 * `drctl mirror deploy`: put a flow's three connectors on a Connect cluster. Read what runs, diff it with what
 * drctl's config asks for, create or update only what differs (PUT config is idempotent), then wait until the
 * connectors and their tasks run, bounded by the deadline.
 */
import { DrctlError, isDrctlError } from '../errors.js';
import type { ConnectRest } from './connect-rest.js';
import { diffConnectors, type ConnectorChange, type MirrorConnector } from './mirror-connectors.js';
import { mirrorHealth, type MirrorHealth } from './mirror-health.js';

/** What a deploy did (or, in a dry run, would do). */
export interface DeployResult {
  flow: string;
  dryRun: boolean;
  changes: ConnectorChange[];
  /** The flow's health once it ran (null in a dry run or when nothing changed and the wait was skipped). */
  health: MirrorHealth | null;
}

/** Every connector's config as Connect has it. */
async function currentConfigs(rest: ConnectRest): Promise<Record<string, Record<string, string>>> {
  return Object.fromEntries(Object.entries(await rest.connectors()).map(([name, c]) => [name, c.info.config]));
}

/** `fn`, again while it fails with a retriable error (409: a rebalance under way) and the deadline allows. */
async function retrying<T>(fn: () => Promise<T>, end: number): Promise<T> {
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      if (!isDrctlError(e) || !e.retriable || Date.now() + 500 > end) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Deploy (or with `dryRun` only diff) `desired` for `flow`; waits up to `timeoutMs` for it to run. */
export async function deployMirror(rest: ConnectRest, flow: { source: string; target: string }, desired: readonly MirrorConnector[], o: { dryRun: boolean; timeoutMs: number; progress?: (line: string) => void }): Promise<DeployResult> {
  const name = `${flow.source}->${flow.target}`;
  const end = Date.now() + o.timeoutMs;
  const changes = diffConnectors(desired, await retrying(() => currentConfigs(rest), end));
  if (o.dryRun) return { flow: name, dryRun: true, changes, health: null };
  for (const c of changes.filter((x) => x.action !== 'none')) {
    o.progress?.(`${c.action === 'create' ? 'creating' : `updating (${c.keys.length} setting(s))`} ${c.name}`);
    await retrying(() => rest.putConfig(c.name, desired.find((d) => d.name === c.name)!.config), end);
  }
  // Wait until it runs, whether or not anything changed: a deploy that returns has a running flow.
  let health = mirrorHealth(flow, await retrying(() => rest.connectors(), end));
  while (health.verdict !== 'GO') {
    if (Date.now() > end) {
      const problems = health.connectors.flatMap((c) => c.problems.map((p) => `${c.name}: ${p}`));
      throw new DrctlError('DRCTL_WAIT_TIMEOUT', `${name} did not run within ${Math.round(o.timeoutMs / 1000)} s: ${problems.join('; ')}`, { hint: "see `drctl mirror status` and the workers' logs, or raise --timeout" });
    }
    await new Promise((r) => setTimeout(r, 500));
    health = mirrorHealth(flow, await retrying(() => rest.connectors(), end));
  }
  return { flow: name, dryRun: false, changes, health };
}

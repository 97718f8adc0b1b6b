/**
 * Pause, resume or stop a flow's MirrorMaker 2 connectors on Connect, and wait until Connect reports the state
 * asked for. Pause keeps the tasks (idle); stop removes them (0 tasks) and keeps the offsets, so resume continues
 * where the flow was. Idempotent: asking for the state a connector is in changes nothing.
 */
import { DrctlError } from '../errors.js';
import type { ConnectRest, ConnectState } from './connect-rest.js';
import { mirrorConnectorName, type MirrorRole } from './mirror-connectors.js';

/** The action, and the state Connect reports once it took effect. */
const TARGET: Record<'pause' | 'resume' | 'stop', ConnectState> = { pause: 'PAUSED', resume: 'RUNNING', stop: 'STOPPED' };

/** What each connector was and is. */
export interface StateChange {
  name: string;
  before: ConnectState | null;
  after: ConnectState;
}

/** Apply `action` to the flow's connectors (all of them, or `roles`) and wait up to `timeoutMs` for it. */
export async function setMirrorState(rest: ConnectRest, flow: { source: string; target: string }, action: 'pause' | 'resume' | 'stop', timeoutMs: number, roles: readonly MirrorRole[] = ['source', 'checkpoint', 'heartbeat']): Promise<StateChange[]> {
  const names = roles.map((r) => mirrorConnectorName(flow, r));
  const before = await Promise.all(names.map((n) => rest.status(n)));
  const missing = names.filter((_, i) => before[i] === null);
  if (missing.length) throw new DrctlError('DRCTL_PRECONDITION', `not deployed on this Connect cluster: ${missing.join(', ')}`, { hint: 'check --connect and --flow, or deploy them with `drctl mirror deploy`' });
  for (const n of names) await rest.setState(n, action);
  const end = Date.now() + timeoutMs;
  for (;;) {
    const now = await Promise.all(names.map((n) => rest.status(n)));
    if (now.every((s) => s?.connector.state === TARGET[action])) return names.map((name, i) => ({ name, before: before[i]!.connector.state, after: TARGET[action] }));
    if (Date.now() > end)
      throw new DrctlError('DRCTL_WAIT_TIMEOUT', `${action}: not every connector is ${TARGET[action]} after ${Math.round(timeoutMs / 1000)} s (${names.map((n, i) => `${n} ${now[i]?.connector.state ?? 'absent'}`).join(', ')})`, {
        hint: 'see `drctl mirror status`, or raise --timeout',
      });
    await new Promise((r) => setTimeout(r, 300));
  }
}

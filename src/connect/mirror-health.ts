/**
 * Is a flow's MirrorMaker 2 on Connect healthy? Pure: from the connectors' REST status. A healthy flow has its
 * three connectors RUNNING; the source connector at least one task (min(tasks.max, matched partitions): 0 means
 * nothing matched or the flow is off), the heartbeat connector exactly one, and the checkpoint connector tasks once
 * groups match (0 before: a warning, not a failure). Any FAILED connector or task, a paused or stopped connector, or
 * a task without a worker is NO-GO, with the first line of the failure's trace.
 */
import type { ConnectState, ExpandedConnector } from './connect-rest.js';
import { mirrorConnectorName, type MirrorRole } from './mirror-connectors.js';

/** One connector as `mirror status` shows it. */
export interface ConnectorHealth {
  role: MirrorRole;
  name: string;
  /** null: not deployed. */
  state: ConnectState | null;
  worker: string | null;
  tasks: { id: number; state: ConnectState; worker: string; trace: string | null }[];
  trace: string | null;
  problems: string[];
  warnings: string[];
}

/** A flow's verdict. */
export interface MirrorHealth {
  flow: string;
  verdict: 'GO' | 'NO-GO';
  connectors: ConnectorHealth[];
}

const firstLine = (s: string | undefined): string | null => (s ? s.split('\n')[0].trim() : null);

/** Judge the flow's connectors from `GET /connectors?expand=status&expand=info`. */
export function mirrorHealth(flow: { source: string; target: string }, connectors: Readonly<Record<string, ExpandedConnector>>): MirrorHealth {
  const roles: MirrorRole[] = ['source', 'checkpoint', 'heartbeat'];
  const out = roles.map((role): ConnectorHealth => {
    const name = mirrorConnectorName(flow, role);
    const c = connectors[name];
    if (!c) return { role, name, state: null, worker: null, tasks: [], trace: null, problems: ['not deployed (`drctl mirror deploy`)'], warnings: [] };
    const tasks = c.status.tasks.map((t) => ({ id: t.id, state: t.state, worker: t.worker_id, trace: firstLine(t.trace) })).sort((a, b) => a.id - b.id);
    const h: ConnectorHealth = { role, name, state: c.status.connector.state, worker: c.status.connector.worker_id, tasks, trace: firstLine(c.status.connector.trace), problems: [], warnings: [] };
    const state = c.status.connector.state;
    if (state === 'FAILED') h.problems.push(`connector FAILED${h.trace ? `: ${h.trace}` : ''}`);
    else if (state === 'PAUSED' || state === 'STOPPED') h.problems.push(`connector ${state}: ${role === 'source' ? 'nothing is copied' : role === 'checkpoint' ? 'no checkpoints are written' : 'no heartbeats are sent'} (\`drctl mirror resume\`)`);
    else if (state !== 'RUNNING') h.problems.push(`connector ${state}`);
    for (const t of tasks) {
      if (t.state === 'FAILED') h.problems.push(`task ${t.id} FAILED on ${t.worker}${t.trace ? `: ${t.trace}` : ''}`);
      else if (t.state === 'UNASSIGNED') h.problems.push(`task ${t.id} UNASSIGNED (a worker left; Connect reassigns its tasks after scheduled.rebalance.max.delay.ms)`);
      else if (t.state !== 'RUNNING' && state === 'RUNNING') h.problems.push(`task ${t.id} ${t.state}`);
    }
    if (state === 'RUNNING') {
      if (role === 'source' && tasks.length === 0) h.problems.push('0 tasks: no source topic matches the filters, or the flow is disabled');
      if (role === 'heartbeat' && tasks.length !== 1) h.problems.push(`${tasks.length} tasks (one expected): no heartbeats`);
      if (role === 'checkpoint' && tasks.length === 0) h.warnings.push('0 tasks: no group with committed offsets matches yet, so no checkpoints');
    }
    return h;
  });
  return { flow: `${flow.source}->${flow.target}`, verdict: out.some((c) => c.problems.length > 0) ? 'NO-GO' : 'GO', connectors: out };
}

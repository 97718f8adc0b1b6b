/** Rendering of `drctl sandbox` results. */
import type { SandboxStatus } from '../sandbox/sandbox.js';
import { palette, renderTable } from './render.js';

/** A table of sandbox components, or a line saying there is none. */
export function renderSandboxStatus(s: SandboxStatus): string {
  if (s.components.length === 0) return palette.dim(`no sandbox in ${s.stateDir} (start one with \`drctl sandbox up\`)`);
  const table = renderTable(
    ['component', 'state', 'pid', 'address', 'log'],
    s.components.map((c) => [c.flows ? `${c.component} ${c.flows.join(', ')}` : c.component, c.running ? palette.ok('running') : palette.bad('stopped'), c.pid ?? '-', c.address ?? '-', c.log]),
  );
  return `${table}\n${palette.dim(`Kafka ${s.kafkaVersion} · config ${s.config}`)}`;
}

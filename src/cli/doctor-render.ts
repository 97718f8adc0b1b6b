/** How `drctl mirror doctor` shows its findings: one block per finding (the reasons are sentences, not cells). */
import type { Finding } from '../mm2/doctor.js';
import { palette } from './render.js';

const LEVEL = { error: palette.bad, warning: palette.warn, info: palette.dim } as const;

/** Each finding with its reason and fix, then the verdict (exit 1 when any is an error). */
export function renderDoctor(file: string, findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.level === 'error').length;
  const warnings = findings.filter((f) => f.level === 'warning').length;
  const infos = findings.length - errors - warnings;
  const blocks = findings.map((f) => `${LEVEL[f.level](f.level.toUpperCase().padEnd(7))} ${f.flow ? `${f.flow}  ` : ''}${palette.bold(`${f.setting} = ${f.value}`)}  [${f.rule}]\n        why: ${f.problem}\n        fix: ${f.fix}\n`);
  const counts = `${errors} error(s), ${warnings} warning(s), ${infos} note(s)`;
  const verdict = errors > 0 ? palette.bad(`${counts}: this configuration puts DR at risk`) : palette.ok(counts);
  return `${file}\n\n${blocks.join('\n')}${blocks.length ? '\n' : ''}${verdict}\n`;
}

/**
 * The kafka-consumer-groups reset CSV: no header; `topic,partition,offset` for one group, `group,topic,partition,offset`
 * for several. Reading follows the Java tool: the 3-column form only when exactly one group is named.
 */
import { usageError } from '../errors.js';
import type { OffsetResetPlan, ResetFileRow } from './reset-plan.js';

/** Parse a reset file; a bad line is a usage error naming the file and line. */
export function parseResetCsv(text: string, file: string, singleGroup: boolean): ResetFileRow[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw usageError(`${file}: the file is empty`);
  const threeColumns = singleGroup && lines[0].split(',').length === 3;
  return lines.map((line, i) => {
    const cols = line.split(',').map((c) => c.trim());
    const want = threeColumns ? 3 : 4;
    const bad = (why: string) => usageError(`${file}:${i + 1}: ${why}: "${line}"`, threeColumns ? 'expected topic,partition,offset' : 'expected group,topic,partition,offset (or topic,partition,offset with exactly one --group)');
    if (cols.length !== want) throw bad(`expected ${want} columns, found ${cols.length}`);
    const [group, topic, partition, offset] = threeColumns ? [undefined, cols[0], cols[1], cols[2]] : [cols[0], cols[1], cols[2], cols[3]];
    if (!topic || (!threeColumns && !group)) throw bad('empty group or topic');
    if (!/^\d+$/.test(partition)) throw bad('the partition is not a number');
    if (!/^\d+$/.test(offset)) throw bad('the offset is not a non-negative integer');
    return { group, topic, partition: Number(partition), offset: BigInt(offset) };
  });
}

/** The plan as the Java tool's --export CSV. */
export function planToCsv(plan: OffsetResetPlan): string {
  const planned = plan.groups.filter((g) => g.status === 'planned');
  const several = plan.groups.length > 1;
  const rows = planned.flatMap((g) => g.partitions.map((p) => (several ? `${g.group},${p.topic},${p.partition},${p.target}` : `${p.topic},${p.partition},${p.target}`)));
  return rows.join('\n') + (rows.length ? '\n' : '');
}

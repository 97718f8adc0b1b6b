/**
 * The kafka-consumer-groups reset CSV: no header; `topic,partition,offset` for one group, `group,topic,partition,offset`
 * for several. Reading follows the Java tool: the 3-column form only when exactly one group is named.
 */
import { usageError } from '../errors.js';
import type { OffsetResetPlan, ResetFileRow } from './reset-plan.js';

/**
 * Parse a reset file; a bad line is a usage error naming the file and line. Two rows for the same group, topic and
 * partition: the Java tool keeps the last one silently (it puts each row into a map). drctl keeps an exact repeat
 * (same offset: harmless, e.g. concatenated exports) but refuses a conflicting one naming both lines, since which
 * offset the operator meant is unknowable and a wrong guess moves a group.
 */
export function parseResetCsv(text: string, file: string, singleGroup: boolean): ResetFileRow[] {
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) throw usageError(`${file}: the file is empty`);
  const threeColumns = singleGroup && lines[0].split(',').length === 3;
  const rows = lines.map((line, i) => {
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
  return withoutRepeats(rows, file);
}

/** The rows with exact repeats dropped; a conflicting repeat is refused naming both lines. */
function withoutRepeats(rows: ResetFileRow[], file: string): ResetFileRow[] {
  const firstLine = new Map<string, number>();
  const out: ResetFileRow[] = [];
  rows.forEach((r, i) => {
    const key = JSON.stringify([r.group ?? null, r.topic, r.partition]);
    const seen = firstLine.get(key);
    if (seen === undefined) {
      firstLine.set(key, i);
      out.push(r);
      return;
    }
    const prev = rows[seen];
    if (prev.offset !== r.offset) {
      const what = `${r.group === undefined ? '' : `group ${r.group} `}${r.topic}-${r.partition}`;
      throw usageError(`${file}:${i + 1}: ${what} is set to ${r.offset} here but to ${prev.offset} on line ${seen + 1}`, 'keep one row per group, topic and partition');
    }
  });
  return out;
}

/** Rows in the Java tool's CSV: 4 columns (with the group) when `severalGroups`, else 3. */
export function formatResetCsv(rows: readonly { group: string; topic: string; partition: number; offset: bigint }[], severalGroups: boolean): string {
  const lines = rows.map((r) => (severalGroups ? `${r.group},${r.topic},${r.partition},${r.offset}` : `${r.topic},${r.partition},${r.offset}`));
  return lines.join('\n') + (lines.length ? '\n' : '');
}

/** The plan as the Java tool's --export CSV. */
export function planToCsv(plan: Pick<OffsetResetPlan, 'groups'>): string {
  const rows = plan.groups.filter((g) => g.status === 'planned').flatMap((g) => g.partitions.map((p) => ({ group: g.group, topic: p.topic, partition: p.partition, offset: p.target })));
  return formatResetCsv(rows, plan.groups.length > 1);
}

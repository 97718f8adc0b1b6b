/** Rendering of `drctl offsets translate`. */
import type { PartitionTranslation } from '../translate/translate-groups.js';
import { formatAge, palette, renderTable } from './render.js';

/** A table of translated partitions. */
export function renderTranslation(r: { flow: string; partitions: PartitionTranslation[] }): string {
  if (r.partitions.length === 0) return palette.dim(`nothing to translate for ${r.flow}`);
  return renderTable(
    ['group', 'topic', 'partition', 'upstream', 'downstream', 'method', 'duplicates', 'checkpoint age', 'note'],
    r.partitions.map((p) => [
      p.group,
      p.topic,
      p.partition,
      p.upstream.toString(),
      p.downstream === null ? palette.bad('-') : p.downstream.toString(),
      p.method === 'exact' ? palette.ok(p.method) : p.method === 'none' ? palette.bad(p.method) : p.method,
      p.expectedDuplicates === null ? '-' : p.expectedDuplicates.toString(),
      formatAge(p.checkpointAgeSeconds),
      p.note ? palette.warn(p.note) : '',
    ]),
  );
}

/**
 * The rule every saved plan's schema shares: a group, or a group's partition, is planned at most once. Two rows for
 * one partition would commit one of them and journal both; two entries for one group would run it twice.
 */
import type * as z from 'zod';

/** Add an issue at `path(i)` for each item whose key an earlier item already had, naming that earlier one. */
function addRepeats<T>(ctx: z.RefinementCtx, items: readonly T[], keyOf: (x: T) => string, message: (x: T, first: number) => string, path: (i: number) => (string | number)[]): void {
  const seen = new Map<string, number>();
  items.forEach((x, i) => {
    const first = seen.get(keyOf(x));
    if (first === undefined) seen.set(keyOf(x), i);
    else ctx.addIssue({ code: 'custom', message: message(x, first), path: path(i) });
  });
}

/** A group's partitions: each at most once. */
export function partitionsPlannedOnce(g: { partitions: readonly { topic: string; partition: number }[] }, ctx: z.RefinementCtx): void {
  addRepeats(
    ctx,
    g.partitions,
    (p) => `${p.topic}:${p.partition}`,
    (p, first) => `${p.topic}-${p.partition} is planned twice (also at partitions[${first}])`,
    (i) => ['partitions', i],
  );
}

/** A plan's groups: each at most once. */
export function groupsPlannedOnce(p: { groups: readonly { group: string }[] }, ctx: z.RefinementCtx): void {
  addRepeats(
    ctx,
    p.groups,
    (g) => g.group,
    (g, first) => `group ${g.group} is planned twice (also at groups[${first}])`,
    (i) => ['groups', i, 'group'],
  );
}

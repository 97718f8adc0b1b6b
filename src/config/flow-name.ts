/** Flow names, `SOURCE->TARGET`, as MM2 writes them (`NYC->LON.enabled = true`) and drctl takes them (`--flow`). */

/** Parse a flow string `A->B`; undefined when it is not one (or names the same alias twice). */
export function parseFlowName(s: string): { source: string; target: string } | undefined {
  const m = /^\s*([A-Za-z0-9_-]+)\s*->\s*([A-Za-z0-9_-]+)\s*$/.exec(s);
  return m && m[1] !== m[2] ? { source: m[1], target: m[2] } : undefined;
}

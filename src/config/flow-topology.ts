/**
 * The shape of the configured flows as a directed graph of aliases, for the checks the config makes at load time:
 * a flow listed twice, and a cycle (NYC->LON->NYC, NYC->LON->PAR->NYC), which the identity replication policy turns
 * into records copied around without end. Pure: no config file, no messages.
 */

/** A flow as the graph sees it. */
export interface FlowEdge {
  source: string;
  target: string;
}

/** The index of the first flow that repeats an earlier one (same source and target), or undefined. */
export function repeatedFlow(flows: readonly FlowEdge[]): number | undefined {
  const seen = new Set<string>();
  for (const [i, f] of flows.entries()) {
    // Aliases cannot contain '>', so this key names one flow only.
    const key = `${f.source}->${f.target}`;
    if (seen.has(key)) return i;
    seen.add(key);
  }
  return undefined;
}

/**
 * A cycle among the flows as the aliases along it, first alias repeated at the end (['NYC', 'LON', 'NYC']), or
 * undefined. Searched in the order the flows are listed, so the cycle named is stable for one config.
 */
export function flowCycle(flows: readonly FlowEdge[]): string[] | undefined {
  const next = new Map<string, string[]>();
  for (const f of flows) next.set(f.source, [...(next.get(f.source) ?? []), f.target]);
  // Depth-first, with the aliases on the current path: reaching one of them again closes a cycle.
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (alias: string): string[] | undefined => {
    const at = path.indexOf(alias);
    if (at >= 0) return [...path.slice(at), alias];
    if (done.has(alias)) return undefined;
    path.push(alias);
    for (const t of next.get(alias) ?? []) {
      const cycle = visit(t);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(alias);
    return undefined;
  };
  for (const f of flows) {
    const cycle = visit(f.source);
    if (cycle) return cycle;
  }
  return undefined;
}

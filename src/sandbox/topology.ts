/**
 * The sandbox's topologies (the architectures drctl supports), pure: which clusters each runs, its MM2 flows, and how
 * the flows are grouped into MM2 processes.
 * - active-standby: NYC->LON (the default);
 * - active-active: NYC->LON and LON->NYC, one MM2 process running both directions;
 * - hub-spoke: NYC->AGG and LON->AGG, one MM2 process per spoke, so that one spoke's mirror can stop alone.
 */

/** A sandbox topology. */
export type SandboxTopology = 'active-standby' | 'active-active' | 'hub-spoke';
export const SANDBOX_TOPOLOGIES: readonly SandboxTopology[] = ['active-standby', 'active-active', 'hub-spoke'];

/** The aggregate cluster of the hub-and-spoke topology. */
export const SANDBOX_HUB = 'AGG';

/** A flow's two ends. */
export interface FlowEnds {
  source: string;
  target: string;
}

/** The clusters of a topology, in start order. */
export function topologyClusters(t: SandboxTopology): string[] {
  return t === 'hub-spoke' ? ['NYC', 'LON', SANDBOX_HUB] : ['NYC', 'LON'];
}

/** The MM2 processes of a topology, each with the flows it runs (the first process's first flow is the main one). */
export function topologyMirrors(t: SandboxTopology): FlowEnds[][] {
  if (t === 'active-active')
    return [
      [
        { source: 'NYC', target: 'LON' },
        { source: 'LON', target: 'NYC' },
      ],
    ];
  if (t === 'hub-spoke') return [[{ source: 'NYC', target: SANDBOX_HUB }], [{ source: 'LON', target: SANDBOX_HUB }]];
  return [[{ source: 'NYC', target: 'LON' }]];
}

/** A flow's name, as drctl.yaml and MM2 write it. */
export const flowEndsName = (f: FlowEnds): string => `${f.source}->${f.target}`;

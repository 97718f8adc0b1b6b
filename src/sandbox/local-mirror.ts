/**
 * MirrorMaker 2 that drctl runs itself: the default sandbox's or the secure profile's. Failback reverses such a flow
 * on its own; for any other MM2 it prints the steps.
 */
import { isSandboxCluster, sandboxSetMirrorFlow } from './sandbox.js';
import { isSecureSandboxCluster, secureSandboxSetMirrorFlow } from './secure-sandbox.js';

/** Sets the direction of a local MM2; true when it changed anything. */
export type SetMirrorFlow = (flow: { source: string; target: string }) => Promise<boolean>;

/** How to set the direction of the MM2 between `clusters` when a sandbox of `stateDir` runs it, else undefined. */
export function localMirrorFlowSetter(stateDir: string, clusters: readonly { alias: string; bootstrapServers: string[] }[]): SetMirrorFlow | undefined {
  if (isSandboxCluster(stateDir, clusters)) return (flow) => sandboxSetMirrorFlow(stateDir, flow);
  if (isSecureSandboxCluster(stateDir, clusters)) return (flow) => secureSandboxSetMirrorFlow(stateDir, flow);
  return undefined;
}

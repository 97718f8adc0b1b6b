/**
 * MirrorMaker 2 that drctl runs itself: the default sandbox's or the secure profile's. Failback reverses such a flow
 * on its own; for any other MM2 it prints the steps.
 */
import { isSandboxCluster, readSandboxState, sandboxRecordConnectFlow, sandboxSetMirrorFlow } from './sandbox.js';
import { isSecureSandboxCluster, readSecureSandboxState, secureSandboxRecordConnectFlow, secureSandboxSetMirrorFlow } from './secure-sandbox.js';

/** Sets the direction of a local MM2; true when it changed anything. */
export type SetMirrorFlow = (flow: { source: string; target: string }) => Promise<boolean>;

/** How to set the direction of the MM2 between `clusters` when a sandbox of `stateDir` runs it, else undefined. */
export function localMirrorFlowSetter(stateDir: string, clusters: readonly { alias: string; bootstrapServers: string[] }[]): SetMirrorFlow | undefined {
  if (isSandboxCluster(stateDir, clusters)) return (flow) => sandboxSetMirrorFlow(stateDir, flow);
  if (isSecureSandboxCluster(stateDir, clusters)) return (flow) => secureSandboxSetMirrorFlow(stateDir, flow);
  return undefined;
}

/**
 * Where the clusters are the sandbox's and its MM2 runs on Connect (which drctl reverses through the REST API, as
 * anywhere): how to record the direction the connectors now run, else undefined.
 */
export function localMirrorFlowRecorder(stateDir: string, clusters: readonly { alias: string; bootstrapServers: string[] }[]): ((flow: { source: string; target: string }) => void) | undefined {
  if (isSandboxCluster(stateDir, clusters) && readSandboxState(stateDir)?.connect) return (flow) => sandboxRecordConnectFlow(stateDir, flow);
  if (isSecureSandboxCluster(stateDir, clusters) && readSecureSandboxState(stateDir)?.connect) return (flow) => secureSandboxRecordConnectFlow(stateDir, flow);
  return undefined;
}

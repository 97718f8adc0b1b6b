/**
 * How failback reverses MirrorMaker 2, when drctl can do it itself: on the Kafka Connect cluster drctl.yaml names
 * for the flow (`connect:`), or by restarting the MM2 of a sandbox drctl runs. Otherwise (MM2 drctl cannot reach) the
 * plan's steps are for the operator.
 */
import type { DrctlConfig } from '../config/types.js';
import { configuredConnect, ConnectRest } from '../connect/connect-rest.js';
import { mirrorConnectors, runningClients } from '../connect/mirror-connectors.js';
import { reverseOnConnect } from '../connect/mirror-reverse.js';
import { localMirrorFlowSetter, localMirrorFlowRecorder } from '../sandbox/local-mirror.js';
import { resolveFlow } from '../config/resolve-flow.js';

/** A way to make MM2 run `newPrimary -> oldPrimary`; `reverse` resolves true when it changed anything. */
export interface MirrorReverser {
  via: 'connect' | 'sandbox';
  /** The REST URL of the Connect cluster the reverse flow is deployed on (via connect). */
  connectUrl: string | null;
  reverse: () => Promise<boolean>;
}

/**
 * The reverser for failing back from `oldPrimary` to `newPrimary`, or undefined when MM2 is out of drctl's reach.
 * On Connect the reverse flow goes to its own Connect cluster where drctl.yaml names one, else to the cluster that
 * ran the old direction: attached to the new primary, it writes the reverse flow's records to the old one through
 * producer overrides. Its connectors reach the clusters with the client settings of the old direction's (MM2's
 * principal, its addresses), falling back to drctl.yaml's when those are gone.
 */
export function mirrorReverser(config: DrctlConfig, oldPrimary: string, newPrimary: string, o: { timeoutMs: number; progress?: (line: string) => void }): MirrorReverser | undefined {
  const clusters = [config.clusters[oldPrimary], config.clusters[newPrimary]];
  const oldFlow = { source: oldPrimary, target: newPrimary };
  const back = resolveFlow(config, newPrimary, oldPrimary);
  const oldConnect = config.connect?.[`${oldPrimary}->${newPrimary}`];
  const backConnect = config.connect?.[`${newPrimary}->${oldPrimary}`];
  if (oldConnect || backConnect) {
    const deployTo = backConnect ?? oldConnect!;
    const rest = (entry: { url: string; username?: string }) => new ConnectRest(configuredConnect(entry), Math.min(o.timeoutMs, 30_000));
    // A sandbox on Connect records the new direction, so that restarting its workers redeploys this one.
    const record = localMirrorFlowRecorder(config.stateDir, clusters);
    return {
      via: 'connect',
      connectUrl: deployTo.url,
      reverse: async () => {
        const oldRest = rest(oldConnect ?? deployTo);
        // MM2 logs in as itself, not as drctl: the reverse flow reaches each cluster as the old one did.
        const configs = Object.fromEntries(Object.entries(await oldRest.connectors()).map(([name, c]) => [name, c.info.config]));
        const clients = runningClients(configs, oldFlow);
        const desired = mirrorConnectors({
          source: { ...config.clusters[newPrimary], ...(clients ? { client: clients.target } : {}) },
          target: { ...config.clusters[oldPrimary], ...(clients ? { client: clients.source } : {}) },
          flow: back,
          replicationPolicy: config.replicationPolicy,
          offsetSyncsLocation: config.offsetSyncsLocation,
          tuning: config.mirrorSettings,
          attachedTo: backConnect ? (backConnect.attachedTo ?? oldPrimary) : (oldConnect!.attachedTo ?? newPrimary),
        });
        const r = await reverseOnConnect({ rest: oldRest, flow: oldFlow }, { rest: rest(deployTo), flow: back, desired }, o);
        record?.(back);
        return r.changed;
      },
    };
  }
  const local = localMirrorFlowSetter(config.stateDir, clusters);
  return local && { via: 'sandbox', connectUrl: null, reverse: () => local({ source: newPrimary, target: oldPrimary }) };
}

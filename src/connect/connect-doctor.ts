/**
 * `drctl mirror doctor --connect URL`: the MM2 connectors that run on a Connect cluster, seen as the dedicated-mode
 * properties the doctor reads. Each MirrorSourceConnector makes a flow (`A->B.enabled`); its and the flow's
 * checkpoint connector's settings become `A->B.…` settings (the source connector's win where both set one, e.g.
 * tasks.max); `producer.override.*` becomes the flow's producer settings; replication factors are also set file-wide
 * (the doctor reads them there). A flow has heartbeats when a MirrorHeartbeatConnector writes into its source.
 */
import type { ExpandedConnector } from './connect-rest.js';
import { mirrorConnectorClass } from './mirror-connectors.js';

const FILE_WIDE = ['replication.factor', 'offset-syncs.topic.replication.factor', 'checkpoints.topic.replication.factor', 'heartbeats.topic.replication.factor', 'replication.policy.class'];

/** The connectors' settings as a properties lookup for diagnoseMm2. */
export function connectorsAsProperties(connectors: Readonly<Record<string, ExpandedConnector>>): (key: string) => string | undefined {
  const props = new Map<string, string>();
  const configs = Object.values(connectors).map((c) => c.info.config);
  const ofClass = (role: 'source' | 'checkpoint' | 'heartbeat') => configs.filter((c) => c['connector.class'] === mirrorConnectorClass(role));
  const aliases = new Set<string>();
  for (const src of ofClass('source')) {
    const [a, b] = [src['source.cluster.alias'], src['target.cluster.alias'] ?? 'target'];
    if (!a) continue;
    aliases.add(a).add(b);
    const flow = `${a}->${b}`;
    props.set(`${flow}.enabled`, 'true');
    const checkpoint = ofClass('checkpoint').find((c) => c['source.cluster.alias'] === a && (c['target.cluster.alias'] ?? 'target') === b);
    for (const cfg of [checkpoint ?? {}, src])
      for (const [k, v] of Object.entries(cfg)) {
        if (k.startsWith('producer.override.')) props.set(`${flow}.producer.${k.slice('producer.override.'.length)}`, v);
        else props.set(`${flow}.${k}`, v);
        if (FILE_WIDE.includes(k)) props.set(k, v);
      }
    if (!checkpoint) props.set(`${flow}.emit.checkpoints.enabled`, 'false');
    // Heartbeats travel with the data when they are written into the source: drctl's connector (aliases swapped,
    // producer pointed at the source), or one attached there with the flow's own aliases.
    const heartbeat = ofClass('heartbeat').find((h) => (h['target.cluster.alias'] === a && h['source.cluster.alias'] === b) || (h['source.cluster.alias'] === a && h['target.cluster.alias'] === b));
    props.set(`${flow}.emit.heartbeats.enabled`, String(heartbeat !== undefined && heartbeat['emit.heartbeats.enabled'] !== 'false'));
    if (heartbeat?.['heartbeats.topic.replication.factor'] !== undefined) props.set('heartbeats.topic.replication.factor', heartbeat['heartbeats.topic.replication.factor']);
  }
  props.set('clusters', [...aliases].join(', '));
  return (k) => props.get(k);
}

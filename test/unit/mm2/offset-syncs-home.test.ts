/**
 * Where a flow's offset syncs live (src/mm2/offset-syncs-home.ts): MM2's `offset-syncs.topic.location` puts the
 * topic on the flow's source (its default) or its target, named after the other end of the flow; with only the
 * target reachable, only target-kept syncs can be read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClusterGateway } from '../../../src/kafka/gateway.js';
import { offsetSyncsHome, readFlowOffsetSyncs } from '../../../src/mm2/offset-syncs-home.js';

const dflt = { type: 'default', separator: '.', internalTopicSeparatorEnabled: true } as const;
const flow = { source: 'NYC', target: 'LON' };

describe('where a flow’s offset syncs live', () => {
  it('on the target: the topic named after the source, on the target', () => {
    assert.deepEqual(offsetSyncsHome({ offsetSyncsLocation: 'target', replicationPolicy: dflt }, flow), { onTarget: true, alias: 'LON', topic: 'mm2-offset-syncs.NYC.internal' });
  });

  it('on the source (MM2’s default): the topic named after the target, on the source', () => {
    assert.deepEqual(offsetSyncsHome({ offsetSyncsLocation: 'source', replicationPolicy: dflt }, flow), { onTarget: false, alias: 'NYC', topic: 'mm2-offset-syncs.LON.internal' });
  });

  it('the reverse flow of active-active: the other cluster, the other name', () => {
    assert.deepEqual(offsetSyncsHome({ offsetSyncsLocation: 'target', replicationPolicy: dflt }, { source: 'LON', target: 'NYC' }), { onTarget: true, alias: 'NYC', topic: 'mm2-offset-syncs.LON.internal' });
  });

  it('with the source unreachable, syncs kept on the source cannot be read: null, and no cluster is asked', () => {
    const never = new Proxy({}, { get: () => assert.fail('no cluster is asked') }) as unknown as ClusterGateway;
    assert.equal(readFlowOffsetSyncs({ offsetSyncsLocation: 'source', replicationPolicy: dflt }, flow, null, never, 1000), null);
  });
});

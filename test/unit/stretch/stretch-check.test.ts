import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkStretch, type StretchSnapshot } from '../../../src/stretch/stretch-check.js';

/** Three racks, one broker each (1 on r1, 2 on r2, 3 on r3), combined controllers 1-3, and the given topics. */
function cluster(topics: StretchSnapshot['topics'], o: Partial<StretchSnapshot> = {}): StretchSnapshot {
  return {
    cluster: 'NYC',
    brokers: [
      { nodeId: 1, rack: 'r1' },
      { nodeId: 2, rack: 'r2' },
      { nodeId: 3, rack: 'r3' },
    ],
    topics,
    quorum: { leaderId: 1, voters: [1, 2, 3] },
    controllerRacks: new Map(),
    ...o,
  };
}
const topic = (name: string, replicas: number[][], minInsyncReplicas: number, uncleanLeaderElection = false) => ({ name, minInsyncReplicas, uncleanLeaderElection, partitions: replicas.map((r, partition) => ({ partition, replicas: r })) });

describe('checkStretch: one rack lost', () => {
  it('replication factor 3, one replica per rack, min.insync.replicas 2: safe', () => {
    const r = checkStretch(
      cluster([
        topic(
          'orders',
          [
            [1, 2, 3],
            [2, 3, 1],
          ],
          2,
        ),
      ]),
    );
    assert.equal(r.safe, true);
    assert.deepEqual([r.topics[0].safe, r.topics[0].writesSurvive, r.topics[0].ackedWritesSurvive, r.quorum.safe], [true, true, true, true]);
    assert.deepEqual(r.racks, ['r1', 'r2', 'r3']);
  });

  it('every replica on one rack: writes stop and acknowledged writes can be lost', () => {
    const r = checkStretch(cluster([topic('one-rack', [[1]], 1)]));
    const t = r.topics[0];
    assert.deepEqual([r.safe, t.safe, t.writesSurvive, t.ackedWritesSurvive, t.mostOnOneRack], [false, false, false, false, { rack: 'r1', replicas: 1 }]);
    assert.match(t.fixes.join('\n'), /raise the replication factor to 3 with at most 1 replica\(s\) per rack/);
    assert.match(t.fixes.join('\n'), /--entity-name one-rack --add-config min\.insync\.replicas=2/);
  });

  it('min.insync.replicas 1 with three replicas: writes go on, but an acknowledged write can sit on one rack only', () => {
    const t = checkStretch(cluster([topic('min1', [[1, 2, 3]], 1)])).topics[0];
    assert.deepEqual([t.safe, t.writesSurvive, t.ackedWritesSurvive], [false, true, false]);
    assert.deepEqual(t.fixes, ['kafka-configs --bootstrap-server <broker> --alter --entity-type topics --entity-name min1 --add-config min.insync.replicas=2']);
  });

  it('replication factor 2 over three racks is unsafe with either min.insync.replicas', () => {
    const [m1, m2] = checkStretch(cluster([topic('rf2-m1', [[1, 2]], 1), topic('rf2-m2', [[1, 2]], 2)])).topics.sort((a, b) => a.topic.localeCompare(b.topic));
    assert.deepEqual([m1.safe, m1.writesSurvive, m1.ackedWritesSurvive], [false, true, false]);
    assert.deepEqual([m2.safe, m2.writesSurvive, m2.ackedWritesSurvive], [false, false, true]);
    for (const t of [m1, m2]) assert.match(t.fixes[0], /raise the replication factor to 3/);
  });

  it('unclean leader election makes a well-placed topic unsafe', () => {
    const t = checkStretch(cluster([topic('unclean', [[1, 2, 3]], 2, true)])).topics[0];
    assert.equal(t.safe, false);
    assert.match(t.fixes[0], /unclean\.leader\.election\.enable=false/);
  });

  it('two racks, or brokers without a rack: the cluster is unsafe and says why', () => {
    const two = checkStretch(
      cluster([topic('t', [[1, 2]], 1)], {
        brokers: [
          { nodeId: 1, rack: 'r1' },
          { nodeId: 2, rack: 'r2' },
        ],
        quorum: { leaderId: 1, voters: [1, 2] },
      }),
    );
    assert.equal(two.safe, false);
    assert.match(two.problems.join('\n'), /2 rack\(s\) \(r1, r2\): a stretch cluster needs 3/);
    const none = checkStretch(cluster([topic('t', [[1]], 1)], { brokers: [{ nodeId: 1, rack: null }], quorum: { leaderId: 1, voters: [1] } }));
    assert.match(none.problems.join('\n'), /broker\(s\) 1 have no broker\.rack/);
    assert.match(none.topics[0].problems[0], /brokers without a rack/);
  });

  it('a quorum with two of three voters on one rack loses its majority with that rack', () => {
    const r = checkStretch(
      cluster([], {
        brokers: [
          { nodeId: 1, rack: 'r1' },
          { nodeId: 2, rack: 'r1' },
          { nodeId: 3, rack: 'r2' },
          { nodeId: 4, rack: 'r3' },
        ],
      }),
    );
    assert.equal(r.quorum.safe, false);
    assert.match(r.quorum.problems[0], /losing r1 takes 2 of 3 voters/);
  });

  it('dedicated controllers: unknown racks are not safe until named; named, they count', () => {
    const unknown = checkStretch(cluster([], { quorum: { leaderId: 3000, voters: [3000, 3001, 3002] } }));
    assert.deepEqual([unknown.safe, unknown.quorum.safe], [false, false]);
    assert.match(unknown.quorum.fixes[0], /--controller-rack 3000=<rack>/);
    const named = checkStretch(
      cluster([], {
        quorum: { leaderId: 3000, voters: [3000, 3001, 3002] },
        controllerRacks: new Map([
          [3000, 'r1'],
          [3001, 'r2'],
          [3002, 'r3'],
        ]),
      }),
    );
    assert.equal(named.safe, true);
  });

  it('a quorum drctl may not read is reported, and not safe', () => {
    const r = checkStretch(cluster([], { quorum: { unreadable: 'not authorized' } }));
    assert.deepEqual([r.safe, r.quorum.safe], [false, false]);
    assert.match(r.quorum.problems[0], /could not be read: not authorized/);
  });
});

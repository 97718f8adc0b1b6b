/**
 * `drctl check stretch` on the secure profile's three-broker clusters, one broker per rack (r1, r2, r3), combined
 * brokers and controllers: a topic with three replicas and min.insync.replicas 2 is safe, and each unsafe layout of
 * the issue is named with what to change: every replica on one rack, min.insync.replicas 1, replication factor 2 over
 * three racks. The quorum drctl reads is the one kafka-metadata-quorum reports.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { drctl, gatewayAs, quorumOf, topicsTool } from '../helpers/secure.js';
import { randomName } from '../helpers/sandbox.js';

interface TopicVerdict {
  topic: string;
  safe: boolean;
  replicationFactor: number;
  minInsyncReplicas: number;
  writesSurvive: boolean;
  ackedWritesSurvive: boolean;
  problems: string[];
  fixes: string[];
}
interface Report {
  safe: boolean;
  racks: string[];
  problems: string[];
  quorum: { safe: boolean; leaderId: number; voters: { nodeId: number; rack: string | null }[] };
  topics: TopicVerdict[];
}

describe('check stretch on three racks', () => {
  const prefix = randomName('st');
  const name = (what: string) => `${prefix}-${what}`;
  // The unsafe layouts go: a partition with one replica has no leader while its node is down, which later tests do.
  after(async () => {
    const admin = gatewayAs('NYC', 'admin');
    try {
      await admin.deleteTopics(['safe', 'one-rack', 'min1', 'rf2'].map(name));
    } finally {
      await admin.close();
    }
  });
  before(async () => {
    const made: [string, string[]][] = [
      ['safe', ['--replication-factor', '3']],
      ['one-rack', ['--replication-factor', '1']],
      ['min1', ['--replication-factor', '3', '--config', 'min.insync.replicas=1']],
      ['rf2', ['--replication-factor', '2']],
    ];
    for (const [what, args] of made) {
      const r = await topicsTool('NYC', ['--create', '--topic', name(what), '--partitions', '3', ...args]);
      assert.equal(r.code, 0, r.stderr);
    }
  });

  it('the safe layout alone: exit 0, three racks, a quorum of three over them as kafka-metadata-quorum reports it', async () => {
    const r = await drctl(['check', 'stretch', '--cluster', 'NYC', '--topics', name('safe'), '--json']);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const report = JSON.parse(r.stdout) as Report;
    assert.deepEqual([report.safe, report.racks, report.problems], [true, ['r1', 'r2', 'r3'], []]);
    assert.deepEqual(
      report.topics.map((t) => [t.topic, t.safe, t.replicationFactor, t.minInsyncReplicas]),
      [[name('safe'), true, 3, 2]],
    );
    assert.deepEqual(
      report.quorum.voters.map((v) => [v.nodeId, v.rack]),
      [
        [1, 'r1'],
        [2, 'r2'],
        [3, 'r3'],
      ],
    );
    const tool = await quorumOf('NYC');
    assert.deepEqual({ leaderId: report.quorum.leaderId, voters: report.quorum.voters.map((v) => v.nodeId) }, tool);
  });

  it('each unsafe layout: exit 1, the rule it breaks and the fix', async () => {
    const r = await drctl(['check', 'stretch', '--cluster', 'NYC', '--topics', `${prefix}-.*`, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as Report;
    const by = new Map(report.topics.map((t) => [t.topic.slice(prefix.length + 1), t]));
    assert.equal(report.safe, false);
    assert.deepEqual([...by].map(([k, t]) => [k, t.safe, t.writesSurvive, t.ackedWritesSurvive]).sort(), [
      ['min1', false, true, false],
      ['one-rack', false, false, false],
      ['rf2', false, false, true],
      ['safe', true, true, true],
    ]);
    assert.match(by.get('one-rack')!.fixes.join('\n'), /raise the replication factor to 3 with at most 1 replica\(s\) per rack/);
    assert.match(by.get('min1')!.fixes.join('\n'), new RegExp(`--entity-name ${name('min1')} --add-config min\\.insync\\.replicas=2`));
    assert.match(by.get('rf2')!.problems.join('\n'), /writes with acks=all stop when r\d is lost: partition \d keeps 1 of 2 replicas, fewer than min\.insync\.replicas 2/);
    assert.match(by.get('one-rack')!.problems.join('\n'), /min\.insync\.replicas 2 is above the replication factor 1 of partition 0 \(and 2 more partition\(s\)\): writes with acks=all are always refused/);
    assert.match(by.get('one-rack')!.problems.join('\n'), /acknowledged writes are lost with r\d: it holds every replica of partition \d/);
  });

  it('the same for a person: the verdict, the unsafe topics and their fixes', async () => {
    const r = await drctl(['check', 'stretch', '--cluster', 'NYC', '--topics', `${prefix}-.*`]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^NYC: UNSAFE for the loss of one rack$/m);
    assert.match(r.stdout, /^racks: r1 \(broker 1\); r2 \(broker 2\); r3 \(broker 3\)$/m);
    assert.match(r.stdout, /^controller quorum: SAFE, voters /m);
    assert.match(r.stdout, /^topics: 1 safe, 3 unsafe$/m);
    assert.match(r.stdout, /^ {4}fix: kafka-configs .*min\.insync\.replicas=2$/m);
  });
});

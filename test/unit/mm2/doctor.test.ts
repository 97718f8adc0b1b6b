import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseJavaProperties, toMap } from '../../../src/config/java-properties.js';
import { diagnoseMm2, type Finding } from '../../../src/mm2/doctor.js';
import { renderMirrorProperties } from '../../../src/mm2/mirror-config.js';
import { defaultFlowFilters } from '../../../src/config/resolve-flow.js';
import { repoRoot } from '../../helpers/sandbox.js';

const settings = (text: string) => {
  const m = toMap(parseJavaProperties(text));
  return (k: string) => m.get(k)?.value.trim();
};
const diagnose = (text: string, o = {}) => diagnoseMm2(settings(text), o);
// The seed's example files (../shared/examples), as kept in test/fixtures: a clean clone has them.
const example = (name: string) => readFileSync(join(repoRoot, 'test', 'fixtures', name), 'utf8');
/** (rule, flow, setting) of each finding: the doctor reports each once. */
const keys = (fs: readonly Finding[]) => fs.map((f) => `${f.rule} ${f.flow ?? '-'} ${f.setting}`);

/** A two-cluster flow with every setting the doctor checks set well. */
const CLEAN = `clusters = NYC, LON
NYC.bootstrap.servers = nyc:9092
LON.bootstrap.servers = lon:9092
NYC->LON.enabled = true
tasks.max = 4
refresh.groups.interval.seconds = 60
emit.checkpoints.interval.seconds = 10
sync.group.offsets.enabled = false
NYC.consumer.isolation.level = read_committed
offset-syncs.topic.location = target
offset.lag.max = 0
replication.factor = 3
`;

describe('mirror doctor', () => {
  it('a configuration set well has nothing to report', () => {
    assert.deepEqual(diagnose(CLEAN), []);
  });

  it("on the seed's active-standby example: each finding once, with MM2's defaults for what the file leaves out", () => {
    const fs = diagnose(example('connect-mirror-maker.active-standby.properties'));
    assert.deepEqual(keys(fs), ['refresh-groups NYC->LON refresh.groups.interval.seconds', 'isolation NYC->LON NYC.consumer.isolation.level', 'replication-factor - replication.factor', 'offset-lag-max NYC->LON offset.lag.max']);
    assert.equal(fs.find((f) => f.rule === 'refresh-groups')!.value, '600 (default)');
    assert.ok(fs.every((f) => f.level !== 'error'));
  });

  it('on the active-active example: both flows, each finding once per flow', () => {
    const fs = diagnose(example('connect-mirror-maker.active-active.properties'));
    assert.equal(new Set(keys(fs)).size, fs.length, 'no finding twice');
    for (const flow of ['NYC->LON', 'LON->NYC'])
      assert.deepEqual(
        fs
          .filter((f) => f.flow === flow)
          .map((f) => f.rule)
          .sort(),
        ['isolation', 'offset-lag-max', 'offset-syncs-location', 'refresh-groups', 'tasks-max'],
      );
    assert.deepEqual(
      fs.filter((f) => f.flow === null).map((f) => f.setting),
      ['replication.factor'],
    );
  });

  // Each bad setting, added to the clean configuration, is found once, alone, at its level.
  const bad: [string, string, Finding['level'], string][] = [
    ['tasks.max = 1', 'tasks-max', 'warning', 'tasks.max'],
    ['NYC->LON.tasks.max = 1', 'tasks-max', 'warning', 'tasks.max'],
    ['refresh.groups.interval.seconds = 600', 'refresh-groups', 'warning', 'refresh.groups.interval.seconds'],
    ['refresh.groups.enabled = false', 'refresh-groups', 'error', 'refresh.groups.enabled'],
    ['emit.checkpoints.interval.seconds = 300', 'checkpoints', 'warning', 'emit.checkpoints.interval.seconds'],
    ['emit.checkpoints.interval.seconds = 0', 'checkpoints', 'error', 'emit.checkpoints.interval.seconds'],
    ['emit.checkpoints.enabled = false', 'checkpoints', 'error', 'emit.checkpoints.enabled'],
    ['sync.group.offsets.enabled = true', 'sync-group-offsets', 'warning', 'sync.group.offsets.enabled'],
    ['NYC.consumer.isolation.level = read_uncommitted', 'isolation', 'warning', 'NYC.consumer.isolation.level'],
    ['offset-syncs.topic.location = source', 'offset-syncs-location', 'warning', 'offset-syncs.topic.location'],
    ['offset.lag.max = 100', 'offset-lag-max', 'info', 'offset.lag.max'],
    ['offset.lag.max = 1000', 'offset-lag-max', 'warning', 'offset.lag.max'],
    ['NYC->LON.emit.heartbeats.enabled = false', 'heartbeats', 'warning', 'emit.heartbeats.enabled'],
    ['replication.factor = 1', 'replication-factor', 'error', 'replication.factor'],
    ['checkpoints.topic.replication.factor = 2', 'replication-factor', 'warning', 'checkpoints.topic.replication.factor'],
    ['LON.producer.acks = 1', 'producer-acks', 'error', 'LON.producer.acks'],
    ['LON.producer.enable.idempotence = false\nLON.producer.max.in.flight.requests.per.connection = 5', 'producer-ordering', 'error', 'LON.producer.enable.idempotence'],
    ['producer.max.in.flight.requests.per.connection = 10', 'producer-ordering', 'error', 'producer.max.in.flight.requests.per.connection'],
  ];
  for (const [line, rule, level, setting] of bad) {
    it(`finds "${line.replace('\n', '; ')}" once: ${rule} (${level})`, () => {
      const fs = diagnose(`${CLEAN}${line}\n`);
      assert.deepEqual(
        fs.map((f) => [f.rule, f.level, f.setting]),
        [[rule, level, setting]],
      );
      assert.ok(fs[0].problem.length > 20 && fs[0].fix.length > 5, 'a reason and a fix');
    });
  }

  it('idempotence off with one request in flight keeps order: nothing to report', () => {
    assert.deepEqual(diagnose(`${CLEAN}LON.producer.enable.idempotence = false\nLON.producer.max.in.flight.requests.per.connection = 1\n`), []);
  });

  it('weighs the checkpoint interval against the RPO objective', () => {
    assert.deepEqual(diagnose(CLEAN, { rpoSeconds: 30 }), []);
    const [f] = diagnose(CLEAN, { rpoSeconds: 5 });
    assert.deepEqual([f.rule, f.level, f.value], ['checkpoints', 'error', '10']);
    assert.match(f.problem, /RPO objective of 5 s/);
  });

  it('an identity policy with both directions on is a loop (error), once for the pair; one direction is fine', () => {
    const identity = `${CLEAN}replication.policy.class = org.apache.kafka.connect.mirror.IdentityReplicationPolicy\n`;
    assert.deepEqual(diagnose(identity), []);
    const both = diagnose(`${identity}LON->NYC.enabled = true\nLON.consumer.isolation.level = read_committed\n`);
    assert.deepEqual(
      both.map((f) => [f.rule, f.level, f.flow]),
      [['identity-loop', 'error', 'LON<->NYC']],
    );
  });

  it('no enabled flow is an error', () => {
    assert.deepEqual(
      diagnose('clusters = NYC, LON\n').map((f) => [f.rule, f.level]),
      [['no-flow', 'error']],
    );
  });

  it("drctl's own generated configuration (mirror config) has no error and no warning", () => {
    const text = renderMirrorProperties({
      clusters: [
        { alias: 'NYC', bootstrapServers: ['nyc:9092'] },
        { alias: 'LON', bootstrapServers: ['lon:9092'] },
      ],
      flow: { source: 'NYC', target: 'LON', ...defaultFlowFilters() },
      replicationPolicy: { type: 'default', separator: '.', internalTopicSeparatorEnabled: true },
      offsetSyncsLocation: 'target',
      syncGroupOffsets: false,
    });
    assert.deepEqual(
      diagnose(text).map((f) => [f.rule, f.level]),
      [['offset-lag-max', 'info']],
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJavaProperties, toMap } from '../../../src/config/java-properties.js';
import { importMm2Properties } from '../../../src/config/mm2-import.js';
import { validate } from '../../../src/config/load.js';
import { parse } from 'yaml';
import { brokerProperties, mirrorProperties, newClusterId, sandboxDrctlYaml } from '../../../src/sandbox/configs.js';
import { resolveKafkaVersion } from '../../../src/sandbox/jars.js';
import { parseJavaMajor } from '../../../src/sandbox/prerequisites.js';

describe('sandbox configs', () => {
  it('makes KRaft cluster ids like kafka-storage random-uuid', () => {
    for (let i = 0; i < 200; i++) assert.match(newClusterId(), /^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
  it('writes a combined broker+controller with a static quorum on the given ports', () => {
    const p = toMap(parseJavaProperties(brokerProperties({ alias: 'NYC', port: 1111, controllerPort: 2222, dataDir: '/d' })));
    assert.equal(p.get('controller.quorum.voters')?.value, '1@127.0.0.1:2222');
    assert.equal(p.get('advertised.listeners')?.value, 'PLAINTEXT://127.0.0.1:1111');
    assert.equal(p.get('offsets.topic.replication.factor')?.value, '1');
  });
  it('writes an MM2 config that drctl itself reads back as NYC->LON with syncs on the target', () => {
    const text = mirrorProperties({ source: { alias: 'NYC', port: 1 }, target: { alias: 'LON', port: 2 }, syncGroupOffsets: false });
    const m = importMm2Properties('mm2.properties', text);
    assert.deepEqual(
      m.flows.map((f) => `${f.source}->${f.target}`),
      ['NYC->LON'],
    );
    assert.equal(m.offsetSyncsLocation, 'target');
    assert.equal(toMap(parseJavaProperties(text)).get('sync.group.offsets.enabled')?.value, 'false');
  });
  it('writes a drctl.yaml that validates', () => {
    const yaml = sandboxDrctlYaml(
      [
        { alias: 'NYC', port: 1, clusterId: 'a' },
        { alias: 'LON', port: 2, clusterId: 'b' },
      ],
      [{ source: 'NYC', target: 'LON' }],
    );
    const c = validate(parse(yaml), 'drctl.yaml', '/', {});
    assert.equal(c.clusters.LON.clusterId, 'b');
    assert.equal(c.offsetSyncsLocation, 'target');
  });
  it('active-active: one MM2 runs both directions (neither disabled), and drctl.yaml lists both flows', () => {
    const text = mirrorProperties({ source: { alias: 'NYC', port: 1 }, target: { alias: 'LON', port: 2 }, alsoFlows: [{ source: 'LON', target: 'NYC' }], syncGroupOffsets: false });
    const p = toMap(parseJavaProperties(text));
    assert.deepEqual(
      ['NYC->LON.enabled', 'LON->NYC.enabled', 'NYC.consumer.isolation.level', 'LON.consumer.isolation.level'].map((k) => p.get(k)?.value),
      ['true', 'true', 'read_committed', 'read_committed'],
    );
    const yaml = sandboxDrctlYaml(
      [
        { alias: 'NYC', port: 1, clusterId: 'a' },
        { alias: 'LON', port: 2, clusterId: 'b' },
      ],
      [
        { source: 'NYC', target: 'LON' },
        { source: 'LON', target: 'NYC' },
      ],
    );
    assert.deepEqual(
      validate(parse(yaml), 'drctl.yaml', '/', {}).flows.map((f) => `${f.source}->${f.target}`),
      ['NYC->LON', 'LON->NYC'],
    );
  });
  it('resolves version shorthands and refuses unsupported ones', () => {
    assert.equal(resolveKafkaVersion('3.9.x'), '3.9.1');
    assert.equal(resolveKafkaVersion(undefined), '4.3.1');
    assert.equal(resolveKafkaVersion('4.2.0'), '4.2.0');
    assert.throws(() => resolveKafkaVersion('3.8.0'), /not supported/);
    assert.throws(() => resolveKafkaVersion('latest'), /not a Kafka version/);
  });
  it('reads Java versions from java -version', () => {
    assert.equal(parseJavaMajor('openjdk version "17.0.15" 2025-04-15'), 17);
    assert.equal(parseJavaMajor('java version "1.8.0_392"'), 8);
    assert.equal(parseJavaMajor('openjdk version "21" 2023-09-19'), 21);
  });
});

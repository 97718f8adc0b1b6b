import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { importMm2Properties } from '../../../src/config/mm2-import.js';
import { isDrctlError } from '../../../src/errors.js';

const fixtures = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..', 'test', 'fixtures');
const fixture = (n: string) => readFileSync(join(fixtures, n), 'utf8');

describe('importMm2Properties', () => {
  it('reads the active-standby example: clusters, the one enabled flow, syncs on the target', () => {
    const m = importMm2Properties('as.properties', fixture('connect-mirror-maker.active-standby.properties'));
    assert.deepEqual(Object.keys(m.clusters), ['NYC', 'LON']);
    assert.deepEqual(m.clusters.NYC.bootstrapServers, ['kafka.nyc.example.com:9092']);
    assert.deepEqual(
      m.flows.map((f) => `${f.source}->${f.target}`),
      ['NYC->LON'],
    );
    assert.deepEqual(m.flows[0].topics, ['.*']);
    assert.equal(m.offsetSyncsLocation, 'target');
    assert.deepEqual(m.replicationPolicy, { type: 'default', separator: '.', internalTopicSeparatorEnabled: true });
  });

  it('reads the active-active example as two flows', () => {
    const m = importMm2Properties('aa.properties', fixture('connect-mirror-maker.active-active.properties'));
    assert.deepEqual(m.flows.map((f) => `${f.source}->${f.target}`).sort(), ['LON->NYC', 'NYC->LON']);
  });

  it('applies flow-scoped filters over top-level ones and MM2 defaults otherwise', () => {
    const m = importMm2Properties('f', 'clusters=A,B\nA.bootstrap.servers=a:1\nB.bootstrap.servers=b:1\nA->B.enabled=true\ntopics=orders.*\nA->B.topics=pay.*, ledger\ngroups.exclude=tmp-.*');
    assert.deepEqual(m.flows[0].topics, ['pay.*', 'ledger']);
    assert.deepEqual(m.flows[0].groupsExclude, ['tmp-.*']);
    assert.deepEqual(m.flows[0].topicsExclude, ['mm2.*\\.internal', '.*\\.replica', '__.*']);
  });

  it('takes the identity policy and a custom separator', () => {
    const id = importMm2Properties('f', 'clusters=A,B\nA.bootstrap.servers=a:1\nB.bootstrap.servers=b:1\nreplication.policy.class=org.apache.kafka.connect.mirror.IdentityReplicationPolicy');
    assert.equal(id.replicationPolicy.type, 'identity');
    const sep = importMm2Properties('f', 'clusters=A,B\nA.bootstrap.servers=a:1\nB.bootstrap.servers=b:1\nreplication.policy.separator=_\nreplication.policy.internal.topic.separator.enabled=false');
    assert.deepEqual(sep.replicationPolicy, { type: 'default', separator: '_', internalTopicSeparatorEnabled: false });
  });

  it('takes SCRAM credentials from the JAAS config and defers what drctl cannot use', () => {
    const m = importMm2Properties(
      'f',
      [
        'clusters=A,B',
        'A.bootstrap.servers=a:1',
        'B.bootstrap.servers=b:1',
        'A.security.protocol=SASL_SSL',
        'A.sasl.mechanism=SCRAM-SHA-512',
        'A.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="mm2" password="s3cret";',
        'A.ssl.truststore.location=/etc/kafka/truststore.jks',
        'B.security.protocol=SASL_PLAINTEXT',
        'B.sasl.mechanism=GSSAPI',
      ].join('\n'),
    );
    assert.deepEqual(m.clusters.A.sasl, { mechanism: 'scram-sha-512', username: 'mm2', password: 's3cret' });
    assert.deepEqual(
      m.deferred.map((d) => `${d.alias}.${d.field}`),
      ['A.tls', 'B.sasl'],
    );
  });

  const bad: [string, string, RegExp][] = [
    ['no clusters', 'a=b', /f: clusters: is missing or empty/],
    ['an alias without bootstrap servers', 'clusters=A,B\nA.bootstrap.servers=a:1', /f: B\.bootstrap\.servers: is missing/],
    ['a custom policy class', 'clusters=A\nA.bootstrap.servers=a:1\nreplication.policy.class=com.acme.Policy', /replication\.policy\.class: custom policy/],
    ['bootstrap servers without a port', 'clusters=NYC\nNYC.bootstrap.servers=nyc-kafka', /f: NYC\.bootstrap\.servers: "nyc-kafka" is not host:port/],
    ['a port that is not a number', 'clusters=NYC\nNYC.bootstrap.servers=n1:9092, n2:kafka', /f: NYC\.bootstrap\.servers: "n2:kafka" is not host:port: the port must be a number from 1 to 65535/],
    ['a port above 65535', 'clusters=NYC\nNYC.bootstrap.servers=n1:70000', /f: NYC\.bootstrap\.servers: "n1:70000" is not host:port/],
    ['a port 0', 'clusters=NYC\nNYC.bootstrap.servers=n1:0', /f: NYC\.bootstrap\.servers: "n1:0" is not host:port/],
    ['bootstrap servers that name no server', 'clusters=NYC\nNYC.bootstrap.servers= , ', /f: NYC\.bootstrap\.servers: names no server/],
    ['a bad offset-syncs location', 'clusters=A,B\nA.bootstrap.servers=a:1\nB.bootstrap.servers=b:1\nA->B.enabled=true\noffset-syncs.topic.location=nowhere', /offset-syncs\.topic\.location/],
  ];
  for (const [name, text, re] of bad) {
    it(`rejects ${name}, naming file and key (exit 2)`, () => {
      assert.throws(
        () => importMm2Properties('f', text),
        (e: unknown) => isDrctlError(e) && e.exitCode === 2 && re.test(e.message),
      );
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importMm2Properties } from '../../../src/config/mm2-import.js';
import { defaultFlowFilters } from '../../../src/config/resolve-flow.js';
import { renderMirrorProperties, saslPasswordEnv, tlsPassphraseEnv } from '../../../src/mm2/mirror-config.js';

describe('renderMirrorProperties', () => {
  const input = {
    clusters: [
      { alias: 'LON', bootstrapServers: ['lon1:9093', 'lon2:9093'], tls: { caFile: '/etc/ca.pem', rejectUnauthorized: true }, sasl: { mechanism: 'scram-sha-512' as const, username: 'mm2', password: 's3cret-pw' } },
      { alias: 'NYC', bootstrapServers: ['nyc1:9092'] },
    ],
    flow: { source: 'LON', target: 'NYC', ...defaultFlowFilters(), topics: ['orders.*', 'payments'] },
    replicationPolicy: { type: 'default' as const, separator: '.', internalTopicSeparatorEnabled: true },
    offsetSyncsLocation: 'target' as const,
    syncGroupOffsets: false,
  };
  it('is read back by drctl as the same flow, filters and policy', () => {
    const text = renderMirrorProperties(input);
    const m = importMm2Properties('mm2.properties', text);
    assert.deepEqual(
      m.flows.map((f) => [`${f.source}->${f.target}`, f.topics, f.topicsExclude]),
      [['LON->NYC', ['orders.*', 'payments'], defaultFlowFilters().topicsExclude]],
    );
    assert.equal(m.offsetSyncsLocation, 'target');
    assert.deepEqual(m.clusters.LON.bootstrapServers, ['lon1:9093', 'lon2:9093']);
    assert.equal(m.clusters.LON.tls?.caFile, '/etc/ca.pem');
    assert.match(text, /^NYC->LON\.enabled = false$/m);
    assert.match(text, /^LON\.consumer\.isolation\.level = read_committed$/m);
  });
  it('never prints a password: an env reference MM2 resolves instead', () => {
    const text = renderMirrorProperties(input);
    assert.doesNotMatch(text, /s3cret-pw/);
    assert.match(text, new RegExp(`password="\\$\\{env:${saslPasswordEnv('LON')}\\}"`));
    assert.match(text, /^config\.providers\.env\.class = org\.apache\.kafka\.common\.config\.provider\.EnvVarConfigProvider$/m);
    assert.match(text, /^LON\.security\.protocol = SASL_SSL$/m);
  });
});

describe('renderMirrorProperties with a PKCS12 client keystore (mutual TLS)', () => {
  it('points MM2 at the keystore, its passphrase from the environment, never written', () => {
    const text = renderMirrorProperties({
      clusters: [
        { alias: 'NYC', bootstrapServers: ['n:9093'], tls: { caFile: '/pki/ca.pem', pfxFile: '/pki/mm2.p12', passphrase: 'p12-secret', rejectUnauthorized: true } },
        { alias: 'LON', bootstrapServers: ['l:9093'] },
      ],
      flow: { source: 'NYC', target: 'LON', ...defaultFlowFilters() },
      replicationPolicy: { type: 'default', separator: '.', internalTopicSeparatorEnabled: true },
      offsetSyncsLocation: 'target',
      syncGroupOffsets: false,
    });
    const lines = text.split('\n');
    for (const l of ['NYC.security.protocol = SSL', 'NYC.ssl.keystore.type = PKCS12', 'NYC.ssl.keystore.location = /pki/mm2.p12', `NYC.ssl.keystore.password = \${env:${tlsPassphraseEnv('NYC')}}`, 'config.providers = env']) assert.ok(lines.includes(l), l);
    assert.ok(!text.includes('p12-secret'));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secureNodeProperties } from '../../../src/sandbox/secure-configs.js';

const quorum = [
  { client: 9001, mtls: 9002, controller: 9003 },
  { client: 9011, mtls: 9012, controller: 9013 },
  { client: 9021, mtls: 9022, controller: 9023 },
];
const props = (nodeId: number) => secureNodeProperties({ alias: 'NYC', nodeId, ports: quorum[nodeId - 1], quorum, dataDir: '/d', brokerKeystore: '/pki/broker.p12', caPem: '/pki/ca.pem', secretsFile: '/s/broker-secrets.properties' });
const lines = (text: string) =>
  new Map(
    text
      .split('\n')
      .filter((l) => l.includes('=') && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

describe('the secure profile node config', () => {
  it('is one of three voters with its own rack, replication 3 and min ISR 2', () => {
    const p = lines(props(2));
    assert.equal(p.get('node.id'), '2');
    assert.equal(p.get('broker.rack'), 'r2');
    assert.equal(p.get('controller.quorum.voters'), '1@127.0.0.1:9003,2@127.0.0.1:9013,3@127.0.0.1:9023');
    assert.equal(p.get('default.replication.factor'), '3');
    assert.equal(p.get('min.insync.replicas'), '2');
    assert.equal(p.get('offsets.topic.replication.factor'), '3');
  });

  it('listens only with TLS: SASL_SSL (SCRAM-SHA-512) for clients, certificates required between nodes', () => {
    const p = lines(props(1));
    assert.equal(p.get('listener.security.protocol.map'), 'CLIENT:SASL_SSL,MTLS:SSL,CONTROLLER:SSL');
    assert.equal(p.get('listeners'), 'CLIENT://127.0.0.1:9001,MTLS://127.0.0.1:9002,CONTROLLER://127.0.0.1:9003');
    assert.equal(p.get('advertised.listeners'), 'CLIENT://localhost:9001,MTLS://localhost:9002');
    assert.equal(p.get('listener.name.client.sasl.enabled.mechanisms'), 'SCRAM-SHA-512');
    assert.equal(p.get('listener.name.mtls.ssl.client.auth'), 'required');
    assert.equal(p.get('listener.name.controller.ssl.client.auth'), 'required');
    assert.ok(![...p.values()].some((v) => /PLAINTEXT/.test(v)));
  });

  it('authorizes with only broker and admin as super users, nothing allowed without an ACL', () => {
    const p = lines(props(1));
    assert.equal(p.get('authorizer.class.name'), 'org.apache.kafka.metadata.authorizer.StandardAuthorizer');
    assert.equal(p.get('super.users'), 'User:broker;User:admin');
    assert.equal(p.get('allow.everyone.if.no.acl.found'), 'false');
  });

  it('holds no password: the store password comes from the secrets file through the FileConfigProvider', () => {
    const p = lines(props(1));
    assert.equal(p.get('ssl.keystore.password'), '${file:/s/broker-secrets.properties:store.password}');
    assert.equal(p.get('ssl.key.password'), p.get('ssl.keystore.password'));
    assert.equal(p.get('config.providers.file.class'), 'org.apache.kafka.common.config.provider.FileConfigProvider');
  });
});

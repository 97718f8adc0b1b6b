import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultFlowFilters } from '../../../src/config/resolve-flow.js';
import { diffConnectors, mirrorConnectors, runningClients } from '../../../src/connect/mirror-connectors.js';
import type { ExpandedConnector } from '../../../src/connect/connect-rest.js';
import { mirrorHealth } from '../../../src/connect/mirror-health.js';
import { connectorsAsProperties } from '../../../src/connect/connect-doctor.js';
import { diagnoseMm2 } from '../../../src/mm2/doctor.js';

const input = {
  source: { alias: 'NYC', bootstrapServers: ['nyc-1:9093'], sasl: { mechanism: 'scram-sha-512' as const, username: 'mm2', password: 'never-printed' }, tls: { caFile: '/ca.pem', rejectUnauthorized: true } },
  target: { alias: 'LON', bootstrapServers: ['lon-1:9093'] },
  flow: { source: 'NYC', target: 'LON', ...defaultFlowFilters() },
  replicationPolicy: { type: 'default' as const, separator: '.', internalTopicSeparatorEnabled: true },
  offsetSyncsLocation: 'target' as const,
};

describe('mirrorConnectors', () => {
  it('three connectors named as Strimzi names them, with both clusters, read_committed and no group-offset sync', () => {
    const [source, checkpoint, heartbeat] = mirrorConnectors(input);
    assert.deepEqual([source.name, checkpoint.name, heartbeat.name], ['NYC->LON.MirrorSourceConnector', 'NYC->LON.MirrorCheckpointConnector', 'NYC->LON.MirrorHeartbeatConnector']);
    assert.equal(source.config['source.cluster.alias'], 'NYC');
    assert.equal(source.config['target.cluster.bootstrap.servers'], 'lon-1:9093');
    assert.equal(source.config['source.cluster.security.protocol'], 'SASL_SSL');
    assert.match(source.config['source.cluster.sasl.jaas.config'], /password="\$\{env:DRCTL_NYC_SASL_PASSWORD\}"/, 'the secret is a reference, never the password');
    assert.ok(!JSON.stringify(mirrorConnectors(input)).includes('never-printed'), 'no password in any config');
    assert.equal(source.config['source.consumer.isolation.level'], 'read_committed');
    assert.equal(source.config['header.converter'], 'org.apache.kafka.connect.converters.ByteArrayConverter', 'headers copied as bytes, not as base64 strings');
    assert.equal(checkpoint.config['sync.group.offsets.enabled'], 'false');
    assert.equal(checkpoint.config['offset-syncs.topic.location'], 'target');
  });

  it('the heartbeat connector writes into the source (aliases swapped, producer pointed at NYC)', () => {
    const hb = mirrorConnectors(input)[2].config;
    assert.deepEqual([hb['source.cluster.alias'], hb['target.cluster.alias']], ['LON', 'NYC']);
    assert.equal(hb['producer.override.bootstrap.servers'], 'nyc-1:9093');
    assert.equal(hb['producer.override.security.protocol'], 'SASL_SSL');
    assert.equal(hb['tasks.max'], '1');
  });

  it('on Connect attached to the source (a reversed flow): the source and checkpoint connectors write to the target, heartbeats stay put', () => {
    const [source, checkpoint, heartbeat] = mirrorConnectors({ ...input, attachedTo: 'NYC' });
    for (const c of [source, checkpoint]) {
      assert.equal(c.config['producer.override.bootstrap.servers'], 'lon-1:9093', c.name);
      assert.equal(c.config['producer.override.security.protocol'], 'PLAINTEXT', `${c.name}: LON's own protocol, not the workers' (NYC's SASL_SSL)`);
    }
    assert.equal(heartbeat.config['producer.override.bootstrap.servers'], undefined, "the workers' producer already writes to NYC");
    const onTarget = mirrorConnectors(input);
    assert.equal(onTarget[0].config['producer.override.bootstrap.servers'], undefined, 'attached to the target (the default): no override');
    assert.equal(onTarget[1].config['producer.override.bootstrap.servers'], undefined);
  });

  it("a reversed flow reaches each cluster with the running flow's client settings (MM2's principal), not drctl.yaml's", () => {
    const running = Object.fromEntries(mirrorConnectors(input).map((c) => [c.name, c.config]));
    const clients = runningClients(running, { source: 'NYC', target: 'LON' })!;
    assert.equal(clients.source['bootstrap.servers'], 'nyc-1:9093');
    assert.equal(clients.source['security.protocol'], 'SASL_SSL');
    assert.equal(clients.source.alias, undefined, 'the alias is not a client setting');
    assert.deepEqual(clients.target, { 'bootstrap.servers': 'lon-1:9093' });
    const asDrctl = { alias: 'NYC', bootstrapServers: ['elsewhere:1'], sasl: { mechanism: 'scram-sha-512' as const, username: 'drctl', password: 'x' } };
    const [source] = mirrorConnectors({ ...input, source: { ...input.target, client: clients.target }, target: { ...asDrctl, client: clients.source }, flow: { ...input.flow, source: 'LON', target: 'NYC' }, attachedTo: 'LON' });
    assert.equal(source.config['target.cluster.bootstrap.servers'], 'nyc-1:9093');
    assert.match(source.config['target.cluster.sasl.jaas.config'], /username="mm2"/);
    assert.match(source.config['producer.override.sasl.jaas.config'], /username="mm2"/);
    assert.equal(runningClients(running, { source: 'LON', target: 'NYC' }), null, 'no such flow running');
  });

  it('tuning overrides only the settings a connector reads', () => {
    const [source, checkpoint, heartbeat] = mirrorConnectors({ ...input, tuning: { 'replication.factor': '1', 'emit.checkpoints.interval.seconds': '1', 'heartbeats.topic.replication.factor': '1', 'NYC.offset.flush.interval.ms': '1000' } });
    assert.equal(source.config['replication.factor'], '1');
    assert.equal(source.config['emit.checkpoints.interval.seconds'], undefined);
    assert.equal(checkpoint.config['emit.checkpoints.interval.seconds'], '1');
    assert.equal(heartbeat.config['heartbeats.topic.replication.factor'], '1');
    assert.ok(![source, checkpoint, heartbeat].some((c) => 'NYC.offset.flush.interval.ms' in c.config));
  });
});

describe('diffConnectors', () => {
  it('create, update (only the keys that differ, secrets masked) or nothing', () => {
    const desired = mirrorConnectors(input);
    const current = { [desired[0].name]: { ...desired[0].config, name: desired[0].name }, [desired[1].name]: { ...desired[1].config, 'tasks.max': '1', 'source.cluster.sasl.jaas.config': 'old' } };
    const changes = diffConnectors(desired, current);
    assert.deepEqual(
      changes.map((c) => c.action),
      ['none', 'update', 'create'],
    );
    assert.deepEqual(changes[1].keys, [
      { key: 'source.cluster.sasl.jaas.config', from: '***', to: '***' },
      { key: 'tasks.max', from: '1', to: '4' },
    ]);
  });
});

describe('mirrorHealth', () => {
  const running = (name: string, tasks: { state: string; trace?: string }[], state = 'RUNNING', trace?: string): ExpandedConnector =>
    ({ status: { name, connector: { state, worker_id: 'w1:8083', ...(trace ? { trace } : {}) }, tasks: tasks.map((t, id) => ({ id, worker_id: 'w1:8083', ...t })), type: 'source' }, info: { name, config: {}, tasks: [], type: 'source' } }) as ExpandedConnector;
  const flow = { source: 'NYC', target: 'LON' };
  const healthy = () => ({
    'NYC->LON.MirrorSourceConnector': running('s', [{ state: 'RUNNING' }, { state: 'RUNNING' }]),
    'NYC->LON.MirrorCheckpointConnector': running('c', []),
    'NYC->LON.MirrorHeartbeatConnector': running('h', [{ state: 'RUNNING' }]),
  });

  it('GO when the three run; a checkpoint connector without groups yet is a note, not a failure', () => {
    const h = mirrorHealth(flow, healthy());
    assert.equal(h.verdict, 'GO');
    assert.match(h.connectors[1].warnings[0], /no group with committed offsets matches yet/);
  });

  it('NO-GO: a failed task (first line of its trace), a paused connector, 0 source tasks, a missing connector', () => {
    const failed = { ...healthy(), 'NYC->LON.MirrorSourceConnector': running('s', [{ state: 'RUNNING' }, { state: 'FAILED', trace: 'org.apache.kafka.common.errors.TopicAuthorizationException: nope\n\tat x' }]) };
    assert.deepEqual(mirrorHealth(flow, failed).connectors[0].problems, ['task 1 FAILED on w1:8083: org.apache.kafka.common.errors.TopicAuthorizationException: nope']);
    const paused = { ...healthy(), 'NYC->LON.MirrorHeartbeatConnector': running('h', [{ state: 'PAUSED' }], 'PAUSED') };
    assert.match(mirrorHealth(flow, paused).connectors[2].problems[0], /connector PAUSED: no heartbeats are sent/);
    const empty = { ...healthy(), 'NYC->LON.MirrorSourceConnector': running('s', []) };
    assert.match(mirrorHealth(flow, empty).connectors[0].problems[0], /0 tasks: no source topic matches/);
    const { ['NYC->LON.MirrorCheckpointConnector']: _, ...missing } = healthy();
    const h = mirrorHealth(flow, missing);
    assert.deepEqual([h.verdict, h.connectors[1].state, h.connectors[1].problems[0]], ['NO-GO', null, 'not deployed (`drctl mirror deploy`)']);
  });
});

describe('connectorsAsProperties (mirror doctor --connect)', () => {
  const expanded = (config: Record<string, string>): ExpandedConnector => ({ status: { name: 'x', connector: { state: 'RUNNING', worker_id: 'w' }, tasks: [], type: 'source' }, info: { name: 'x', config, tasks: [], type: 'source' } }) as ExpandedConnector;
  it("drctl's own connectors read as one flow with its settings; the doctor finds only what the tuning made worse", () => {
    const cs = mirrorConnectors({ ...input, tuning: { 'replication.factor': '1' } });
    const get = connectorsAsProperties(Object.fromEntries(cs.map((c) => [c.name, expanded(c.config)])));
    assert.equal(get('NYC->LON.enabled'), 'true');
    assert.equal(get('NYC->LON.tasks.max'), '4', "the source connector's tasks.max");
    assert.equal(get('NYC->LON.emit.heartbeats.enabled'), 'true');
    assert.deepEqual(
      diagnoseMm2(get).map((f) => [f.rule, f.level, f.setting]),
      [
        ['replication-factor', 'error', 'replication.factor'],
        ['offset-lag-max', 'info', 'offset.lag.max'],
      ],
    );
  });

  it('a flow without a checkpoint or heartbeat connector (as Strimzi deploys it without one) is flagged', () => {
    const [source] = mirrorConnectors(input);
    const rules = diagnoseMm2(connectorsAsProperties({ [source.name]: expanded(source.config) })).map((f) => f.rule);
    assert.ok(rules.includes('checkpoints') && rules.includes('heartbeats'));
  });
});

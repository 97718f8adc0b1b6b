/**
 * MirrorMaker 2 on Kafka Connect in the secure profile (`sandbox up --profile secure --mirror connect`; test/run.js
 * brings it up after the secure suite): two workers attached to LON as `mm2` over SASL_SSL, three nodes a side with
 * ACLs. drctl works as `drctl`: status over Connect, a planned failover record by record, then failback reversing
 * the connectors on the same workers, which write to NYC over SASL_SSL through producer overrides.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { workerUrl } from '../../src/sandbox/connect-workers.js';
import { awaitCopied, drctl, gatewayAs, secureState } from '../helpers/secure.js';
import { eventually, randomName } from '../helpers/sandbox.js';
import { allRecords } from '../helpers/translation-truth.js';

const URL1 = workerUrl(secureState().connect!.workers[0]);
const connectorConfig = async (name: string): Promise<Record<string, string>> => (await (await fetch(`${URL1}/connectors/${encodeURIComponent(name)}/config`)).json()) as Record<string, string>;
const stateOf = async (name: string): Promise<string> => ((await (await fetch(`${URL1}/connectors/${encodeURIComponent(name)}/status`)).json()) as { connector: { state: string } }).connector.state;

describe('MirrorMaker 2 on Connect in the secure profile', () => {
  const nyc = gatewayAs('NYC', 'app');
  const lon = gatewayAs('LON', 'admin');
  after(() => Promise.all([nyc.close(), lon.close()]));
  const topic = randomName('sc-orders');
  const group = randomName('sc-svc');

  it('the connectors run as mm2 over SASL_SSL: mirror status and drctl status GO, no password in any config', async () => {
    const st = await drctl(['mirror', 'status', '--connect', URL1, '--flow', 'NYC->LON', '--json']);
    assert.equal(st.code, 0, st.stdout + st.stderr);
    assert.equal(JSON.parse(st.stdout).verdict, 'GO');
    const status = await drctl(['status', '--json']);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    const s = secureState();
    const mm2Password = readFileSync(s.passwordFiles.mm2, 'utf8');
    for (const role of ['MirrorSourceConnector', 'MirrorCheckpointConnector', 'MirrorHeartbeatConnector']) {
      const cfg = JSON.stringify(await connectorConfig(`NYC->LON.${role}`));
      assert.ok(!cfg.includes(mm2Password), `${role}: the password is not in its config`);
      assert.match(cfg, /password=\\"\$\{env:DRCTL_(NYC|LON)_SASL_PASSWORD\}\\"/, `${role}: a reference the workers resolve`);
    }
    for (const w of s.connect!.workers) assert.ok(!readFileSync(w.props, 'utf8').includes(mm2Password), `${w.props}: no password`);
  });

  it('a planned failover over MM2 on Connect, as drctl: the group resumes on LON at exactly its next records', async () => {
    await nyc.createTopic(topic, 2);
    await nyc.produce(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ value: `o${i}`, partition: i % 2 })),
    );
    await awaitCopied(lon, topic, 2, 15n);
    await nyc.commitOffsets(group, [
      { topic, partition: 0, offset: 5n },
      { topic, partition: 1, offset: 9n },
    ]);
    const r = await drctl(['failover', '--group', group, '--to', 'LON', '--yes', '--timeout', '90s', '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const onLon = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
    for (const [partition, from] of [
      [0, 5n],
      [1, 9n],
    ] as const) {
      const expected = (await nyc.readRecords({ topic, partition }, from)).records.map((x) => x.value?.toString());
      const got = (await lon.readRecords({ topic: `NYC.${topic}`, partition }, onLon.get(partition)!)).records.map((x) => x.value?.toString());
      assert.deepEqual(got, expected, `partition ${partition}`);
    }
  });

  it('failback reverses the connectors on the same workers: LON->NYC writes to NYC over SASL_SSL, the canary passes', async () => {
    const r = await drctl(['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--quiet-period', '0', '--execute', '--reason', 'secure Connect failback', '--timeout', '180s', '--json']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const { plan, result } = JSON.parse(r.stdout);
    assert.equal(plan.reverse.connect, URL1);
    assert.equal(result.complete, true);
    assert.equal(result.steps.find((x: { step: string }) => x.step === 'canary LON->NYC').status, 'done');
    assert.deepEqual(await Promise.all(['NYC->LON.MirrorSourceConnector', 'LON->NYC.MirrorSourceConnector'].map(stateOf)), ['STOPPED', 'RUNNING']);
    const back = await connectorConfig('LON->NYC.MirrorSourceConnector');
    assert.equal(back['producer.override.security.protocol'], 'SASL_SSL');
    assert.match(back['producer.override.sasl.jaas.config'], /\$\{env:DRCTL_NYC_SASL_PASSWORD\}/);
    // New records on LON reach NYC.
    const fresh = randomName('sc-lon');
    const lonApp = gatewayAs('LON', 'app');
    try {
      await lonApp.createTopic(fresh, 1);
      await lonApp.produce(
        fresh,
        Array.from({ length: 6 }, (_, i) => ({ value: `l${i}`, partition: 0 })),
      );
    } finally {
      await lonApp.close();
    }
    const copied = await eventually(
      async () => {
        if (!(await nyc.listTopics()).some((t) => t.name === `LON.${fresh}`)) return undefined;
        const got = (await allRecords(nyc, { topic: `LON.${fresh}`, partition: 0 })).map((x) => x.value?.toString());
        return got.length === 6 ? got : undefined;
      },
      120_000,
      "LON's records on NYC",
    );
    assert.deepEqual(copied, ['l0', 'l1', 'l2', 'l3', 'l4', 'l5']);
  });
});

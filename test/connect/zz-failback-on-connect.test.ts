// Runs last in test/connect (the name sorts after the others): failing back reverses the Connect sandbox's flow.
/**
 * Failback over MirrorMaker 2 on Kafka Connect: after a planned failover NYC->LON, `drctl failback` cleans NYC and
 * reverses the flow on the Connect cluster drctl.yaml names: the NYC->LON connectors stopped, LON->NYC's deployed on
 * the same workers (attached to LON, writing to NYC through producer overrides), a canary round through it.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { ClusterGateway } from '../../src/kafka/gateway.js';
import { readSandboxState, sandboxMirrorFlow } from '../../src/sandbox/sandbox.js';
import { workerUrl } from '../../src/sandbox/connect-workers.js';
import { allRecords } from '../helpers/translation-truth.js';
import { eventually, randomName, runCli, sandboxConfig, sandboxGateway, sandboxStateDir } from '../helpers/sandbox.js';

const URL1 = workerUrl(readSandboxState(sandboxStateDir())!.connect!.workers[0]);
const stateOf = async (name: string): Promise<string | null> => {
  const r = await fetch(`${URL1}/connectors/${encodeURIComponent(name)}/status`);
  return r.status === 404 ? null : ((await r.json()) as { connector: { state: string } }).connector.state;
};
const exists = async (gw: ClusterGateway, name: string) => (await gw.listTopics()).some((t) => t.name === name);

describe('failback over MirrorMaker 2 on Kafka Connect', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it("stops NYC->LON on Connect, deploys LON->NYC there, and LON's records reach NYC; a second run changes nothing", async () => {
    const topic = randomName('cxfb-orders');
    const group = randomName('cxfb-svc');
    await nyc.createTopic(topic, 2);
    await nyc.produce(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ value: `o${i}`, partition: i % 2 })),
    );
    await nyc.commitOffsets(group, [
      { topic, partition: 0, offset: 4n },
      { topic, partition: 1, offset: 6n },
    ]);
    const failover = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--timeout', '90s', '--json']);
    assert.equal(failover.code, 0, failover.stderr);

    const args = ['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--quiet-period', '0', '--timeout', '120s', '--json'];
    const dry = await runCli(args);
    assert.equal(dry.code, 0, dry.stderr);
    const { plan } = JSON.parse(dry.stdout);
    assert.deepEqual([plan.reverse.flow, plan.reverse.sandbox, plan.reverse.connect], ['LON->NYC', false, URL1]);
    assert.equal(plan.tail.partitions, 0, 'NYC holds nothing LON lacks');
    assert.equal(await stateOf('LON->NYC.MirrorSourceConnector'), null, 'the dry run deployed nothing');

    const run = await runCli([...args, '--execute', '--reason', 'failback on Connect']);
    assert.equal(run.code, 0, run.stderr);
    const { result } = JSON.parse(run.stdout);
    assert.equal(result.complete, true);
    const step = (name: string) => result.steps.find((s: { step: string }) => s.step === name);
    assert.equal(step('reverse flow LON->NYC').status, 'done', step('reverse flow LON->NYC').detail);
    assert.equal(step('canary LON->NYC').status, 'done');

    // On Connect: the old direction stopped (kept), the reverse running, and drctl mirror status says GO for it.
    for (const role of ['MirrorSourceConnector', 'MirrorCheckpointConnector', 'MirrorHeartbeatConnector']) {
      assert.equal(await stateOf(`NYC->LON.${role}`), 'STOPPED', `NYC->LON.${role}`);
      assert.equal(await stateOf(`LON->NYC.${role}`), 'RUNNING', `LON->NYC.${role}`);
    }
    const status = await runCli(['mirror', 'status', '--connect', URL1, '--flow', 'LON->NYC']);
    assert.equal(status.code, 0, status.stdout + status.stderr);
    process.stderr.write(`\n--- drctl mirror status after failback (sandbox, MM2 on Connect) ---\n${status.stdout}\n`);
    // The sandbox records the direction: drctl.yaml's flow and connect: entry are LON->NYC now.
    assert.deepEqual(sandboxMirrorFlow(readSandboxState(sandboxStateDir())!), { source: 'LON', target: 'NYC' });
    assert.equal(sandboxConfig().connect?.['LON->NYC']?.url, URL1);

    // New records on LON arrive on NYC as LON.<topic>, exactly.
    const fresh = randomName('cxfb-new');
    await lon.createTopic(fresh, 1);
    const values = Array.from({ length: 9 }, (_, i) => `lon-${i}`);
    await lon.produce(
      fresh,
      values.map((value) => ({ value, partition: 0 })),
    );
    const copied = await eventually(
      async () => {
        if (!(await exists(nyc, `LON.${fresh}`))) return undefined;
        const got = (await allRecords(nyc, { topic: `LON.${fresh}`, partition: 0 })).map((r) => r.value?.toString());
        return got.length === values.length ? got : undefined;
      },
      120_000,
      "LON's records on NYC",
    );
    assert.deepEqual(copied, values);

    const again = await runCli([...args, '--execute', '--reason', 'failback on Connect, again']);
    assert.equal(again.code, 0, again.stderr);
    const second = JSON.parse(again.stdout).result;
    assert.equal(second.steps.find((s: { step: string }) => s.step === 'reverse flow LON->NYC').status, 'already done');
  });
});

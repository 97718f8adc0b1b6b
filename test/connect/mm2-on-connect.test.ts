/**
 * MirrorMaker 2 on Kafka Connect (issue 18), on a sandbox brought up with `--mirror connect` (test/run.js does it,
 * after the default suite): two real Connect workers attached to LON, the three connectors deployed through the
 * REST API. Status, deploy (dry run, no-op, errors), pause/resume, a worker killed, and a planned failover.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { sandboxConfigPath } from '../../src/config/state-dir.js';
import { readSandboxState } from '../../src/sandbox/sandbox.js';
import { workerUrl } from '../../src/sandbox/connect-workers.js';
import { eventually, freePort, randomName, runCli, sandboxGateway, sandboxStateDir } from '../helpers/sandbox.js';

const state = readSandboxState(sandboxStateDir())!;
const [w1, w2] = state.connect!.workers;
const URL1 = workerUrl(w1);
const FLOW = ['--flow', 'NYC->LON'];

interface Health {
  verdict: 'GO' | 'NO-GO';
  connectors: { name: string; state: string | null; tasks: { id: number; state: string; worker: string }[]; problems: string[] }[];
  lag: { partitions: number; records: string | null } | null;
}
const status = async (url = URL1): Promise<{ code: number; health: Health; stderr: string }> => {
  const r = await runCli(['mirror', 'status', '--connect', url, ...FLOW, '--json']);
  return { code: r.code, health: JSON.parse(r.stdout) as Health, stderr: r.stderr };
};

describe('MirrorMaker 2 on Kafka Connect', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('sandbox up deployed the three connectors: status GO, the source and heartbeat connectors with their tasks', async () => {
    const r = await runCli(['mirror', 'status', '--connect', URL1, ...FLOW]);
    // Printed for the closing note: what an operator sees.
    process.stderr.write(`\n--- drctl mirror status (sandbox, MM2 on Connect) ---\n${r.stdout}\n`);
    assert.equal(r.code, 0, r.stderr);
    const { health } = await status();
    assert.equal(health.verdict, 'GO');
    const by: Record<string, Health['connectors'][number]> = Object.fromEntries(health.connectors.map((c) => [c.name.split('.').pop()!, c]));
    assert.deepEqual(
      ['MirrorSourceConnector', 'MirrorCheckpointConnector', 'MirrorHeartbeatConnector'].map((n) => by[n].state),
      ['RUNNING', 'RUNNING', 'RUNNING'],
    );
    assert.ok(by.MirrorSourceConnector.tasks.length >= 1 && by.MirrorSourceConnector.tasks.every((t) => t.state === 'RUNNING'));
    assert.equal(by.MirrorHeartbeatConnector.tasks.length, 1);
    const sandboxStatus = JSON.parse((await runCli(['sandbox', 'status', '--json'])).stdout) as { connect: string[] };
    assert.deepEqual(sandboxStatus.connect, [URL1, workerUrl(w2)], "sandbox status gives the workers' REST URLs");
  });

  it('deploy: a dry run of a change changes nothing; a second deploy of the same config is a no-op', async () => {
    const same = await runCli(['mirror', 'deploy', '--connect', URL1, ...FLOW, '--json']);
    assert.equal(same.code, 0, same.stderr);
    assert.deepEqual(
      (JSON.parse(same.stdout) as { changes: { action: string }[] }).changes.map((c) => c.action),
      ['none', 'none', 'none'],
    );
    // The same config with one more setting: a dry run shows the update and leaves the connector as it was.
    const changed = join(tmpdir(), `${randomName('drctl-connect')}.yaml`);
    writeFileSync(changed, readFileSync(sandboxConfigPath(sandboxStateDir()), 'utf8').replace('mirrorSettings:\n', 'mirrorSettings:\n  sync.group.offsets.interval.seconds: "7"\n'));
    const dry = await runCli(['mirror', 'deploy', '--config', changed, '--connect', URL1, ...FLOW, '--dry-run', '--json']);
    assert.equal(dry.code, 0, dry.stderr);
    const changes = (JSON.parse(dry.stdout) as { changes: { name: string; action: string; keys: { key: string; from: string | null; to: string | null }[] }[] }).changes;
    assert.deepEqual(
      changes.map((c) => c.action),
      ['none', 'update', 'none'],
    );
    assert.deepEqual(changes[1].keys, [{ key: 'sync.group.offsets.interval.seconds', from: null, to: '7' }]);
    const cfg = (await (await fetch(`${URL1}/connectors/${encodeURIComponent('NYC->LON.MirrorCheckpointConnector')}/config`)).json()) as Record<string, string>;
    assert.equal(cfg['sync.group.offsets.interval.seconds'], undefined, 'the dry run changed nothing');
  });

  it('a bad URL, a URL nothing listens on, and a connector that is not deployed: one line, the documented exit code', async () => {
    const notUrl = await runCli(['mirror', 'status', '--connect', 'connect-1:8083', ...FLOW]);
    assert.equal(notUrl.code, 2, notUrl.stderr);
    assert.match(notUrl.stderr, /^error: --connect connect-1:8083: not a URL\nhint: /);
    const port = await freePort(); // nothing listens there
    const refused = await runCli(['mirror', 'deploy', '--connect', `http://127.0.0.1:${port}`, ...FLOW]);
    assert.equal(refused.code, 4, refused.stderr);
    assert.match(refused.stderr, new RegExp(`^error: Connect http://127\\.0\\.0\\.1:${port}: cannot connect \\(ECONNREFUSED\\)\nhint: `));
    const absent = await runCli(['mirror', 'pause', '--connect', URL1, '--flow', 'LON->NYC']);
    assert.equal(absent.code, 3, absent.stderr);
    assert.match(absent.stderr, /^error: not deployed on this Connect cluster: LON->NYC\.MirrorSourceConnector/);
    assert.equal((await status()).health.verdict, 'GO', 'nothing changed');
  });

  it("mirror doctor --connect reads the running connectors: the sandbox's replication factor 1 is an error (exit 1), nothing else is wrong", async () => {
    const r = await runCli(['mirror', 'doctor', '--connect', URL1, '--json']);
    assert.equal(r.code, 1, r.stderr);
    const findings = (JSON.parse(r.stdout) as { findings: { rule: string; level: string; setting: string }[] }).findings;
    assert.deepEqual(
      findings
        .filter((f) => f.level !== 'info')
        .map((f) => [f.rule, f.level, f.setting])
        .sort(),
      [
        ['replication-factor', 'error', 'checkpoints.topic.replication.factor'],
        ['replication-factor', 'error', 'heartbeats.topic.replication.factor'],
        ['replication-factor', 'error', 'offset-syncs.topic.replication.factor'],
        ['replication-factor', 'error', 'replication.factor'],
      ],
    );
  });

  it('pause makes status NO-GO and copying stop; resume brings it back', async () => {
    const topic = randomName('cx-pause');
    await nyc.createTopic(topic, 1);
    const paused = await runCli(['mirror', 'pause', '--connect', URL1, ...FLOW, '--json']);
    assert.equal(paused.code, 0, paused.stderr);
    const s = await status();
    assert.equal(s.code, 1);
    assert.equal(s.health.verdict, 'NO-GO');
    assert.match(s.health.connectors[0].problems.join(' '), /connector PAUSED: nothing is copied/);
    // drctl.yaml names the flow's Connect cluster (connect:), so drctl status sees it too.
    const st = await runCli(['status', '--json']);
    assert.equal(st.code, 1, st.stderr);
    const flowVerdict = (JSON.parse(st.stdout) as { readiness: { flow: string; group: string | null; go: boolean; reasons: string[] }[] }).readiness.find((v) => v.group === null)!;
    assert.equal(flowVerdict.go, false);
    assert.ok(
      flowVerdict.reasons.some((r) => /^MM2 on Connect: NYC->LON\.MirrorSourceConnector: connector PAUSED/.test(r)),
      flowVerdict.reasons.join('; '),
    );
    const resumed = await runCli(['mirror', 'resume', '--connect', URL1, ...FLOW]);
    assert.equal(resumed.code, 0, resumed.stderr);
    await eventually(async () => (await status()).health.verdict === 'GO' || undefined, 60_000, 'GO after resume');
    await eventually(async () => (await runCli(['status'])).code === 0 || undefined, 60_000, 'drctl status GO again');
  });

  it('a planned failover over MM2 on Connect: the consumer on LON gets exactly the records it had not processed', async () => {
    const topic = randomName('cx-orders');
    const group = randomName('cx-svc');
    await nyc.createTopic(topic, 2);
    await nyc.produce(
      topic,
      Array.from({ length: 40 }, (_, i) => ({ value: `o${i}`, partition: i % 2 })),
    );
    await nyc.commitOffsets(group, [
      { topic, partition: 0, offset: 7n },
      { topic, partition: 1, offset: 13n },
    ]);
    const r = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--timeout', '90s', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const committed = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
    for (const [partition, from] of [
      [0, 7],
      [1, 13],
    ] as const) {
      const expected = (await nyc.readRecords({ topic, partition }, BigInt(from))).records.map((x) => x.value?.toString());
      const got = (await lon.readRecords({ topic: `NYC.${topic}`, partition }, committed.get(partition)!)).records.map((x) => x.value?.toString());
      assert.deepEqual(got, expected, `partition ${partition}: exactly the unprocessed records, in order`);
      assert.equal(expected.length, 20 - from);
    }
  });

  it('kill -9 of one worker: its tasks move to the other, status GO again; the worker comes back', async () => {
    const killed = await runCli(['sandbox', 'stop', 'mirror', '--node', '2', '--kill']);
    assert.equal(killed.code, 0, killed.stderr);
    const port1 = String(w1.port);
    // Connect notices the lost worker (session timeout), waits scheduled.rebalance.max.delay.ms (5 s), reassigns.
    const moved = await eventually(
      async () => {
        const s = await status();
        const tasks = s.health.connectors.flatMap((c) => c.tasks);
        return s.health.verdict === 'GO' && tasks.length > 0 && tasks.every((t) => t.worker.endsWith(`:${port1}`)) ? s.health : undefined;
      },
      90_000,
      'every task to run on worker 1',
    );
    assert.ok(moved.connectors.every((c) => c.state === 'RUNNING'));
    const started = await runCli(['sandbox', 'start', 'mirror']);
    assert.equal(started.code, 0, started.stderr);
    // Worker 2 rejoins (another rebalance), then answers for the whole cluster again.
    await eventually(async () => (await status(workerUrl(w2)).catch(() => undefined))?.health.verdict === 'GO' || undefined, 90_000, 'GO through worker 2');
  });
});

/**
 * The active-active sandbox (`sandbox up --topology active-active`: MM2 NYC->LON and LON->NYC). A group on NYC reads
 * its local `T` and LON's copy `LON.T`; a planned failover to LON moves `T` to `NYC.T` (through NYC->LON) and
 * `LON.T` back to LON's own `T` (walking LON->NYC backwards). On LON the group then receives exactly the records it
 * had not processed, from both topics, record by record. The same after kill -9 of NYC (unplanned), from drctl
 * agent's exact checkpoints: MM2 writes none for the copies of LON's own topics.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ClusterGateway } from '../../src/kafka/gateway.js';
import { readRange } from '../../src/kafka/read-range.js';
import { sandboxStart, sandboxStop } from '../../src/sandbox/sandbox.js';
import { eventually, randomName, runCli, sandboxGateway, sandboxStateDir } from '../helpers/sandbox.js';

const P = 2;
const N = 30;

/** The values of a partition from `from` to its end. */
async function valuesFrom(gw: ClusterGateway, topic: string, partition: number, from = 0n): Promise<string[]> {
  const out: string[] = [];
  for await (const r of readRange(gw, { topic, partition }, from)) out.push(r.value?.toString() ?? '');
  return out;
}

describe('active-active: NYC->LON and LON->NYC', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  const topic = randomName('aa-orders');
  const group = randomName('aa-svc');
  const later = randomName('aa-svc-unplanned');
  before(async () => {
    await Promise.all([nyc.createTopic(topic, P), lon.createTopic(topic, P)]);
    for (const gw of [nyc, lon])
      await gw.produce(
        topic,
        Array.from({ length: N }, (_, i) => ({ value: `${gw.alias}-${i}`, partition: i % P })),
      );
    // Each side's records reach the other under the source's prefix.
    for (const [gw, remote] of [
      [lon, `NYC.${topic}`],
      [nyc, `LON.${topic}`],
    ] as const)
      await eventually(
        async () => {
          if (!(await gw.listTopics()).some((t) => t.name === remote)) return false;
          return (
            await gw.listOffsets(
              [0, 1].map((partition) => ({ topic: remote, partition })),
              'latest',
            )
          ).every((e) => e.offset === BigInt(N / P));
        },
        90_000,
        `${remote} on ${gw.alias}`,
      );
  });
  after(async () => {
    await sandboxStart(sandboxStateDir(), 'NYC');
    await Promise.all([nyc.close(), lon.close()]);
  });

  it('status, report rpo and canary cover both flows, each with its verdict, then the overall one', async () => {
    const st = await runCli(['status', '--json']);
    assert.equal(st.code, 0, st.stderr);
    const s = JSON.parse(st.stdout) as { readiness: { flow: string; group: string | null; go: boolean }[]; overall: { verdict: string } };
    assert.deepEqual(
      s.readiness.filter((v) => v.group === null).map((v) => [v.flow, v.go]),
      [
        ['NYC->LON', true],
        ['LON->NYC', true],
      ],
    );
    assert.equal(s.overall.verdict, 'GO');
    const rpo = await runCli(['report', 'rpo', '--json', '--max-seconds', '3600']);
    assert.equal(rpo.code, 0, rpo.stderr);
    assert.deepEqual(
      (JSON.parse(rpo.stdout) as { flows: { flow: string; ok: boolean }[] }).flows.map((f) => [f.flow, f.ok]),
      [
        ['NYC->LON', true],
        ['LON->NYC', true],
      ],
    );
    // One canary round through each direction: each reads its own source's copy (NYC.drctl-canary on LON, and back).
    const canary = await runCli(['canary', '--once', '--json', '--timeout', '60s']);
    assert.equal(canary.code, 0, canary.stderr);
    const c = JSON.parse(canary.stdout) as { ok: boolean; flows: { flow: string; ok: boolean; remoteTopic: string }[] };
    assert.deepEqual(
      c.flows.map((f) => [f.flow, f.ok, f.remoteTopic]),
      [
        ['NYC->LON', true, 'NYC.drctl-canary'],
        ['LON->NYC', true, 'LON.drctl-canary'],
      ],
    );
    assert.equal(c.ok, true);
  });

  it('a planned failover moves both topics: exactly the unprocessed records on LON, from NYC.T and from T', async () => {
    // The group processed some of its local topic and some of LON's copy.
    const processed = { local: [7n, 4n], remote: [9n, 3n] };
    await nyc.commitOffsets(group, [...processed.local.map((offset, partition) => ({ topic, partition, offset })), ...processed.remote.map((offset, partition) => ({ topic: `LON.${topic}`, partition, offset }))]);
    const r = await runCli(['failover', '--group', group, '--to', 'LON', '--from', 'NYC', '--yes', '--reason', 'active-active test', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { plan: { groups: { partitions: { sourceTopic: string; topic: string; partition: number; downstream: string | null; method: string; note: string | null }[] }[] } }).plan.groups[0].partitions;
    assert.deepEqual(rows.map((p) => [p.sourceTopic, p.topic, p.partition, p.method]).sort(), [
      [`LON.${topic}`, topic, 0, 'exact'],
      [`LON.${topic}`, topic, 1, 'exact'],
      [topic, `NYC.${topic}`, 0, 'exact'],
      [topic, `NYC.${topic}`, 1, 'exact'],
    ]);
    const committed = new Map((await lon.committedOffsets(group)).map((o) => [`${o.topic}:${o.partition}`, o.offset]));
    for (let p = 0; p < P; p++) {
      // Local topic: what NYC's T holds from the committed offset on is what LON's NYC.T holds from the translation on.
      const wantLocal = await valuesFrom(nyc, topic, p, processed.local[p]);
      assert.deepEqual(await valuesFrom(lon, `NYC.${topic}`, p, committed.get(`NYC.${topic}:${p}`)), wantLocal, `NYC.${topic}-${p}`);
      // LON's copy on NYC: the originals the group did not process are LON's own T after the ones it did.
      const done = new Set((await valuesFrom(nyc, `LON.${topic}`, p)).slice(0, Number(processed.remote[p])));
      const wantRemote = (await valuesFrom(lon, topic, p)).filter((v) => !done.has(v));
      assert.ok(wantRemote.length > 0 && done.size > 0);
      assert.deepEqual(await valuesFrom(lon, topic, p, committed.get(`${topic}:${p}`)), wantRemote, `${topic}-${p} on LON`);
    }
  });

  it('back to NYC: failback refuses (nothing to reverse), and a planned failover --to NYC moves both topics exactly', async () => {
    const refused = await runCli(['failback', '--old-primary', 'NYC', '--new-primary', 'LON']);
    assert.equal(refused.code, 3, refused.stderr);
    assert.match(refused.stderr, /NYC->LON and LON->NYC both run \(active-active\): a failback has no mirror to reverse and no tail to salvage/);
    assert.match(refused.stderr, /hint: move the groups back with a planned failover: drctl failover --group G --to NYC --from LON/);
    const onLon = new Map((await lon.committedOffsets(group)).map((o) => [`${o.topic}:${o.partition}`, o.offset]));
    const r = await runCli(['failover', '--group', group, '--to', 'NYC', '--from', 'LON', '--yes', '--reason', 'back home', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const committed = new Map((await nyc.committedOffsets(group)).map((o) => [`${o.topic}:${o.partition}`, o.offset]));
    for (let p = 0; p < P; p++) {
      // LON's own topic: through LON->NYC to LON.T.
      assert.deepEqual(await valuesFrom(nyc, `LON.${topic}`, p, committed.get(`LON.${topic}:${p}`)), await valuesFrom(lon, topic, p, onLon.get(`${topic}:${p}`)), `LON.${topic}-${p} on NYC`);
      // NYC.T on LON is a copy of NYC's own T: back to the original.
      const done = new Set((await valuesFrom(lon, `NYC.${topic}`, p)).slice(0, Number(onLon.get(`NYC.${topic}:${p}`))));
      assert.deepEqual(
        await valuesFrom(nyc, topic, p, committed.get(`${topic}:${p}`)),
        (await valuesFrom(nyc, topic, p)).filter((v) => !done.has(v)),
        `${topic}-${p} on NYC`,
      );
    }
  });

  it("kill -9 of NYC, then an unplanned failover: drctl agent's exact checkpoints move both topics exactly", async () => {
    const processed = { local: [5n, 8n], remote: [6n, 2n] };
    await nyc.commitOffsets(later, [...processed.local.map((offset, partition) => ({ topic, partition, offset })), ...processed.remote.map((offset, partition) => ({ topic: `LON.${topic}`, partition, offset }))]);
    const agent = await runCli(['agent', '--flow', 'NYC->LON', '--once']);
    assert.equal(agent.code, 0, agent.stderr);
    // The truth, read while NYC answers: what the group had not processed.
    const want = new Map<string, string[]>();
    for (let p = 0; p < P; p++) {
      want.set(`NYC.${topic}:${p}`, await valuesFrom(nyc, topic, p, processed.local[p]));
      const done = new Set((await valuesFrom(nyc, `LON.${topic}`, p)).slice(0, Number(processed.remote[p])));
      want.set(
        `${topic}:${p}`,
        (await valuesFrom(lon, topic, p)).filter((v) => !done.has(v)),
      );
    }
    await sandboxStop(sandboxStateDir(), 'NYC', true);
    const r = await runCli(['failover', '--group', later, '--to', 'LON', '--from', 'NYC', '--unplanned', '--yes', '--reason', 'NYC lost', '--json', '--timeout', '5s']);
    assert.equal(r.code, 0, r.stderr);
    const rows = (JSON.parse(r.stdout) as { plan: { groups: { partitions: { sourceTopic: string; topic: string; partition: number; method: string }[] }[] } }).plan.groups[0].partitions;
    assert.deepEqual(
      rows.filter((p) => p.sourceTopic === `LON.${topic}`).map((p) => [p.topic, p.partition, p.method]),
      [
        [topic, 0, 'agent'],
        [topic, 1, 'agent'],
      ],
    );
    const committed = new Map((await lon.committedOffsets(later)).map((o) => [`${o.topic}:${o.partition}`, o.offset]));
    for (const [key, values] of want) {
      const [t, p] = key.split(':');
      assert.deepEqual(await valuesFrom(lon, t, Number(p), committed.get(key)), values, `${key} on LON`);
    }
  });
});

/**
 * The hub-and-spoke sandbox (`sandbox up --topology hub-spoke`: NYC and LON mirrored into AGG, one MM2 per spoke).
 * Both flows are GO and at RPO 0; stopping LON's mirror alone makes LON->AGG's RPO grow with every record written on
 * LON while NYC->AGG stays at 0, and status says NO-GO for LON->AGG, naming it, and GO for NYC->AGG.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, randomName, runCli, sandboxGateway, sandboxStateDir } from '../helpers/sandbox.js';
import { sandboxStart, sandboxStop } from '../../src/sandbox/sandbox.js';

interface RpoJson {
  flows: { flow: string; topics: { topic: string; records: string | null }[] }[];
}
interface StatusJson {
  readiness: { flow: string; group: string | null; go: boolean; reasons: string[] }[];
  overall: { verdict: string; noGo: string[] };
}

/** Records at risk of `topic` on `flow` as `report rpo` measures them (null: not measured). */
async function atRisk(flow: string, topic: string): Promise<bigint | null> {
  const r = await runCli(['report', 'rpo', '--flow', flow, '--json', '--max-seconds', '3600']);
  const t = (JSON.parse(r.stdout) as RpoJson).flows[0].topics.find((x) => x.topic === topic);
  return t?.records == null ? null : BigInt(t.records);
}

describe('hub and spokes: NYC->AGG and LON->AGG', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  const agg = sandboxGateway('AGG');
  const topic = randomName('hs-orders');
  const write = (gw: typeof nyc, from: number, n: number) =>
    gw.produce(
      topic,
      Array.from({ length: n }, (_, i) => ({ value: `${gw.alias}-${from + i}`, partition: (from + i) % 2 })),
    );
  before(async () => {
    await Promise.all([nyc.createTopic(topic, 2), lon.createTopic(topic, 2)]);
    await Promise.all([write(nyc, 0, 20), write(lon, 0, 20)]);
  });
  after(async () => {
    await sandboxStart(sandboxStateDir(), 'mirror', process.env, 120_000, 'LON->AGG');
    await Promise.all([nyc.close(), lon.close(), agg.close()]);
  });

  it("both spokes' copies reach the hub under their own names, and both flows are at RPO 0", async () => {
    for (const spoke of ['NYC', 'LON'])
      await eventually(
        async () => {
          const names = new Set((await agg.listTopics()).map((t) => t.name));
          if (!names.has(`${spoke}.${topic}`)) return false;
          return (
            await agg.listOffsets(
              [0, 1].map((partition) => ({ topic: `${spoke}.${topic}`, partition })),
              'latest',
            )
          ).every((e) => e.offset === 10n);
        },
        90_000,
        `${spoke}.${topic} on AGG`,
      );
    assert.equal(await atRisk('NYC->AGG', topic), 0n);
    assert.equal(await atRisk('LON->AGG', topic), 0n);
  });

  it("LON's mirror stopped: LON->AGG's RPO grows with LON's writes, NYC->AGG's stays at 0; status NO-GO names LON->AGG", async () => {
    const status = await sandboxStop(sandboxStateDir(), 'mirror', false, undefined, 'LON->AGG');
    assert.deepEqual(
      status.components.filter((c) => c.component === 'mirror').map((c) => [c.flows, c.running]),
      [
        [['NYC->AGG'], true],
        [['LON->AGG'], false],
      ],
    );
    await Promise.all([write(nyc, 20, 30), write(lon, 20, 30)]);
    assert.equal(await atRisk('LON->AGG', topic), 30n, "LON's 30 new records are at risk");
    await eventually(async () => (await atRisk('NYC->AGG', topic)) === 0n, 60_000, "NYC's new records copied to AGG");
    await write(lon, 50, 12);
    assert.equal(await atRisk('LON->AGG', topic), 42n, 'and it grows with every record written on LON');

    const st = await eventually(
      async () => {
        const r = await runCli(['status', '--json', '--max-heartbeat-age', '3s']);
        const s = JSON.parse(r.stdout) as StatusJson;
        return s.readiness.some((v) => v.flow === 'LON->AGG' && v.group === null && !v.go) ? { r, s } : false;
      },
      30_000,
      'LON->AGG to be NO-GO',
    );
    assert.equal(st.r.code, 1, st.r.stderr);
    const flows = st.s.readiness.filter((v) => v.group === null);
    assert.deepEqual(
      flows.map((v) => [v.flow, v.go]),
      [
        ['NYC->AGG', true],
        ['LON->AGG', false],
      ],
    );
    assert.match(flows[1].reasons.join('; '), /heartbeat/);
    assert.deepEqual(st.s.overall, { verdict: 'NO-GO', noGo: ['LON->AGG'] });
    const text = await runCli(['status', '--max-heartbeat-age', '3s']);
    assert.match(text.stdout, /^NO-GO\s+LON->AGG/m);
    assert.match(text.stdout, /^GO\s+NYC->AGG/m);
    assert.match(text.stdout, /^overall: NO-GO: LON->AGG$/m);
    // report rpo against an objective of 10 records: a verdict per flow, and the overall one names LON->AGG.
    const rpo = await runCli(['report', 'rpo', '--max-records', '10', '--json']);
    assert.equal(rpo.code, 1, rpo.stderr);
    const flowsOk = (JSON.parse(rpo.stdout) as { flows: { flow: string; ok: boolean }[] }).flows.map((f) => [f.flow, f.ok]);
    assert.deepEqual(flowsOk, [
      ['NYC->AGG', true],
      ['LON->AGG', false],
    ]);
    const rpoText = await runCli(['report', 'rpo', '--max-records', '10']);
    assert.match(rpoText.stdout, /^OK\s+NYC->AGG$/m);
    assert.match(rpoText.stdout, /^BREACH\s+LON->AGG: /m);
    assert.match(rpoText.stdout, /^overall: BREACH: .*LON->AGG/m);
  });

  it('a flow the sandbox does not run is refused by sandbox stop with the flows it has', async () => {
    const r = await runCli(['sandbox', 'stop', 'mirror', '--flow', 'NYC->LON']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /runs no flow NYC->LON/);
    assert.match(r.stderr, /hint: its flows: NYC->AGG, LON->AGG/);
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, randomName, runCli, sandboxGateway, unmeasuredPartitions } from '../helpers/sandbox.js';

type Report = {
  ok: boolean;
  breaches: string[];
  flows: {
    sourceReachable: boolean;
    topics: { topic: string; records: string | null; seconds: number | null }[];
    partitions: { topic: string; partition: number; sourceEnd: string; replicatedBelow: string | null; records: string | null; seconds: number | null; mm2CopiedBelow: string | null; note: string | null }[];
  }[];
};

/**
 * `report rpo --json`. The sandbox is shared: other tests' topics count in the flow's RPO too, and with MM2 stopped
 * a topic it had not caught up on yet (MM2 reconfigures its tasks whenever topics are created or deleted) breaches
 * the sandbox's 30 s objective within seconds. So the objective is 1 h unless a test sets its own; each test judges
 * its own topic's figures.
 */
async function report(args: string[] = [], code = 0): Promise<Report> {
  const objective = args.includes('--max-seconds') ? [] : ['--max-seconds', '3600'];
  const r = await runCli(['report', 'rpo', '--flow', 'NYC->LON', '--json', ...objective, ...args]);
  const parsed = JSON.parse(r.stdout) as Report;
  // A breach on another test's topic (e.g. one whose RPO cannot be measured) is not this test's to judge; a breach on
  // one of this file's topics (rpo-…) is.
  const othersOnly = code === 0 && r.code === 1 && parsed.breaches.every((b) => !/ rpo-[0-9a-f]{8}:/.test(b));
  assert.ok(r.code === code || othersOnly, `exit ${r.code}, expected ${code}: ${r.stderr}${parsed.breaches?.join('; ') ?? ''}`);
  return parsed;
}
const topicOf = (r: Report, topic: string) => r.flows[0].topics.find((t) => t.topic === topic)!;

describe('drctl report rpo', () => {
  const nyc = sandboxGateway('NYC');
  after(() => nyc.close());

  it('with MM2 stopped, the RPO grows with exactly what was produced since; once MM2 is back it returns to 0', async () => {
    const topic = randomName('rpo');
    await nyc.createTopic(topic, 2);
    await nyc.produce(
      topic,
      Array.from({ length: 100 }, (_, i) => ({ value: `before-${i}`, partition: i % 2 })),
    );
    await eventually(async () => topicOf(await report(), topic)?.records === '0', 60_000, 'the topic replicated');

    assert.equal((await runCli(['sandbox', 'stop', 'mirror'])).code, 0);
    try {
      const first = Date.now();
      await nyc.produce(topic, [...Array.from({ length: 37 }, (_, i) => ({ value: `after-${i}`, partition: 0 })), ...Array.from({ length: 21 }, (_, i) => ({ value: `after-p1-${i}`, partition: 1 }))]);
      const r = await report();
      const t = topicOf(r, topic);
      assert.equal(t.records, '58', 'records at risk: exactly what was produced after MM2 stopped');
      const parts = r.flows[0].partitions.filter((p) => p.topic === topic).sort((a, b) => a.partition - b.partition);
      assert.deepEqual(
        parts.map((p) => [p.sourceEnd, p.replicatedBelow, p.records]),
        [
          ['87', '50', '37'],
          ['71', '50', '21'],
        ],
      );
      // MM2's own record of progress (its Connect offsets) agrees: nothing past 50 was copied.
      assert.ok(
        parts.every((p) => p.mm2CopiedBelow !== null && BigInt(p.mm2CopiedBelow) <= 50n && p.note === null),
        JSON.stringify(parts),
      );
      const bound = (Date.now() - first) / 1000 + 0.2;
      assert.ok(t.seconds! >= 0 && t.seconds! <= bound, `seconds at risk ${t.seconds} within the ${bound.toFixed(1)} s since the first unreplicated record`);
      // It keeps growing while nothing is copied, and the gate fails.
      await eventually(async () => (topicOf(await report(), topic).seconds ?? 0) > t.seconds! + 1, 30_000, 'the RPO in seconds to grow');
      const rec = await runCli(['status', '--record', '--json']);
      assert.ok(rec.code === 0 || rec.code === 1, rec.stderr);
      const sample = JSON.parse(rec.stdout).recorded[0];
      if (sample.records === null) assert.fail(`the flow's RPO is unknown, not measured on ${await unmeasuredPartitions()}`);
      assert.ok(BigInt(sample.records) >= 58n, `recorded ${sample.records}`);
      const gate = await report(['--max-records', '10', '--max-seconds', '3600'], 1);
      assert.equal(gate.ok, false);
      assert.ok(
        gate.breaches.some((b) => b.includes(`${topic}: 58 records at risk > 10`)),
        gate.breaches.join('\n'),
      );
    } finally {
      assert.equal((await runCli(['sandbox', 'start', 'mirror'])).code, 0);
    }
    await eventually(
      async () => {
        const r = await report();
        const t = topicOf(r, topic);
        const parts = r.flows[0].partitions.filter((p) => p.topic === topic);
        return t.records === '0' && t.seconds === 0 && parts.every((p) => p.mm2CopiedBelow === p.sourceEnd);
      },
      60_000,
      'the RPO back to 0 after MM2 restarts, and MM2 saying so too',
    );
    // The history shows the outage: a chart and a summary over the window.
    assert.equal((await runCli(['status', '--record'])).code, 0);
    const hist = (await report(['--since', '1h'])) as Report & { history: { flow: string; samples: number; maxRecords: string; chart: string }[] };
    assert.equal(hist.history[0].flow, 'NYC->LON');
    assert.ok(hist.history[0].samples >= 2 && BigInt(hist.history[0].maxRecords) >= 58n, JSON.stringify(hist.history[0]));
    assert.match(hist.history[0].chart, /[▁▂▃▄▅▆▇█]/);
    const text = await runCli(['report', 'rpo', '--flow', 'NYC->LON', '--since', '1h']);
    assert.match(text.stdout, /history NYC->LON: \d+ sample\(s\)/);
    assert.match(text.stdout, /seconds at risk {2}\|.*\| {2}max [0-9.]+ s/);
  });

  it('refuses an unknown flow (exit 2)', async () => {
    const r = await runCli(['report', 'rpo', '--flow', 'NYC->PAR']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: unknown flow "NYC->PAR"\nhint: configured flows: NYC->LON/);
  });
});

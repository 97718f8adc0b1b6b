/**
 * Loss on the replication path: records the source deletes (retention, DeleteRecords) before MM2 copies them never
 * reach the target. status turns NO-GO and report rpo breaches, naming the partition and the offsets lost; both clear
 * once MM2 has moved past the log start again.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readConnectOffsets } from '../../src/mm2/connect-offsets.js';
import { eventually, randomName, runCli, sandboxGateway } from '../helpers/sandbox.js';

describe('records deleted on the source before MM2 copied them', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('are reported as lost by status (NO-GO) and report rpo (a breach), with the offsets', async () => {
    const topic = randomName('lost');
    const copiedTo = async (n: bigint) => (await readConnectOffsets(lon, 'NYC'))?.get(`${topic}:0`) === n;
    await nyc.createTopic(topic, 1);
    await nyc.produce(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ value: `a${i}`, partition: 0 })),
    );
    await eventually(() => copiedTo(10n), 60_000, "MM2's Connect offsets to reach 10");
    const expected = `NYC ${topic}-0: 5 record(s) deleted (retention or DeleteRecords) before MM2 copied them: offsets 10..14 are lost to the target`;
    assert.equal((await runCli(['sandbox', 'stop', 'mirror'])).code, 0);
    try {
      await nyc.produce(
        topic,
        Array.from({ length: 10 }, (_, i) => ({ value: `b${i}`, partition: 0 })),
      );
      await nyc.deleteRecords([{ topic, partition: 0, offset: 15n }]);
      const status = await runCli(['status', '--json']);
      assert.equal(status.code, 1, status.stderr);
      const verdict = JSON.parse(status.stdout).readiness.find((v: { flow: string; group: string | null }) => v.flow === 'NYC->LON' && v.group === null);
      assert.ok(verdict.reasons.includes(expected), JSON.stringify(verdict.reasons));
      const rpo = await runCli(['report', 'rpo', '--flow', 'NYC->LON', '--json']);
      assert.equal(rpo.code, 1, rpo.stderr);
      const report = JSON.parse(rpo.stdout);
      assert.ok(report.breaches.includes(expected), JSON.stringify(report.breaches));
      const p = report.flows[0].partitions.find((x: { topic: string }) => x.topic === topic);
      assert.deepEqual([p.lostBeforeCopy, p.recreated], ['5', false]);
    } finally {
      assert.equal((await runCli(['sandbox', 'start', 'mirror'])).code, 0);
    }
    // MM2 resumes from the log start: the loss is history, not a live condition.
    await eventually(() => copiedTo(20n), 120_000, 'MM2 to copy from the new log start');
    const again = JSON.parse((await runCli(['status', '--json'])).stdout).readiness.find((v: { flow: string; group: string | null }) => v.flow === 'NYC->LON' && v.group === null);
    assert.ok(!again.reasons.some((r: string) => r.includes(topic)), JSON.stringify(again.reasons));
    await nyc.deleteTopics([topic]);
    await lon.deleteTopics([`NYC.${topic}`]);
  });
});

/**
 * Split brain: after a planned failover NYC->LON, a producer still writing to NYC's topic is caught: status turns
 * NO-GO naming the partition and the offsets written, and drctl agent says it on stderr. The watch ends when the
 * topic is gone (here) or a failback completes, so later tests see the flow GO again.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readJournal } from '../../src/journal/journal.js';
import { eventually, randomName, runCli, sandboxGateway, sandboxStateDir } from '../helpers/sandbox.js';

describe('split-brain watch after a failover', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('a write to NYC after the failover: status NO-GO names it, the agent reports it; gone with the topic', async () => {
    const topic = randomName('sb-orders');
    const group = randomName('sb-svc');
    await nyc.createTopic(topic, 2);
    await nyc.produce(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ value: `v${i}`, partition: i % 2 })),
    );
    await nyc.commitOffsets(group, [
      { topic, partition: 0, offset: 5n },
      { topic, partition: 1, offset: 5n },
    ]);
    await eventually(async () => (await lon.listTopics()).some((t) => t.name === `NYC.${topic}`), 60_000, 'MM2 to create the remote topic');
    const f = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--json', '--reason', 'split-brain test']);
    assert.equal(f.code, 0, f.stderr);
    const entry = readJournal(sandboxStateDir())
      .filter((e) => e.type === 'failover')
      .at(-1)!;
    assert.deepEqual(entry.watch, [
      { topic, partition: 0, end: '10' },
      { topic, partition: 1, end: '10' },
    ]);
    const flowVerdict = async () => {
      const s = await runCli(['status', '--json']);
      return { code: s.code, verdict: JSON.parse(s.stdout).readiness.find((v: { flow: string; group: string | null }) => v.flow === 'NYC->LON' && v.group === null) };
    };
    assert.equal((await flowVerdict()).verdict.go, true, 'no write yet');

    await nyc.produce(
      topic,
      Array.from({ length: 3 }, (_, i) => ({ value: `late${i}`, partition: 1 })),
    );
    const after = await flowVerdict();
    assert.equal(after.code, 1);
    assert.equal(after.verdict.go, false);
    assert.deepEqual(after.verdict.reasons, [`split brain: NYC took writes after the failover of ${entry.at}: ${topic}-1 offsets 10..12`]);
    const agent = await runCli(['agent', '--once', '--rpo-interval', '0s']);
    assert.equal(agent.code, 0, agent.stderr);
    assert.match(agent.stderr, new RegExp(`^error: split brain: NYC took writes after the failover of ${entry.at}: ${topic}-1 offsets 10\\.\\.12$`, 'm'));

    await nyc.deleteTopics([topic]);
    await lon.deleteTopics([`NYC.${topic}`]);
    assert.equal((await flowVerdict()).verdict.go, true, 'the watch ends with the topic');
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readRange } from '../../src/kafka/read-range.js';
import { eventually, randomName, sandboxGateway } from '../helpers/sandbox.js';

describe('MM2 checkpoints in the sandbox', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('emits a checkpoint on LON for a group that committed on NYC', async () => {
    const topic = randomName('payments');
    const group = randomName('payments-svc');
    await nyc.createTopic(topic, 1);
    await nyc.produce(
      topic,
      Array.from({ length: 20 }, (_, i) => ({ value: `p${i}`, partition: 0 })),
    );
    const remote = `NYC.${topic}`;
    await eventually(
      async () => {
        const [end] = await lon.listOffsets([{ topic: remote, partition: 0 }], 'latest');
        return end.offset === 20n;
      },
      60_000,
      `${remote} to be replicated`,
    );

    await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 20n }]);

    // The checkpoint key is MM2's (group, topic, partition) struct; the group name appears in it verbatim.
    const checkpoint = await eventually(
      async () => {
        for await (const rec of readRange(lon, { topic: 'NYC.checkpoints.internal', partition: 0 })) {
          if (rec.key?.includes(Buffer.from(group)) && rec.key.includes(Buffer.from(remote))) return rec;
        }
        return undefined;
      },
      60_000,
      `a checkpoint for ${group}`,
    );
    assert.ok(checkpoint.value && checkpoint.value.length > 0, 'the checkpoint has a value');
  });
});

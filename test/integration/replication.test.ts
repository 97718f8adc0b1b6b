import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { eventually, randomName, sandboxGateway } from '../helpers/sandbox.js';

describe('MirrorMaker 2 in the sandbox', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('copies a record produced to a topic on NYC into NYC.<topic> on LON with the same key, value, headers and timestamp', async () => {
    const topic = randomName('orders');
    await nyc.createTopic(topic, 2);
    const timestamp = Date.now() - 60_000;
    const [produced] = await nyc.produce(topic, [{ key: 'order-42', value: '{"amount":17}', headers: { trace: 'abc', 'content-type': 'json' }, timestamp, partition: 1 }]);
    assert.equal(produced.partition, 1);

    const remote = `NYC.${topic}`;
    const record = await eventually(
      async () => {
        const t = (await lon.listTopics()).find((x) => x.name === remote);
        if (!t) return undefined;
        const r = await lon.readRecords({ topic: remote, partition: 1 }, 0n);
        return r.records[0];
      },
      60_000,
      `${remote} on LON to hold the record`,
    );

    assert.equal(record.key?.toString(), 'order-42');
    assert.equal(record.value?.toString(), '{"amount":17}');
    assert.equal(record.timestamp, timestamp);
    const headers = Object.fromEntries(record.headers.map((h) => [h.key, h.value?.toString()]));
    assert.deepEqual(headers, { trace: 'abc', 'content-type': 'json' });
    assert.equal((await lon.listTopics()).find((x) => x.name === remote)?.partitions, 2, 'the remote topic has the source partition count');
  });
});

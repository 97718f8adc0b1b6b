/**
 * drctl's raw Fetch and record decoder (src/kafka/fetch-request.ts, record-batch.ts) against real records, with the
 * Java console consumer as the oracle: keys, null keys, repeated header keys, gzip batches, LogAppendTime
 * timestamps, committed and aborted transactions (markers leave offset gaps). Both isolation levels must give what
 * `kafka-console-consumer --isolation-level …` prints, record for record, also when each fetch returns only a few
 * batches (small max bytes: the response ends in a partial batch). Log bounds (ListOffsets) come back in the order
 * asked.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import type { KafkaRecord } from '../../src/kafka/gateway.js';
import { readRange } from '../../src/kafka/read-range.js';
import { produceTransactions } from '../helpers/app-consumer.js';
import { randomName, runKafkaTool, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

const bootstrap = () => sandboxConfig().clusters.NYC.bootstrapServers;

/** One record as both sides print it: timestamp, offset, headers, key, value. */
const line = (r: { timestamp: number | string; offset: bigint | string; headers: string; key: string; value: string }) => `${r.timestamp}\t${r.offset}\t${r.headers}\t${r.key}\t${r.value}`;

/** drctl's records in the console consumer's notation (headers `k:v,k:v` or NO_HEADERS, `null` for a null key). */
const drctlLine = (r: KafkaRecord) =>
  line({
    timestamp: r.timestamp,
    offset: r.offset,
    headers: r.headers.length === 0 ? 'NO_HEADERS' : r.headers.map((h) => `${h.key}:${h.value === null ? 'null' : h.value.toString()}`).join(','),
    key: r.key === null ? 'null' : r.key.toString(),
    value: r.value === null ? 'null' : r.value.toString(),
  });

/** kafka-console-consumer from the log start, `count` records, at `isolation`; its lines parsed to the same notation. */
async function consoleConsumer(topic: string, count: number, isolation: string): Promise<string[]> {
  const r = await runKafkaTool('org.apache.kafka.tools.consumer.ConsoleConsumer', [
    '--bootstrap-server',
    bootstrap()[0],
    '--topic',
    topic,
    '--partition',
    '0',
    '--offset',
    'earliest',
    '--max-messages',
    String(count),
    '--isolation-level',
    isolation,
    '--timeout-ms',
    '60000',
    ...['print.timestamp=true', 'print.offset=true', 'print.headers=true', 'print.key=true'].flatMap((p) => ['--property', p]),
  ]);
  assert.equal(r.code, 0, r.stderr);
  return r.stdout
    .split('\n')
    .filter((l) => /^(CreateTime|LogAppendTime):/.test(l))
    .map((l) => {
      const [ts, offset, headers, key, value] = l.split('\t');
      return line({ timestamp: ts.split(':')[1], offset: offset.split(':')[1], headers, key, value });
    });
}

describe('records and log bounds read by drctl’s own Fetch and ListOffsets', () => {
  const nyc = sandboxGateway('NYC');
  const topic = randomName('fetch-records');
  const appended = randomName('fetch-append-time');
  let committed = 0;
  let all = 0;

  before(async () => {
    await nyc.createTopic(topic, 1);
    await nyc.createTopic(appended, 1, { 'message.timestamp.type': 'LogAppendTime' });
    await nyc.produce(topic, [
      { key: 'k1', value: 'plain-1', headers: { trace: 'a', hop: ['x', 'y'] } },
      { key: null, value: 'no-key' },
      { key: 'k3', value: 'plain-3', headers: { empty: '' } },
    ]);
    const kafka = new kafkajs.Kafka({ clientId: 'test-gzip', brokers: bootstrap(), logLevel: kafkajs.logLevel.NOTHING });
    const producer = kafka.producer({ createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
    await producer.connect();
    try {
      await producer.send({ topic, compression: kafkajs.CompressionTypes.GZIP, messages: Array.from({ length: 40 }, (_, i) => ({ key: `g${i}`, value: `gzip-${i}`.repeat(1 + (i % 5)), headers: { n: String(i) }, partition: 0 })) });
    } finally {
      await producer.disconnect();
    }
    const batches = Array.from({ length: 6 }, (_, b) => ({ values: Array.from({ length: 7 }, (_, i) => `${b % 2 === 1 ? 'aborted' : 'tx'}-${b}-${i}`), commit: b % 2 === 0 }));
    await produceTransactions(bootstrap(), topic, batches);
    await nyc.produce(topic, [{ key: 'tail', value: 'after-the-transactions' }]);
    committed = 3 + 40 + 3 * 7 + 1;
    all = committed + 3 * 7;
    await nyc.produce(
      appended,
      Array.from({ length: 5 }, (_, i) => ({ key: `a${i}`, value: `appended-${i}` })),
    );
  });
  after(() => nyc.close());

  const readAll = async (t: string, isolation: 'read_committed' | 'read_uncommitted', maxBytes?: number) => {
    const out: string[] = [];
    for await (const r of readRange(nyc, { topic: t, partition: 0 }, undefined, undefined, { isolation, maxBytes })) out.push(drctlLine(r));
    return out;
  };

  it('read committed: the committed records, aborted ones and markers left out, as the console consumer prints them', async () => {
    const drctl = await readAll(topic, 'read_committed');
    assert.equal(drctl.length, committed);
    assert.ok(drctl.every((l) => !l.includes('aborted')));
    assert.deepEqual(drctl, await consoleConsumer(topic, committed, 'read_committed'));
  });

  it('read uncommitted: every data record, aborted ones included, as the console consumer prints them', async () => {
    const drctl = await readAll(topic, 'read_uncommitted');
    assert.equal(drctl.length, all);
    assert.deepEqual(drctl, await consoleConsumer(topic, all, 'read_uncommitted'));
  });

  it('small fetches (the answer ends in a partial batch) give the same records', async () => {
    assert.deepEqual(await readAll(topic, 'read_committed', 300), await readAll(topic, 'read_committed'));
    assert.deepEqual(await readAll(topic, 'read_uncommitted', 300), await readAll(topic, 'read_uncommitted'));
  });

  it('log bounds come back in the order asked (the broker answers in an order of its own)', async () => {
    const multi = randomName('fetch-order');
    await nyc.createTopic(multi, 6);
    await nyc.produce(
      multi,
      Array.from({ length: 21 }, (_, i) => ({ value: `v${i}`, partition: i % 6 })).filter((r) => r.partition !== 4 || Number(r.value.slice(1)) < 5),
    );
    const asked = [3, 0, 5, 1, 4, 2].map((partition) => ({ topic: multi, partition }));
    const ends = await nyc.listOffsets(asked, 'latest');
    assert.deepEqual(
      ends.map((e) => e.partition),
      [3, 0, 5, 1, 4, 2],
    );
    for (const [i, tp] of asked.entries()) assert.equal(ends[i].offset, (await nyc.listOffsets([tp], 'latest'))[0].offset, `partition ${tp.partition}`);
  });

  it('LogAppendTime topics: the broker’s append time, as the console consumer prints it', async () => {
    const drctl = await readAll(appended, 'read_uncommitted');
    assert.equal(drctl.length, 5);
    assert.deepEqual(drctl, await consoleConsumer(appended, 5, 'read_uncommitted'));
  });
});

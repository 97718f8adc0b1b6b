/**
 * A real application consumer (kafkajs, a classic group member) for tests that need a live group. It stands in
 * for the operator's applications; drctl itself never consumes with a group.
 */
import kafkajs from 'kafkajs';
import type { Consumer } from 'kafkajs';

/** Start a consumer in `groupId` on `topic` and resolve once it has joined (the group is Stable). With
 * `autoCommit: false` it commits nothing, as an application that has not got round to it yet. */
export async function startAppConsumer(bootstrap: string[], groupId: string, topic: string, { autoCommit = true } = {}): Promise<Consumer> {
  const kafka = new kafkajs.Kafka({ clientId: 'test-app', brokers: bootstrap, logLevel: kafkajs.logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommit, eachMessage: async () => {} });
  await joined;
  return consumer;
}

/** Produce with transactions as an application would: each batch committed or aborted (markers leave offset gaps). */
export async function produceTransactions(bootstrap: string[], topic: string, batches: { values: string[]; commit: boolean }[]): Promise<void> {
  const kafka = new kafkajs.Kafka({ clientId: 'test-tx', brokers: bootstrap, logLevel: kafkajs.logLevel.NOTHING });
  const producer = kafka.producer({ transactionalId: `tx-${topic}`, idempotent: true, maxInFlightRequests: 1, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    for (const b of batches) {
      const tx = await producer.transaction();
      await tx.send({ topic, messages: b.values.map((value) => ({ value, partition: 0 })) });
      if (b.commit) await tx.commit();
      else await tx.abort();
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * Consume `topic` in `groupId` as an application, collecting values, until `enough(values)` holds; then commit and
 * leave. Returns what it consumed, in order per partition.
 */
export async function consumeUntil(bootstrap: string[], groupId: string, topic: string, enough: (seen: { partition: number; offset: string; value: string }[]) => boolean, timeoutMs = 60_000): Promise<{ partition: number; offset: string; value: string }[]> {
  const kafka = new kafkajs.Kafka({ clientId: 'test-app', brokers: bootstrap, logLevel: kafkajs.logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000, maxWaitTimeInMs: 200 });
  const seen: { partition: number; offset: string; value: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let done!: () => void;
  const finished = new Promise<void>((r) => (done = r));
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ partition, message }) => {
      if (enough(seen)) return;
      seen.push({ partition, offset: message.offset, value: message.value?.toString() ?? '' });
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
      if (enough(seen)) done();
    },
  });
  const timer = setTimeout(done, timeoutMs);
  await finished;
  clearTimeout(timer);
  await consumer.disconnect();
  return seen;
}

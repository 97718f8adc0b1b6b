/**
 * A real application consumer (kafkajs, a classic group member) for tests that need a live group. It stands in
 * for the operator's applications; drctl itself never consumes with a group.
 */
import kafkajs from 'kafkajs';
import type { Consumer } from 'kafkajs';

/** Start a consumer in `groupId` on `topic` and resolve once it has joined (the group is Stable). */
export async function startAppConsumer(bootstrap: string[], groupId: string, topic: string): Promise<Consumer> {
  const kafka = new kafkajs.Kafka({ clientId: 'test-app', brokers: bootstrap, logLevel: kafkajs.logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10000, heartbeatInterval: 1000 });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ autoCommit: true, eachMessage: async () => {} });
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

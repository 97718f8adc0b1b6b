/**
 * drctl's ListOffsets v3 codec (src/kafka/list-offsets-request.ts), with kafkajs's own v3 request and response codec
 * as the oracle: the request is byte for byte kafkajs's, and an answer decodes to the offsets kafkajs reads from the
 * same bytes; the first partition error throws with kafkajs's error type.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { decodeListOffsets, encodeListOffsets } from '../../../src/kafka/list-offsets-request.js';

const require = createRequire(import.meta.url);
interface Enc {
  writeInt16(v: number): Enc;
  writeInt32(v: number): Enc;
  writeInt64(v: string | number): Enc;
  writeString(v: string): Enc;
  writeArray(v: Enc[]): Enc;
  buffer: Buffer;
}
const Encoder = require('kafkajs/src/protocol/encoder') as new () => Enc;
const requestV3 = require('kafkajs/src/protocol/requests/listOffsets/v3/request') as (a: object) => { encode(): Promise<Enc> };
const responseV3 = require('kafkajs/src/protocol/requests/listOffsets/v3/response') as {
  decode(b: Buffer): Promise<{ clientSideThrottleTime: number; responses: { topic: string; partitions: { partition: number; offset: string }[] }[] }>;
  parse(d: unknown): Promise<unknown>;
};

/** A ListOffsets v3 answer in the schema's field order. */
const answer = (throttle: number, topics: { topic: string; partitions: [number, number, string][] }[]) =>
  new Encoder().writeInt32(throttle).writeArray(topics.map((t) => new Encoder().writeString(t.topic).writeArray(t.partitions.map(([partition, code, offset]) => new Encoder().writeInt32(partition).writeInt16(code).writeInt64(-1).writeInt64(offset))))).buffer;

describe('ListOffsets v3, encoded and decoded by drctl', () => {
  it('the request is byte for byte kafkajs’s, for earliest, latest and a time', async () => {
    const topics = [
      { topic: 'orders', partitions: [0, 3, 7] },
      { topic: 'pay-é', partitions: [1] },
    ];
    for (const timestamp of [-2, -1, 1_764_000_000_000]) {
      const theirs = await requestV3({ replicaId: -1, isolationLevel: 0, topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((partition) => ({ partition, timestamp })) })) }).encode();
      assert.deepEqual(encodeListOffsets({ isolationLevel: 0, timestamp, topics }), theirs.buffer, String(timestamp));
    }
  });

  it('decodes the offsets kafkajs reads from the same answer (-1: none at that time, as null), and the throttle time', async () => {
    const raw = answer(25, [
      {
        topic: 'orders',
        partitions: [
          [0, 0, '12'],
          [3, 0, '123456789012345'],
        ],
      },
      { topic: 'pay-é', partitions: [[1, 0, '-1']] },
    ]);
    const ours = decodeListOffsets(raw);
    const theirs = await responseV3.decode(raw);
    assert.equal(ours.clientSideThrottleTime, theirs.clientSideThrottleTime);
    assert.deepEqual(
      ours.offsets,
      theirs.responses.flatMap((r) => r.partitions.map((p) => ({ topic: r.topic, partition: p.partition, offset: BigInt(p.offset) < 0n ? null : BigInt(p.offset) }))),
    );
    assert.deepEqual(ours.offsets.at(-1), { topic: 'pay-é', partition: 1, offset: null });
  });

  it('throws the first partition error with kafkajs’s type, as kafkajs’s parse does', async () => {
    const raw = answer(0, [
      {
        topic: 'orders',
        partitions: [
          [0, 0, '5'],
          [1, 6, '-1'],
          [2, 3, '-1'],
        ],
      },
    ]);
    assert.throws(
      () => decodeListOffsets(raw),
      (e: Error & { type?: string }) => e.type === 'NOT_LEADER_FOR_PARTITION',
    );
    await assert.rejects(responseV3.parse(await responseV3.decode(raw)), (e: Error & { type?: string }) => e.type === 'NOT_LEADER_FOR_PARTITION');
  });
});

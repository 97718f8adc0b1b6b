/**
 * drctl's OffsetCommit v5 codec (src/kafka/offset-commit-request.ts), with kafkajs's own v5 request and response
 * codec as the oracle: the request is byte for byte kafkajs's, an answer without errors decodes, and the first
 * partition error throws with the type kafkajs's parse throws.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { decodeOffsetCommit, encodeOffsetCommit } from '../../../src/kafka/offset-commit-request.js';

const require = createRequire(import.meta.url);
interface Enc {
  writeInt16(v: number): Enc;
  writeInt32(v: number): Enc;
  writeString(v: string): Enc;
  writeArray(v: Enc[]): Enc;
  buffer: Buffer;
}
const Encoder = require('kafkajs/src/protocol/encoder') as new () => Enc;
const requestV5 = require('kafkajs/src/protocol/requests/offsetCommit/v5/request') as (a: object) => { encode(): Promise<Enc> };
const responseV5 = require('kafkajs/src/protocol/requests/offsetCommit/v5/response') as {
  decode(b: Buffer): Promise<{ clientSideThrottleTime: number; responses: { topic: string; partitions: { partition: number; errorCode: number }[] }[] }>;
  parse(d: unknown): Promise<unknown>;
};

/** An OffsetCommit v5 answer in the schema's field order. */
const answer = (throttle: number, topics: { topic: string; partitions: [number, number][] }[]) =>
  new Encoder().writeInt32(throttle).writeArray(topics.map((t) => new Encoder().writeString(t.topic).writeArray(t.partitions.map(([partition, code]) => new Encoder().writeInt32(partition).writeInt16(code))))).buffer;

describe('OffsetCommit v5, encoded and decoded by drctl', () => {
  it('the request is byte for byte kafkajs’s (admin-style commit, several topics, large and zero offsets)', async () => {
    const topics = [
      {
        topic: 'orders',
        partitions: [
          { partition: 0, offset: 0n },
          { partition: 7, offset: 9_007_199_254_740_993n },
        ],
      },
      { topic: 'pay-é', partitions: [{ partition: 3, offset: 42n }] },
    ];
    for (const groupId of ['orders-svc', 'grüppe']) {
      const theirs = await requestV5({ groupId, groupGenerationId: -1, memberId: '', topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, offset: p.offset.toString() })) })) }).encode();
      assert.deepEqual(encodeOffsetCommit({ groupId, generationId: -1, memberId: '', topics }), theirs.buffer, groupId);
    }
  });

  it('decodes an answer without errors, with the throttle time kafkajs reads', async () => {
    const raw = answer(25, [
      {
        topic: 'orders',
        partitions: [
          [0, 0],
          [7, 0],
        ],
      },
      { topic: 'pay-é', partitions: [[3, 0]] },
    ]);
    assert.deepEqual(decodeOffsetCommit(raw), { clientSideThrottleTime: 25, partitions: 3 });
    assert.equal((await responseV5.decode(raw)).clientSideThrottleTime, 25);
  });

  it('throws the first partition error with kafkajs’s type, as kafkajs’s parse does', async () => {
    // 25: UNKNOWN_MEMBER_ID (the group has members: an admin commit is refused); 16: NOT_COORDINATOR.
    const raw = answer(0, [
      { topic: 'orders', partitions: [[0, 0]] },
      {
        topic: 'pay',
        partitions: [
          [1, 25],
          [2, 16],
        ],
      },
    ]);
    const theirs = await responseV5.parse(await responseV5.decode(raw)).then(
      () => null,
      (e: Error & { type?: string }) => e.type,
    );
    assert.equal(theirs, 'UNKNOWN_MEMBER_ID');
    assert.throws(
      () => decodeOffsetCommit(raw),
      (e: Error & { type?: string }) => e.type === theirs,
    );
  });
});

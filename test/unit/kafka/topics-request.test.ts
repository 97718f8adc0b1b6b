/**
 * listTopics' raw Metadata v9 answer (cluster-requests.ts): every topic's name and partition count, an offline
 * partition still counted, a topic with a topic-level error left out. The answer is built with kafkajs's own
 * encoder in the field order of Kafka's MetadataResponse schema (v9, flexible).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeTopics } from '../../../src/kafka/cluster-requests.js';
import { EncoderClass } from '../../../src/kafka/raw-codec.js';

/** kafkajs's Encoder, with the writers this answer needs. */
interface Enc {
  writeInt8(v: number): Enc;
  writeInt16(v: number): Enc;
  writeInt32(v: number): Enc;
  writeUVarInt(v: number): Enc;
  writeUVarIntString(v: string | null): Enc;
  writeUVarIntArray(items: Enc[]): Enc;
  buffer: Buffer;
}
const enc = () => new EncoderClass() as unknown as Enc;
const int32s = (xs: number[]) => xs.map((x) => enc().writeInt32(x));

function partition(index: number, errorCode = 0) {
  return enc()
    .writeInt16(errorCode)
    .writeInt32(index)
    .writeInt32(1)
    .writeInt32(0)
    .writeUVarIntArray(int32s([1]))
    .writeUVarIntArray(int32s([1]))
    .writeUVarIntArray([])
    .writeUVarInt(0);
}
function topic(name: string, partitions: Enc[], errorCode = 0) {
  return enc().writeInt16(errorCode).writeUVarIntString(name).writeInt8(0).writeUVarIntArray(partitions).writeInt32(-2147483648).writeUVarInt(0);
}
function answer(topics: Enc[]): Buffer {
  const broker = enc().writeInt32(1).writeUVarIntString('127.0.0.1').writeInt32(9092).writeUVarIntString(null).writeUVarInt(0);
  const body = enc()
    .writeUVarInt(0) // response header tagged fields
    .writeInt32(0) // throttle time
    .writeUVarIntArray([broker])
    .writeUVarIntString('cluster-id')
    .writeInt32(1) // controller id
    .writeUVarIntArray(topics)
    .writeInt32(-2147483648) // cluster authorized operations
    .writeUVarInt(0);
  return body.buffer;
}

describe('listTopics: Metadata v9 for every topic', () => {
  it('names and counts partitions, sorted; an offline partition counts; a topic-level error is left out', () => {
    const raw = answer([topic('orders', [partition(0), partition(1, 5), partition(2)]), topic('being-deleted', [], 3), topic('NYC.orders', [partition(0)]), topic('__consumer_offsets', [partition(0), partition(1)])]);
    assert.deepEqual(decodeTopics(raw), [
      { name: '__consumer_offsets', partitions: 2 },
      { name: 'NYC.orders', partitions: 1 },
      { name: 'orders', partitions: 3 },
    ]);
  });
  it('a cluster without topics', () => {
    assert.deepEqual(decodeTopics(answer([])), []);
  });
});

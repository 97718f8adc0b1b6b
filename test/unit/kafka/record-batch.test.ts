/**
 * drctl's record-batch decoder (src/kafka/record-batch.ts) and Fetch v11 codec (src/kafka/fetch-request.ts), with
 * kafkajs's own encoders and decoder as the oracle: batches built by kafkajs decode to the records kafkajs's decoder
 * reads from the same bytes; drctl's Fetch request is byte for byte kafkajs's Fetch v11 request. Transaction
 * filtering follows the Java consumer's rule (checked against the real console consumer in
 * test/integration/fetch-records.test.ts).
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { isDrctlError } from '../../../src/errors.js';
import { decodeFetch, encodeFetch } from '../../../src/kafka/fetch-request.js';
import type { KafkaRecord } from '../../../src/kafka/gateway.js';
import { decodeRecordBatches } from '../../../src/kafka/record-batch.js';

const require = createRequire(import.meta.url);
interface Enc {
  writeInt8(v: number): Enc;
  writeInt16(v: number): Enc;
  writeInt32(v: number): Enc;
  writeInt64(v: string | number): Enc;
  writeString(v: string): Enc;
  writeBytes(v: Buffer | null): Enc;
  writeBuffer(v: Buffer): Enc;
  writeEncoder(v: Enc): Enc;
  writeArray(v: Enc[]): Enc;
  size(): number;
  buffer: Buffer;
}
const Encoder = require('kafkajs/src/protocol/encoder') as new () => Enc;
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0') as { RecordBatch: (a: object) => Promise<Enc> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0') as (a: object) => Enc;
const RecordBatchDecoder = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<{ records: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer | Buffer[]> }[] }>;
const MessageV1 = require('kafkajs/src/protocol/message/v1') as (a: object) => Enc;
const FetchV11 = require('kafkajs/src/protocol/requests/fetch/v11/request') as (a: object) => { encode(): Promise<Enc> };
const GZIP = 1;

interface Rec {
  key: string | null;
  value: string | null;
  headers?: Record<string, string | string[]>;
  timestampDelta?: number;
}
/** A batch as kafkajs's producer writes it. */
async function batch(firstOffset: number, recs: Rec[], o: { compression?: number; producerId?: number; transactional?: boolean; firstTimestamp?: number } = {}): Promise<Buffer> {
  const records = recs.map((r, i) =>
    Record({
      offsetDelta: i,
      timestampDelta: r.timestampDelta ?? i * 3,
      key: r.key === null ? null : Buffer.from(r.key),
      value: r.value === null ? null : Buffer.from(r.value),
      headers: Object.fromEntries(Object.entries(r.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map((x) => Buffer.from(x)) : Buffer.from(v)])),
    }),
  );
  const ts = o.firstTimestamp ?? 1_764_000_000_000;
  return (
    await RecordBatch({
      compression: o.compression ?? 0,
      firstOffset: String(firstOffset),
      firstTimestamp: ts,
      maxTimestamp: ts + 1000,
      lastOffsetDelta: recs.length - 1,
      transactional: o.transactional ?? false,
      producerId: String(o.producerId ?? -1),
      records,
    })
  ).buffer;
}

/** A control batch (one marker record) as the broker writes it: key = version 0 and type (0 abort, 1 commit). */
function marker(offset: number, producerId: number, commit: boolean): Buffer {
  const key = Buffer.alloc(4);
  key.writeInt16BE(commit ? 1 : 0, 2);
  const record = Record({ offsetDelta: 0, timestampDelta: 0, key, value: Buffer.from([0, 0, 0, 0, 0, 0]) });
  const body = new Encoder().writeInt16(0x30).writeInt32(0).writeInt64(0).writeInt64(0).writeInt64(producerId).writeInt16(0).writeInt32(-1).writeArray([record]);
  const inner = new Encoder().writeInt32(0).writeInt8(2).writeInt32(0).writeEncoder(body);
  return new Encoder().writeInt64(offset).writeBytes(inner.buffer).buffer;
}

/** kafkajs's reading of the same bytes, in drctl's record shape. */
async function oracle(buf: Buffer, from: bigint): Promise<KafkaRecord[]> {
  const d = new Decoder(buf) as { offset: number; buffer: Buffer };
  const out: KafkaRecord[] = [];
  while (d.offset + 61 <= buf.length) {
    for (const m of (await RecordBatchDecoder(d)).records) {
      if (BigInt(m.offset) < from) continue;
      const headers = Object.entries(m.headers).flatMap(([key, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ key, value })));
      out.push({ offset: BigInt(m.offset), timestamp: Number(m.timestamp), key: m.key, value: m.value, headers });
    }
  }
  return out;
}

const values = (rs: KafkaRecord[]) => rs.map((r) => r.value?.toString() ?? null);

describe('record batches (magic 2), decoded by drctl', () => {
  const recs: Rec[] = [
    { key: 'k1', value: 'v1', headers: { trace: 'a', hop: ['x', 'y'] } },
    { key: null, value: 'no key' },
    { key: 'k3', value: null },
    { key: 'k4', value: 'é'.repeat(300), headers: { empty: '' }, timestampDelta: 70_000 },
  ];

  it('plain and gzip batches: the records kafkajs decodes from the same bytes (offsets, timestamps, keys, values, headers in order)', async () => {
    const buf = Buffer.concat([await batch(100, recs), await batch(104, recs, { compression: GZIP }), await batch(108, recs.slice(0, 2))]);
    const got = decodeRecordBatches(buf, 0n, 't-0');
    assert.equal(got.records.length, 10);
    assert.deepEqual(got.records, await oracle(buf, 0n));
    assert.equal(got.nextOffset, 110n);
    assert.equal(got.legacy, null);
    assert.deepEqual(got.records[0].headers, [
      { key: 'trace', value: Buffer.from('a') },
      { key: 'hop', value: Buffer.from('x') },
      { key: 'hop', value: Buffer.from('y') },
    ]);
  });

  it('drops records before the requested offset, and stops before a partial batch at the end', async () => {
    const whole = Buffer.concat([await batch(100, recs), await batch(104, recs)]);
    const cut = whole.subarray(0, whole.length - 10);
    const got = decodeRecordBatches(cut, 102n, 't-0');
    assert.deepEqual(
      got.records.map((r) => r.offset),
      [102n, 103n],
    );
    assert.equal(got.nextOffset, 104n, 'the partial batch is read again next time');
  });

  it('LogAppendTime batches: every record has the batch’s max timestamp', async () => {
    const buf = await batch(0, recs);
    buf.writeInt16BE(buf.readInt16BE(21) | 0x08, 21); // attributes: the broker's append time
    assert.deepEqual(
      decodeRecordBatches(buf, 0n, 't-0').records.map((r) => r.timestamp),
      [1_764_000_001_000, 1_764_000_001_000, 1_764_000_001_000, 1_764_000_001_000],
    );
  });

  it('read committed: an aborted transaction’s batches are dropped until its ABORT marker; commit markers are no records', async () => {
    const tx = (o: number, v: string) =>
      batch(
        o,
        [
          { key: null, value: v },
          { key: null, value: `${v}'` },
        ],
        { producerId: 7, transactional: true },
      );
    const buf = Buffer.concat([
      await batch(0, [{ key: null, value: 'plain' }]),
      await tx(1, 'committed'),
      marker(3, 7, true),
      await tx(4, 'aborted'),
      await batch(6, [{ key: null, value: 'other producer' }], { producerId: 9, transactional: false }),
      await tx(7, 'aborted too'),
      marker(9, 7, false),
      await tx(10, 'committed again'),
      marker(12, 7, true),
    ]);
    const committed = decodeRecordBatches(buf, 0n, 't-0', [{ producerId: 7n, firstOffset: 4n }]);
    assert.deepEqual(values(committed.records), ['plain', 'committed', "committed'", 'other producer', 'committed again', "committed again'"]);
    assert.equal(committed.nextOffset, 13n);
    const all = decodeRecordBatches(buf, 0n, 't-0', null);
    assert.deepEqual(values(all.records), ['plain', 'committed', "committed'", 'aborted', "aborted'", 'other producer', 'aborted too', "aborted too'", 'committed again', "committed again'"]);
  });

  it('hands a legacy (magic 1) message set to the caller; drctl’s Fetch decodes it with kafkajs', async () => {
    const entry = (offset: number, value: string) => {
      const m = MessageV1({ timestamp: 1_700_000_000_000 + offset, key: Buffer.from(`k${offset}`), value: Buffer.from(value) });
      return new Encoder().writeInt64(offset).writeInt32(m.size()).writeEncoder(m).buffer;
    };
    const legacy = Buffer.concat([entry(5, 'old-5'), entry(6, 'old-6')]);
    // Alone, and shorter than a batch header: still handed over.
    assert.deepEqual(decodeRecordBatches(entry(9, 'x'), 0n, 't-0').legacy, entry(9, 'x'));
    const got = decodeRecordBatches(Buffer.concat([await batch(0, recs), legacy]), 0n, 't-0');
    assert.equal(got.records.length, 4);
    assert.equal(got.nextOffset, 4n);
    assert.deepEqual(got.legacy, legacy);
    const answer = fetchAnswer([{ topic: 't', partitions: [{ partition: 0, records: legacy }] }]);
    const [p] = (await decodeFetch(answer, { readCommitted: false, topics: [{ topic: 't', partitions: [{ partition: 0, offset: 6n }] }] })).partitions;
    assert.deepEqual(values(p.result.records), ['old-6']);
    assert.equal(p.result.records[0].timestamp, 1_700_000_000_006);
    assert.equal(p.result.nextOffset, 7n);
  });

  it('snappy, lz4 (and zstd on Node 20): a precondition error naming the partition and codec, not garbage', async () => {
    const buf = await batch(0, recs);
    buf.writeInt16BE((buf.readInt16BE(21) & ~7) | 2, 21);
    assert.throws(
      () => decodeRecordBatches(buf, 0n, 'orders-3'),
      (e: unknown) => isDrctlError(e) && e.kind === 'precondition' && /orders-3 at offset 0: the records are compressed with snappy/.test(e.message),
    );
  });
});

/** A Fetch v11 answer (after the correlation id) in the schema's field order. */
function fetchAnswer(topics: { topic: string; partitions: { partition: number; errorCode?: number; records: Buffer | null; aborted?: [number, number][] | null }[] }[], throttleMs = 0): Buffer {
  return new Encoder()
    .writeInt32(throttleMs)
    .writeInt16(0)
    .writeInt32(0)
    .writeArray(
      topics.map((t) =>
        new Encoder().writeString(t.topic).writeArray(
          t.partitions.map((p) => {
            const e = new Encoder()
              .writeInt32(p.partition)
              .writeInt16(p.errorCode ?? 0)
              .writeInt64(50)
              .writeInt64(50)
              .writeInt64(3);
            if (p.aborted === undefined || p.aborted === null) e.writeInt32(-1);
            else e.writeArray(p.aborted.map(([pid, first]) => new Encoder().writeInt64(pid).writeInt64(first)));
            return e.writeInt32(-1).writeBytes(p.records);
          }),
        ),
      ),
    ).buffer;
}

describe('Fetch v11, encoded and decoded by drctl', () => {
  it('the request is byte for byte kafkajs’s Fetch v11 request', async () => {
    const topics = [
      {
        topic: 'orders',
        partitions: [
          { partition: 0, offset: 12n },
          { partition: 3, offset: 123_456_789_012n },
        ],
      },
      { topic: 'pay-é', partitions: [{ partition: 1, offset: 0n }] },
    ];
    const ours = encodeFetch({ readCommitted: true, maxWaitMs: 250, partitionMaxBytes: 65536, topics });
    const theirs = await FetchV11({
      replicaId: -1,
      maxWaitTime: 250,
      minBytes: 1,
      maxBytes: 65536 * 3,
      isolationLevel: 1,
      topics: topics.map((t) => ({ topic: t.topic, partitions: t.partitions.map((p) => ({ partition: p.partition, fetchOffset: p.offset.toString(), maxBytes: 65536 })) })),
    }).encode();
    assert.deepEqual(ours, theirs.buffer);
  });

  it('decodes each partition’s bounds and records, passes the throttle time on, and throws the first partition error', async () => {
    const one = await batch(10, [
      { key: 'a', value: 'x' },
      { key: 'b', value: 'y' },
    ]);
    const answer = fetchAnswer(
      [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, records: one, aborted: [] },
            { partition: 1, records: null, aborted: [] },
          ],
        },
      ],
      40,
    );
    const got = await decodeFetch(answer, {
      readCommitted: true,
      topics: [
        {
          topic: 'orders',
          partitions: [
            { partition: 0, offset: 11n },
            { partition: 1, offset: 0n },
          ],
        },
      ],
    });
    assert.equal(got.clientSideThrottleTime, 40);
    assert.deepEqual(
      got.partitions.map((p) => [p.topic, p.partition, values(p.result.records), p.result.nextOffset, p.result.highWatermark, p.result.logStartOffset]),
      [
        ['orders', 0, ['y'], 12n, 50n, 3n],
        ['orders', 1, [], 0n, 50n, 3n],
      ],
    );
    const failing = fetchAnswer([
      {
        topic: 'orders',
        partitions: [
          { partition: 0, records: one },
          { partition: 1, errorCode: 1, records: null },
        ],
      },
    ]);
    await assert.rejects(decodeFetch(failing, { readCommitted: false, topics: [] }), (e: Error & { type?: string }) => e.type === 'OFFSET_OUT_OF_RANGE');
  });
});

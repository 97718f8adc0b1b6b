/**
 * Kafka's record batch format (magic 2, the only format Kafka writes since 0.11), decoded straight to drctl's records.
 * kafkajs's decoder does every record's int64 arithmetic with Long objects and builds several objects per record;
 * reading the same bytes here is about five times faster, and a failover or an RPO report spends most of its CPU
 * decoding fetched records. Layout (apache/kafka `DefaultRecordBatch` and `DefaultRecord`):
 * - batch: base offset (int64), length (int32, of the rest), leader epoch (int32), magic (int8), CRC (uint32),
 *   attributes (int16: codec in bits 0-2, log-append time in bit 3, transactional bit 4, control bit 5),
 *   last offset delta (int32), base and max timestamp (int64), producer id (int64), producer epoch (int16),
 *   base sequence (int32), record count (int32), then the records (compressed as one block when a codec is set);
 * - record: length (varint), attributes (int8), timestamp delta (varlong), offset delta (varint), key and value
 *   (varint length, -1 for null), header count (varint), each header a varint-length key and value.
 * Varints are zigzag-encoded. The CRC is not checked (the broker validated it on append; kafkajs does not check it
 * either).
 */
import zlib from 'node:zlib';
import { DrctlError } from '../errors.js';
import type { KafkaRecord, RecordHeader } from './gateway.js';

/** An aborted transaction as a READ_COMMITTED Fetch lists it: its producer and its first offset. */
export interface AbortedTransaction {
  producerId: bigint;
  firstOffset: bigint;
}

/** What the record batches of one partition's fetch hold, from the requested offset on. */
export interface DecodedBatches {
  /** Data records at or after the requested offset (control records and, read committed, aborted ones removed). */
  records: KafkaRecord[];
  /** The offset after the last whole batch (a fetch may end in a partial batch, which is read again next time). */
  nextOffset: bigint;
  /** Bytes at positions where a legacy (magic 0 or 1) message set starts, for the caller to decode another way. */
  legacy: Buffer | null;
}

/** The batch header's size up to and including the record count. */
const BATCH_HEADER = 61;
/** Where the magic byte sits in a batch, and in a legacy message set entry. */
const MAGIC_AT = 16;
const TIMESTAMP_LOG_APPEND = 0x08;
const TRANSACTIONAL = 0x10;
const CONTROL = 0x20;
const CODEC_MASK = 0x07;
const CODEC_NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** zstd is in node:zlib from Node 22.15 and 23.8; Node 20 has none. */
const zstdDecompress = (zlib as unknown as { zstdDecompressSync?: (b: Buffer) => Buffer }).zstdDecompressSync;

/** A cursor over a buffer, with Kafka's varints. */
class Reader {
  constructor(
    readonly buf: Buffer,
    public pos = 0,
  ) {}

  /** An unsigned varint as a number (Kafka's varints here fit in 32 bits, zigzag-encoded). */
  varint(): number {
    let result = 0;
    let shift = 0;
    let b;
    do {
      b = this.buf[this.pos++];
      if (b === undefined) throw new RangeError('varint past the end of a record');
      result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    // zigzag: even values are non-negative
    return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
  }

  /** A varint-prefixed byte string (a view on the buffer), null for length -1. */
  bytes(): Buffer | null {
    const n = this.varint();
    if (n < 0) return null;
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}

/** A signed int64 at `at` as a number (timestamps: exact while below 2^53 ms). */
const int64Number = (buf: Buffer, at: number): number => buf.readInt32BE(at) * 2 ** 32 + buf.readUInt32BE(at + 4);

/** Decompress a batch's record block. */
function decompress(codec: number, block: Buffer, where: string): Buffer {
  if (codec === 1) return zlib.gunzipSync(block);
  if (codec === 4 && zstdDecompress) return zstdDecompress(block);
  const name = CODEC_NAMES[codec] ?? `codec ${codec}`;
  throw new DrctlError('DRCTL_PRECONDITION', `${where}: the records are compressed with ${name}, which drctl cannot decompress`, {
    hint: `drctl reads uncompressed and gzip records${zstdDecompress ? ' and zstd' : ' (and zstd on Node 22.15 or later)'}; produce with compression.type=gzip, or set compression.type on the topic`,
  });
}

/** Is this control batch an ABORT marker? (A control record's key is a version (int16) and a type: 0 abort, 1 commit.) */
function isAbortMarker(records: Buffer): boolean {
  const r = new Reader(records);
  r.varint(); // record length
  r.pos += 1; // attributes
  r.varint(); // timestamp delta
  r.varint(); // offset delta
  const key = r.bytes();
  return key !== null && key.length >= 4 && key.readInt16BE(2) === 0;
}

/**
 * Decode a partition's record set as a Fetch returned it. Records before `from` are dropped (a batch may start
 * before the requested offset). Read committed, the batches of `aborted` transactions are dropped as the Java
 * consumer drops them: a producer's batches count as aborted from the transaction's first offset until its ABORT
 * marker. `where` names the partition in errors.
 */
export function decodeRecordBatches(buf: Buffer, from: bigint, where: string, aborted: readonly AbortedTransaction[] | null = null): DecodedBatches {
  const records: KafkaRecord[] = [];
  let nextOffset = from;
  const pending = aborted ? [...aborted].sort((a, b) => (a.firstOffset < b.firstOffset ? -1 : a.firstOffset > b.firstOffset ? 1 : 0)) : [];
  const abortedProducers = new Set<bigint>();
  let pos = 0;
  // A legacy message can be shorter than a batch header: read up to the magic byte first.
  while (pos + MAGIC_AT + 1 <= buf.length) {
    const length = buf.readInt32BE(pos + 8);
    const end = pos + 12 + length;
    if (end > buf.length) break; // a partial batch at the end of the response
    if (buf.readInt8(pos + MAGIC_AT) < 2) return { records, nextOffset, legacy: buf.subarray(pos) };
    if (end < pos + BATCH_HEADER) throw new RangeError(`${where}: a record batch of ${length} bytes is shorter than its header`);
    const baseOffset = buf.readBigInt64BE(pos);
    const attributes = buf.readInt16BE(pos + 21);
    const lastOffset = baseOffset + BigInt(buf.readInt32BE(pos + 23));
    const baseTimestamp = int64Number(buf, pos + 27);
    const maxTimestamp = int64Number(buf, pos + 35);
    const producerId = buf.readBigInt64BE(pos + 43);
    const count = buf.readInt32BE(pos + 57);
    let block = buf.subarray(pos + BATCH_HEADER, end);
    pos = end;
    if (lastOffset + 1n > nextOffset) nextOffset = lastOffset + 1n;
    if (lastOffset < from) continue;
    if (aborted && producerId >= 0n) {
      while (pending.length > 0 && pending[0].firstOffset <= lastOffset) abortedProducers.add(pending.shift()!.producerId);
      if (attributes & CONTROL) {
        if (count > 0 && isAbortMarker(block)) abortedProducers.delete(producerId);
        continue;
      }
      if (attributes & TRANSACTIONAL && abortedProducers.has(producerId)) continue;
    }
    if (attributes & CONTROL) continue;
    const codec = attributes & CODEC_MASK;
    if (codec !== 0) block = decompress(codec, block, `${where} at offset ${baseOffset}`);
    const logAppendTime = (attributes & TIMESTAMP_LOG_APPEND) !== 0;
    const r = new Reader(block);
    for (let i = 0; i < count; i++) {
      const size = r.varint();
      const next = r.pos + size;
      r.pos += 1; // record attributes: unused
      const timestampDelta = r.varint();
      const offset = baseOffset + BigInt(r.varint());
      const key = r.bytes();
      const value = r.bytes();
      const headerCount = r.varint();
      const headers: RecordHeader[] = [];
      for (let h = 0; h < headerCount; h++) {
        const k = r.bytes();
        headers.push({ key: k ? k.toString('utf8') : '', value: r.bytes() });
      }
      r.pos = next;
      if (offset < from) continue;
      records.push({ offset, timestamp: logAppendTime ? maxTimestamp : baseTimestamp + timestampDelta, key, value, headers });
    }
  }
  return { records, nextOffset, legacy: null };
}

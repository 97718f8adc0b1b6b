/**
 * Byte-identical codecs for MirrorMaker 2's records (Kafka protocol `Struct`s: big-endian INT16/INT32/INT64 and
 * INT16-length UTF-8 strings, fields in order, trailing bytes ignored as Java's Schema.read does):
 * Checkpoint (key group/topic/partition; value version/upstream/downstream/metadata), OffsetSync (key
 * topic/partition; value upstream/downstream, no version) and Heartbeat (key source/target; value version/timestamp).
 */

/** A checkpoint: a group's source offset and its translation on the target, for a target-side topic name. */
export interface Checkpoint {
  group: string;
  /** Target-side topic name (already renamed by the replication policy). */
  topic: string;
  partition: number;
  upstreamOffset: bigint;
  downstreamOffset: bigint;
  metadata: string;
}

/** An offset sync: a source record's offset and where MM2 wrote it on the target. */
export interface OffsetSync {
  /** Source-side topic name. */
  topic: string;
  partition: number;
  upstreamOffset: bigint;
  downstreamOffset: bigint;
}

/** A heartbeat emitted by the herder of a flow. */
export interface Heartbeat {
  sourceClusterAlias: string;
  targetClusterAlias: string;
  timestamp: number;
}

/** A record that does not decode as the expected MM2 struct. */
export class Mm2FormatError extends Error {
  override name = 'Mm2FormatError';
}

class Reader {
  private pos = 0;
  constructor(private readonly buf: Buffer) {}
  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new Mm2FormatError(`record too short: need ${n} bytes at ${this.pos}, have ${this.buf.length - this.pos}`);
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  int64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }
  string(): string {
    const n = this.int16();
    if (n < 0) throw new Mm2FormatError('negative STRING length');
    this.need(n);
    const s = this.buf.toString('utf8', this.pos, this.pos + n);
    this.pos += n;
    return s;
  }
}

const str = (s: string): Buffer => {
  const b = Buffer.from(s, 'utf8');
  if (b.length > 32767) throw new Mm2FormatError('STRING longer than 32767 bytes');
  const len = Buffer.alloc(2);
  len.writeInt16BE(b.length);
  return Buffer.concat([len, b]);
};
const i16 = (v: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeInt16BE(v);
  return b;
};
const i32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};
const i64 = (v: bigint): Buffer => {
  const b = Buffer.alloc(8);
  b.writeBigInt64BE(v);
  return b;
};

/** Encode a checkpoint as MM2 writes it. */
export function encodeCheckpoint(c: Checkpoint): { key: Buffer; value: Buffer } {
  if (c.downstreamOffset < 0n || c.upstreamOffset < 0n) throw new Mm2FormatError('checkpoint offsets must not be negative (Java readers throw on them)');
  return {
    key: Buffer.concat([str(c.group), str(c.topic), i32(c.partition)]),
    value: Buffer.concat([i16(0), i64(c.upstreamOffset), i64(c.downstreamOffset), str(c.metadata)]),
  };
}

/** Decode a checkpoint; any version number is parsed with the v0 layout, as Java does. */
export function decodeCheckpoint(key: Buffer, value: Buffer): Checkpoint & { version: number } {
  const k = new Reader(key);
  const v = new Reader(value);
  const group = k.string();
  const topic = k.string();
  const partition = k.int32();
  const version = v.int16();
  return { group, topic, partition, version, upstreamOffset: v.int64(), downstreamOffset: v.int64(), metadata: v.string() };
}

/** Encode an offset sync as MM2 writes it. */
export function encodeOffsetSync(s: OffsetSync): { key: Buffer; value: Buffer } {
  return { key: Buffer.concat([str(s.topic), i32(s.partition)]), value: Buffer.concat([i64(s.upstreamOffset), i64(s.downstreamOffset)]) };
}

/** Decode an offset sync. */
export function decodeOffsetSync(key: Buffer, value: Buffer): OffsetSync {
  const k = new Reader(key);
  const v = new Reader(value);
  return { topic: k.string(), partition: k.int32(), upstreamOffset: v.int64(), downstreamOffset: v.int64() };
}

/** Encode a heartbeat as MM2 writes it. */
export function encodeHeartbeat(h: Heartbeat): { key: Buffer; value: Buffer } {
  return { key: Buffer.concat([str(h.sourceClusterAlias), str(h.targetClusterAlias)]), value: Buffer.concat([i16(0), i64(BigInt(h.timestamp))]) };
}

/** Decode a heartbeat. */
export function decodeHeartbeat(key: Buffer, value: Buffer): Heartbeat {
  const k = new Reader(key);
  const v = new Reader(value);
  const sourceClusterAlias = k.string();
  const targetClusterAlias = k.string();
  v.int16();
  return { sourceClusterAlias, targetClusterAlias, timestamp: Number(v.int64()) };
}

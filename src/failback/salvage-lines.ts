/**
 * The salvage format: one JSON line per record with its source topic, partition and offset, its timestamp, and key,
 * value and headers as base64 (null stays null). The same line is the unit of every salvage digest, whether the
 * records went to a directory or to a topic, so a salvage is verified by comparing digests of lines.
 */
import { createHash, type Hash } from 'node:crypto';
import type { ClusterGateway, KafkaRecord } from '../kafka/gateway.js';
import { readRange } from '../kafka/read-range.js';
import { preconditionError } from '../errors.js';

/** A source partition's range [from, to) to salvage. */
export interface TailRange {
  topic: string;
  partition: number;
  from: bigint;
  to: bigint;
}

/** One parsed line. */
export interface SalvagedRecord extends KafkaRecord {
  topic: string;
  partition: number;
}

const b64 = (b: Buffer | null): string | null => (b === null ? null : b.toString('base64'));
const unb64 = (s: string | null): Buffer | null => (s === null ? null : Buffer.from(s, 'base64'));

/** The line of a record (with its trailing newline). */
export function salvageLine(topic: string, partition: number, r: KafkaRecord): string {
  return `${JSON.stringify({ topic, partition, offset: r.offset.toString(), timestamp: r.timestamp, key: b64(r.key), value: b64(r.value), headers: r.headers.map((h) => ({ key: h.key, value: b64(h.value) })) })}\n`;
}

/** Parse a line written by salvageLine; throws on anything else. */
export function parseSalvageLine(line: string): SalvagedRecord {
  const v = JSON.parse(line) as { topic: string; partition: number; offset: string; timestamp: number; key: string | null; value: string | null; headers: { key: string; value: string | null }[] };
  if (typeof v.topic !== 'string' || !Number.isInteger(v.partition) || typeof v.offset !== 'string' || !Array.isArray(v.headers)) throw new Error('not a drctl salvage line');
  return { topic: v.topic, partition: v.partition, offset: BigInt(v.offset), timestamp: v.timestamp, key: unb64(v.key), value: unb64(v.value), headers: v.headers.map((h) => ({ key: h.key, value: unb64(h.value) })) };
}

/** A running count and SHA-256 over lines. */
export class LineDigest {
  private readonly hash: Hash = createHash('sha256');
  records = 0;
  bytes = 0;
  firstOffset: bigint | null = null;
  lastOffset: bigint | null = null;
  firstTimestamp: number | null = null;
  lastTimestamp: number | null = null;

  /** Add a record's line. */
  add(line: string, r: { offset: bigint; timestamp: number }): void {
    this.hash.update(line);
    this.records++;
    this.bytes += Buffer.byteLength(line);
    this.firstOffset ??= r.offset;
    this.firstTimestamp ??= r.timestamp;
    this.lastOffset = r.offset;
    this.lastTimestamp = r.timestamp;
  }

  /** The hex digest (once). */
  hex(): string {
    return this.hash.digest('hex');
  }
}

/**
 * The data records of a tail range on the source, read_committed: an aborted transaction is not data to salvage.
 * Fails (exit 3) when reading cannot reach the end of the range, e.g. at a transaction still open there, because
 * deleting records that were not salvaged is exactly what must not happen.
 */
export async function* readTail(source: ClusterGateway, r: TailRange): AsyncGenerator<KafkaRecord> {
  const reached = { offset: r.from };
  yield* readRange(source, r, r.from, r.to, { isolation: 'read_committed', maxBytes: 1 << 20 }, undefined, reached);
  if (reached.offset < r.to) {
    throw preconditionError(
      'DRCTL_PRECONDITION',
      `${source.alias} ${r.topic}-${r.partition}: committed records could be read only up to offset ${reached.offset} of ${r.to}`,
      'a transaction is probably still open there: wait for it to end or time out (transaction.timeout.ms), then run failback again',
    );
  }
}

/** Count and digest the source's tail range, as the salvage must hold it. */
export async function digestTail(source: ClusterGateway, r: TailRange): Promise<LineDigest> {
  const d = new LineDigest();
  for await (const rec of readTail(source, r)) d.add(salvageLine(r.topic, r.partition, rec), rec);
  return d;
}

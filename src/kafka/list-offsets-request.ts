/**
 * ListOffsets v3 (API 2), sent raw: the same request kafkajs 2.2.4 sends, byte for byte (its newest version), with
 * drctl's own encoder and decoder. kafkajs builds int64 objects and strings for every partition both ways; a failover
 * or an RPO report lists the bounds of thousands of partitions several times. Field order from apache/kafka's
 * ListOffsetsRequest.json and ListOffsetsResponse.json (v3: not flexible):
 * - request: replica id (-1, a client), isolation level (int8), topics (name, partitions: index, timestamp);
 * - response: throttle time, topics (name, partitions: index, error code, timestamp, offset).
 * As kafkajs's parse does, the first partition error throws, with kafkajs's error type (e.g.
 * NOT_LEADER_FOR_PARTITION, which the gateway retries after a metadata refresh).
 */
import type { ListedOffset } from './gateway.js';
import { bodyRequest, protocolError, type RawRequest } from './raw-codec.js';

/** ListOffsets' API key and the version sent. */
export const LIST_OFFSETS = { key: 2, version: 3 } as const;

/** One ListOffsets: a timestamp (-1 latest, -2 earliest, or a time in ms) for every partition of `topics`. */
export interface ListOffsetsParams {
  /** 0 read uncommitted (high watermark), 1 read committed (last stable offset). */
  isolationLevel: 0 | 1;
  timestamp: number;
  topics: readonly { topic: string; partitions: readonly number[] }[];
}

/** A decoded answer; kafkajs's connection reads `clientSideThrottleTime` from it to honour a quota (KIP-219). */
export interface ListOffsetsAnswer {
  clientSideThrottleTime: number;
  offsets: ListedOffset[];
}

/** Encode the request body. */
export function encodeListOffsets(p: ListOffsetsParams): Buffer {
  const names = p.topics.map((t) => Buffer.from(t.topic, 'utf8'));
  let size = 4 + 1 + 4;
  p.topics.forEach((t, i) => (size += 2 + names[i].length + 4 + t.partitions.length * 12));
  const b = Buffer.alloc(size);
  let at = b.writeInt32BE(-1, 0); // replica id: a client
  at = b.writeInt8(p.isolationLevel, at);
  at = b.writeInt32BE(p.topics.length, at);
  const timestamp = BigInt(p.timestamp);
  p.topics.forEach((t, i) => {
    at = b.writeInt16BE(names[i].length, at);
    at += names[i].copy(b, at);
    at = b.writeInt32BE(t.partitions.length, at);
    for (const partition of t.partitions) {
      at = b.writeInt32BE(partition, at);
      at = b.writeBigInt64BE(timestamp, at);
    }
  });
  return b;
}

/** Decode a ListOffsets v3 response body (after the correlation id); an offset of -1 (none at that time) is null. */
export function decodeListOffsets(raw: Buffer): ListOffsetsAnswer {
  const clientSideThrottleTime = raw.readInt32BE(0);
  let at = 4;
  const offsets: ListedOffset[] = [];
  let firstError = 0;
  const topicCount = raw.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topicCount; t++) {
    const nameLength = raw.readInt16BE(at);
    const topic = raw.toString('utf8', at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    const partitionCount = raw.readInt32BE(at);
    at += 4;
    for (let i = 0; i < partitionCount; i++, at += 22) {
      const code = raw.readInt16BE(at + 4);
      if (code !== 0) firstError ||= code;
      const offset = raw.readBigInt64BE(at + 14);
      offsets.push({ topic, partition: raw.readInt32BE(at), offset: offset < 0n ? null : offset });
    }
  }
  if (firstError !== 0) throw protocolError(firstError);
  return { clientSideThrottleTime, offsets };
}

/** The raw request for kafkajs's connection. */
export function listOffsetsRequest(p: ListOffsetsParams): RawRequest<ListOffsetsAnswer> {
  return bodyRequest(LIST_OFFSETS, 'ListOffsets', () => encodeListOffsets(p), decodeListOffsets);
}

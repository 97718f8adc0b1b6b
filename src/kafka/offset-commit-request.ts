/**
 * OffsetCommit v5 (API 8), sent raw: the request kafkajs 2.2.4 sends (its newest version), byte for byte, with
 * drctl's own encoder and decoder. kafkajs builds an encoder object per partition and a decoder object per answer
 * entry; a failover commits thousands of partitions in hundreds of requests, and a profile of a 200-group failover
 * spent more time in kafkajs's OffsetCommit codec than in the brokers' answers. Field order from apache/kafka's
 * OffsetCommitRequest.json and OffsetCommitResponse.json (v5: not flexible, no retention time, no leader epoch):
 * - request: group id, generation id, member id, topics (name, partitions: index, offset, metadata (nullable));
 * - response: throttle time, topics (name, partitions: index, error code).
 * As kafkajs's parse does, the first partition error throws, with kafkajs's error type (e.g. NOT_COORDINATOR_FOR_GROUP,
 * which the gateway retries at the new coordinator, or UNKNOWN_MEMBER_ID for a group with members).
 */
import { bodyRequest, protocolError, type RawRequest } from './raw-codec.js';

/** OffsetCommit's API key and the version sent. */
export const OFFSET_COMMIT = { key: 8, version: 5 } as const;

/** One OffsetCommit of a group: generation -1 and member "" make it an admin-style commit (no member). */
export interface OffsetCommitParams {
  groupId: string;
  generationId: number;
  memberId: string;
  topics: readonly { topic: string; partitions: readonly { partition: number; offset: bigint }[] }[];
}

/** A decoded answer; kafkajs's connection reads `clientSideThrottleTime` from it to honour a quota (KIP-219). */
export interface OffsetCommitAnswer {
  clientSideThrottleTime: number;
  /** Every partition answered (all without error: an error throws). */
  partitions: number;
}

/** Encode the request body (the metadata of every partition is null, as kafkajs sends it by default). */
export function encodeOffsetCommit(p: OffsetCommitParams): Buffer {
  const group = Buffer.from(p.groupId, 'utf8');
  const member = Buffer.from(p.memberId, 'utf8');
  const names = p.topics.map((t) => Buffer.from(t.topic, 'utf8'));
  let size = 2 + group.length + 4 + 2 + member.length + 4;
  p.topics.forEach((t, i) => (size += 2 + names[i].length + 4 + t.partitions.length * 14));
  const b = Buffer.alloc(size);
  let at = b.writeInt16BE(group.length, 0);
  at += group.copy(b, at);
  at = b.writeInt32BE(p.generationId, at);
  at = b.writeInt16BE(member.length, at);
  at += member.copy(b, at);
  at = b.writeInt32BE(p.topics.length, at);
  p.topics.forEach((t, i) => {
    at = b.writeInt16BE(names[i].length, at);
    at += names[i].copy(b, at);
    at = b.writeInt32BE(t.partitions.length, at);
    for (const { partition, offset } of t.partitions) {
      at = b.writeInt32BE(partition, at);
      at = b.writeBigInt64BE(offset, at);
      at = b.writeInt16BE(-1, at); // metadata: null
    }
  });
  return b;
}

/** Decode an OffsetCommit v5 response body (after the correlation id); the first partition error throws. */
export function decodeOffsetCommit(raw: Buffer): OffsetCommitAnswer {
  const clientSideThrottleTime = raw.readInt32BE(0);
  let at = 4;
  let partitions = 0;
  let firstError = 0;
  const topicCount = raw.readInt32BE(at);
  at += 4;
  for (let t = 0; t < topicCount; t++) {
    at += 2 + raw.readInt16BE(at);
    const count = raw.readInt32BE(at);
    at += 4;
    for (let i = 0; i < count; i++, at += 6) {
      const code = raw.readInt16BE(at + 4);
      if (code !== 0) firstError ||= code;
    }
    partitions += count;
  }
  if (firstError !== 0) throw protocolError(firstError);
  return { clientSideThrottleTime, partitions };
}

/** The raw request for kafkajs's connection. */
export function offsetCommitRequest(p: OffsetCommitParams): RawRequest<OffsetCommitAnswer> {
  return bodyRequest(OFFSET_COMMIT, 'OffsetCommit', () => encodeOffsetCommit(p), decodeOffsetCommit);
}

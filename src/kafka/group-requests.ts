/**
 * Group requests kafkajs 2.2.4 does not have, encoded and decoded here and sent over the connections kafkajs
 * already holds (same TLS, SASL and timeouts):
 * - ListGroups v5 (API 16): every group with its type (classic, consumer, share, streams) and state (Kafka 3.8+).
 * - ConsumerGroupDescribe v0 (API 69): a KIP-848 group's state, epochs and members with their assignments (Kafka
 *   4.0+; DescribeGroups reports such a group as Dead with no members).
 * - OffsetFetch v8 (API 9): the committed offsets of many groups in one request per coordinator (KIP-709, Kafka
 *   3.0+); kafkajs asks one group at a time, after a FindCoordinator of its own.
 * - FindCoordinator v4 (API 10): the coordinators of many groups in one request (KIP-699, Kafka 3.0+); kafkajs
 *   asks one group at a time.
 * The codec plumbing is in raw-codec.ts. The field order follows the message schemas in apache/kafka
 * (clients/src/main/resources/common/message), checked against the 4.3.1 jar.
 */
import { DecoderClass, EncoderClass, header, protocolError, strings, type Decoder, type RawRequest } from './raw-codec.js';

export { protocolError, type Decoder, type RawRequest } from './raw-codec.js';

/** The API keys and versions used here. */
export const API = { listGroups: { key: 16, version: 5 }, consumerGroupDescribe: { key: 69, version: 0 }, offsetFetch: { key: 9, version: 8 }, findCoordinator: { key: 10, version: 4 } } as const;

/** One group of a ListGroups v5 answer. */
export interface ListGroupsEntry {
  groupId: string;
  protocolType: string;
  groupState: string;
  groupType: string;
}

/** ListGroups v5 with no state or type filter: every group this broker coordinates. */
export function listGroupsRequest(): RawRequest<{ errorCode: number; groups: ListGroupsEntry[] }> {
  return {
    request: {
      apiKey: API.listGroups.key,
      apiVersion: API.listGroups.version,
      apiName: 'ListGroups',
      encode: async () => header().writeUVarIntArray([]).writeUVarIntArray([]).writeUVarInt(0),
    },
    response: {
      decode: async (raw) => decodeListGroups(raw),
      parse: async (r) => {
        if (r.errorCode !== 0) throw protocolError(r.errorCode);
        return r;
      },
    },
  };
}

/** Decode a ListGroups v5 response (header included). */
export function decodeListGroups(raw: Buffer): { errorCode: number; groups: ListGroupsEntry[] } {
  const d = new DecoderClass(raw);
  d.readTaggedFields();
  d.readInt32(); // throttle time
  const errorCode = d.readInt16();
  const groups =
    d.readUVarIntArray((x) => {
      const g = { groupId: x.readUVarIntString() ?? '', protocolType: x.readUVarIntString() ?? '', groupState: x.readUVarIntString() ?? '', groupType: x.readUVarIntString() ?? '' };
      x.readTaggedFields();
      return g;
    }) ?? [];
  d.readTaggedFields();
  return { errorCode, groups };
}

/** A member of a KIP-848 group, as ConsumerGroupDescribe describes it. */
export interface ConsumerGroupMember {
  memberId: string;
  memberEpoch: number;
  clientId: string;
  clientHost: string;
  subscribedTopics: string[];
  /** Topics of its current assignment and of its target assignment (where the coordinator is moving it). */
  assignedTopics: string[];
}

/** One group of a ConsumerGroupDescribe answer. errorCode 69 (GROUP_ID_NOT_FOUND): no such group, or not a KIP-848 group. */
export interface ConsumerGroupDescription {
  errorCode: number;
  errorMessage: string | null;
  groupId: string;
  groupState: string;
  groupEpoch: number;
  assignmentEpoch: number;
  members: ConsumerGroupMember[];
}

/** ConsumerGroupDescribe v0 for groups this broker coordinates. */
export function consumerGroupDescribeRequest(groupIds: readonly string[]): RawRequest<ConsumerGroupDescription[]> {
  return {
    request: {
      apiKey: API.consumerGroupDescribe.key,
      apiVersion: API.consumerGroupDescribe.version,
      apiName: 'ConsumerGroupDescribe',
      encode: async () =>
        header()
          .writeUVarIntArray(groupIds.map((g) => new EncoderClass().writeUVarIntString(g)))
          .writeBoolean(false) // include authorized operations: no
          .writeUVarInt(0),
    },
    response: { decode: async (raw) => decodeConsumerGroupDescribe(raw), parse: async (r) => r },
  };
}

/** The topics of an Assignment (topic partitions by topic id and name). */
function assignmentTopics(d: Decoder): string[] {
  const topics =
    d.readUVarIntArray((x) => {
      x.offset += 16; // topic id (a UUID)
      const name = x.readUVarIntString() ?? '';
      x.readUVarIntArray((y) => y.readInt32());
      x.readTaggedFields();
      return name;
    }) ?? [];
  d.readTaggedFields();
  return topics;
}

/** Decode a ConsumerGroupDescribe v0 response (header included). */
export function decodeConsumerGroupDescribe(raw: Buffer): ConsumerGroupDescription[] {
  const d = new DecoderClass(raw);
  d.readTaggedFields();
  d.readInt32(); // throttle time
  const groups =
    d.readUVarIntArray((x): ConsumerGroupDescription => {
      const errorCode = x.readInt16();
      const errorMessage = x.readUVarIntString();
      const groupId = x.readUVarIntString() ?? '';
      const groupState = x.readUVarIntString() ?? '';
      const groupEpoch = x.readInt32();
      const assignmentEpoch = x.readInt32();
      x.readUVarIntString(); // assignor name
      const members =
        x.readUVarIntArray((m): ConsumerGroupMember => {
          const memberId = m.readUVarIntString() ?? '';
          m.readUVarIntString(); // instance id
          m.readUVarIntString(); // rack id
          const memberEpoch = m.readInt32();
          const clientId = m.readUVarIntString() ?? '';
          const clientHost = m.readUVarIntString() ?? '';
          const subscribedTopics = strings(m);
          m.readUVarIntString(); // subscribed topic regex
          const assigned = assignmentTopics(m);
          const target = assignmentTopics(m);
          m.readTaggedFields();
          return { memberId, memberEpoch, clientId, clientHost, subscribedTopics, assignedTopics: [...new Set([...assigned, ...target])].sort() };
        }) ?? [];
      x.readInt32(); // authorized operations
      x.readTaggedFields();
      return { errorCode, errorMessage, groupId, groupState, groupEpoch, assignmentEpoch, members };
    }) ?? [];
  d.readTaggedFields();
  return groups;
}

/** One group's answer to OffsetFetch v8: its committed offsets (partition errors kept, for the caller to judge). */
export interface GroupOffsets {
  groupId: string;
  errorCode: number;
  partitions: { topic: string; partition: number; offset: bigint; errorCode: number }[];
}

/**
 * OffsetFetch v8 for every topic of each of `groupIds` (all coordinated by the broker it is sent to); `requireStable`
 * as OffsetRead 'stable' describes.
 */
export function offsetFetchRequest(groupIds: readonly string[], requireStable: boolean): RawRequest<GroupOffsets[]> {
  return {
    request: {
      apiKey: API.offsetFetch.key,
      apiVersion: API.offsetFetch.version,
      apiName: 'OffsetFetch',
      encode: async () =>
        header()
          // Each group: its id, topics null (every topic it has offsets for), no tagged fields.
          .writeUVarIntArray(groupIds.map((g) => new EncoderClass().writeUVarIntString(g).writeUVarInt(0).writeUVarInt(0)))
          // Stable: Kafka 4's coordinator answers from everything written to the group's log and waits until it is
          // replicated, instead of from a snapshot at the high watermark (stale on a leader elected a moment ago).
          .writeBoolean(requireStable)
          .writeUVarInt(0),
    },
    response: { decode: async (raw) => decodeOffsetFetch(raw), parse: async (r) => r },
  };
}

/** Decode an OffsetFetch v8 response (header included). */
export function decodeOffsetFetch(raw: Buffer): GroupOffsets[] {
  const d = new DecoderClass(raw);
  d.readTaggedFields();
  d.readInt32(); // throttle time
  const groups =
    d.readUVarIntArray((g): GroupOffsets => {
      const groupId = g.readUVarIntString() ?? '';
      const partitions = (
        g.readUVarIntArray((t) => {
          const topic = t.readUVarIntString() ?? '';
          const parts =
            t.readUVarIntArray((p) => {
              const partition = p.readInt32();
              const offset = BigInt(p.readInt64().toString());
              p.readInt32(); // committed leader epoch
              p.readUVarIntString(); // metadata
              const errorCode = p.readInt16();
              p.readTaggedFields();
              return { topic, partition, offset, errorCode };
            }) ?? [];
          t.readTaggedFields();
          return parts;
        }) ?? []
      ).flat();
      const errorCode = g.readInt16();
      g.readTaggedFields();
      return { groupId, errorCode, partitions };
    }) ?? [];
  d.readTaggedFields();
  return groups;
}

/** One group's coordinator as FindCoordinator v4 answers it (errorCode 0: found). */
export interface CoordinatorEntry {
  key: string;
  nodeId: number;
  errorCode: number;
  errorMessage: string | null;
}

/** FindCoordinator v4 for groups (key type 0): every group's coordinator in one request to any broker. */
export function findCoordinatorsRequest(groupIds: readonly string[]): RawRequest<CoordinatorEntry[]> {
  return {
    request: {
      apiKey: API.findCoordinator.key,
      apiVersion: API.findCoordinator.version,
      apiName: 'FindCoordinator',
      encode: async () =>
        header()
          .writeInt8(0) // key type: group
          .writeUVarIntArray(groupIds.map((g) => new EncoderClass().writeUVarIntString(g)))
          .writeUVarInt(0),
    },
    response: { decode: async (raw) => decodeFindCoordinators(raw), parse: async (r) => r },
  };
}

/** Decode a FindCoordinator v4 response (header included). */
export function decodeFindCoordinators(raw: Buffer): CoordinatorEntry[] {
  const d = new DecoderClass(raw);
  d.readTaggedFields();
  d.readInt32(); // throttle time
  const out =
    d.readUVarIntArray((x): CoordinatorEntry => {
      const key = x.readUVarIntString() ?? '';
      const nodeId = x.readInt32();
      x.readUVarIntString(); // host
      x.readInt32(); // port
      const errorCode = x.readInt16();
      const errorMessage = x.readUVarIntString();
      x.readTaggedFields();
      return { key, nodeId, errorCode, errorMessage };
    }) ?? [];
  d.readTaggedFields();
  return out;
}

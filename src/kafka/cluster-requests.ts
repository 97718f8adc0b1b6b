/**
 * Requests that describe the cluster itself, which kafkajs 2.2.4 cannot send (field order from the message schemas
 * in apache/kafka, checked against the 4.3.1 jar; both flexible):
 * - Metadata v9 (API 3) with an empty topic list: the brokers with their racks and the cluster
 *   id, and no topic at all. kafkajs sends an empty list as null, which asks for every topic, and then fails the whole
 *   answer when any partition anywhere has no leader: one offline partition made a cluster look unreachable.
 * - Metadata v9 for every topic (a null topic list): each topic's name and partition count, decoded from the answer
 *   alone. kafkajs's listing decodes every replica list into objects, also fails on one offline partition, and adds
 *   every topic to the names its later metadata refreshes ask for.
 * - DescribeQuorum v1 (API 55): the KRaft controller quorum's leader, voters and observers, as
 *   `kafka-metadata-quorum describe --status` shows them. A broker forwards it to the active controller; it needs
 *   DESCRIBE on the CLUSTER resource. Unlike most responses it has no throttle time.
 */
import type { ClusterInfo, QuorumDescription, TopicInfo } from './gateway.js';
import { DecoderClass, EncoderClass, header, protocolError, type Decoder, type RawRequest } from './raw-codec.js';

/** The API keys and versions used here. */
export const DESCRIBE_QUORUM = { key: 55, version: 1 } as const;
export const METADATA_BROKERS = { key: 3, version: 9 } as const;

/** The metadata log's only partition: the quorum it replicates is the controller quorum. */
const METADATA_TOPIC = '__cluster_metadata';

/** One replica's state (only its id is kept). */
function replicaId(d: Decoder): number {
  const id = d.readInt32();
  d.readInt64(); // log end offset
  d.readInt64(); // last fetch timestamp
  d.readInt64(); // last caught-up timestamp
  d.readTaggedFields();
  return id;
}

/** Decode a DescribeQuorum v1 response (header included); a top-level or partition error throws. */
export function decodeDescribeQuorum(raw: Buffer): QuorumDescription {
  const d = new DecoderClass(raw);
  d.readTaggedFields();
  const errorCode = d.readInt16();
  if (errorCode !== 0) throw protocolError(errorCode);
  let found: QuorumDescription | undefined;
  d.readUVarIntArray((t) => {
    const topic = t.readUVarIntString();
    t.readUVarIntArray((p) => {
      const partition = p.readInt32();
      const code = p.readInt16();
      const leaderId = p.readInt32();
      const leaderEpoch = p.readInt32();
      p.readInt64(); // high watermark
      const voters = p.readUVarIntArray(replicaId) ?? [];
      const observers = p.readUVarIntArray(replicaId) ?? [];
      p.readTaggedFields();
      if (code !== 0) throw protocolError(code);
      if (topic === METADATA_TOPIC && partition === 0) found = { leaderId, leaderEpoch, voters, observers };
    });
    t.readTaggedFields();
  });
  d.readTaggedFields();
  if (!found) throw new Error('DescribeQuorum answered without the metadata partition');
  return found;
}

/** DescribeQuorum v1 for the metadata log's partition. */
export function describeQuorumRequest(): RawRequest<QuorumDescription> {
  return {
    request: {
      apiKey: DESCRIBE_QUORUM.key,
      apiVersion: DESCRIBE_QUORUM.version,
      apiName: 'DescribeQuorum',
      encode: async () =>
        header()
          .writeUVarIntArray([
            new EncoderClass()
              .writeUVarIntString(METADATA_TOPIC)
              .writeUVarIntArray([new EncoderClass().writeInt32(0).writeUVarInt(0)])
              .writeUVarInt(0),
          ])
          .writeUVarInt(0),
    },
    response: { decode: async (raw) => decodeDescribeQuorum(raw), parse: async (r) => r },
  };
}

/**
 * Metadata v9 with no options: for no topic (an empty list) or for every topic (a null list, written as a compact
 * array of length -1), its answer decoded by `decode`.
 */
function metadataRequest<T>(everyTopic: boolean, decode: (raw: Buffer) => T): RawRequest<T> {
  return {
    request: {
      apiKey: METADATA_BROKERS.key,
      apiVersion: METADATA_BROKERS.version,
      apiName: 'Metadata',
      encode: async () => {
        const h = header();
        return (everyTopic ? h.writeUVarInt(0) : h.writeUVarIntArray([]))
          .writeBoolean(false) // allow auto topic creation
          .writeBoolean(false) // include cluster authorized operations
          .writeBoolean(false) // include topic authorized operations
          .writeUVarInt(0);
      },
    },
    response: { decode: async (raw) => decode(raw), parse: async (r) => r },
  };
}

/** Metadata v9 for no topic: the brokers (with racks) and the cluster id. */
export const brokersRequest = (): RawRequest<ClusterInfo> => metadataRequest(false, decodeBrokers);

/** Metadata v9 for every topic: their names and partition counts (for listTopics). */
export const topicsRequest = (): RawRequest<TopicInfo[]> => metadataRequest(true, decodeTopics);

/** A Metadata v9 answer's start: the header's tagged fields, the throttle time and the brokers. */
function readBrokers(d: Decoder): ClusterInfo['brokers'] {
  d.readTaggedFields();
  d.readInt32(); // throttle time
  return (
    d.readUVarIntArray((x) => {
      const nodeId = x.readInt32();
      const host = x.readUVarIntString() ?? '';
      const port = x.readInt32();
      const rack = x.readUVarIntString();
      x.readTaggedFields();
      return { nodeId, host, port, rack: rack || null };
    }) ?? []
  );
}

/** Decode a Metadata v9 response to a request for no topic (header included). */
export function decodeBrokers(raw: Buffer): ClusterInfo {
  const d = new DecoderClass(raw);
  const brokers = readBrokers(d);
  const clusterId = d.readUVarIntString() ?? '';
  return { clusterId, brokers };
}

/**
 * Decode a Metadata v9 response's topics (header included): name and partition count of each topic the answer
 * describes without a topic-level error (a topic still being created or deleted is left out, as kafkajs did).
 */
export function decodeTopics(raw: Buffer): TopicInfo[] {
  const d = new DecoderClass(raw);
  readBrokers(d);
  d.readUVarIntString(); // cluster id
  d.readInt32(); // controller id
  const int32s = (x: Decoder) => x.readInt32();
  const topics: TopicInfo[] = [];
  d.readUVarIntArray((t) => {
    const errorCode = t.readInt16();
    const name = t.readUVarIntString() ?? '';
    t.readInt8(); // is internal
    const partitions =
      t.readUVarIntArray((p) => {
        p.readInt16(); // error code: an offline partition is still a partition of the topic
        p.readInt32(); // partition index
        p.readInt32(); // leader id
        p.readInt32(); // leader epoch
        p.readUVarIntArray(int32s); // replicas
        p.readUVarIntArray(int32s); // in-sync replicas
        p.readUVarIntArray(int32s); // offline replicas
        p.readTaggedFields();
        return null;
      }) ?? [];
    t.readInt32(); // topic authorized operations
    t.readTaggedFields();
    if (errorCode === 0) topics.push({ name, partitions: partitions.length });
    return null;
  });
  return topics.sort((a, b) => a.name.localeCompare(b.name));
}

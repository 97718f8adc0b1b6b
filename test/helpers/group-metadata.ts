/**
 * Reads a classic group's metadata records from __consumer_offsets (with group-less fetches): every join writes
 * one, with the generation. Tests use it to prove drctl's admin commit never joined the group.
 */
import type { ClusterGateway } from '../../src/kafka/gateway.js';
import { readRange } from '../../src/kafka/read-range.js';

/** One GroupMetadata record: the group's protocol type and generation at a join/leave. */
export interface GroupMetadataRecord {
  offset: bigint;
  protocolType: string;
  generation: number;
}

function readString(buf: Buffer, pos: number, compact: boolean): [string, number] {
  if (compact) {
    let len = 0;
    let shift = 0;
    for (;;) {
      const b = buf[pos++];
      len |= (b & 0x7f) << shift;
      if (!(b & 0x80)) break;
      shift += 7;
    }
    const n = len - 1;
    return [n < 0 ? '' : buf.toString('utf8', pos, pos + n), pos + Math.max(n, 0)];
  }
  const n = buf.readInt16BE(pos);
  return [n < 0 ? '' : buf.toString('utf8', pos + 2, pos + 2 + n), pos + 2 + Math.max(n, 0)];
}

/** All group metadata records for `groupId`, in log order. */
export async function groupMetadataRecords(gw: ClusterGateway, groupId: string): Promise<GroupMetadataRecord[]> {
  const topic = '__consumer_offsets';
  const info = (await gw.listTopics()).find((t) => t.name === topic);
  if (!info) return [];
  const out: GroupMetadataRecord[] = [];
  for (let partition = 0; partition < info.partitions; partition++) {
    for await (const rec of readRange(gw, { topic, partition })) {
      if (!rec.key || rec.key.readInt16BE(0) !== 2 || !rec.value) continue;
      const [group] = readString(rec.key, 2, false);
      if (group !== groupId) continue;
      const version = rec.value.readInt16BE(0);
      const [protocolType, pos] = readString(rec.value, 2, version >= 4);
      out.push({ offset: rec.offset, protocolType, generation: rec.value.readInt32BE(pos) });
    }
  }
  return out.sort((a, b) => (a.offset < b.offset ? -1 : 1));
}

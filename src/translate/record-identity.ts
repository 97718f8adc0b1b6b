/** A record's identity across clusters: MM2 copies timestamp, key, value and headers unchanged, offsets it does not. */
import { createHash } from 'node:crypto';
import type { KafkaRecord } from '../kafka/gateway.js';

const part = (h: ReturnType<typeof createHash>, b: Buffer | null): void => {
  if (b === null) h.update('\u0000N');
  else {
    h.update(`\u0000${b.length}:`);
    h.update(b);
  }
};

/** A record kept without its payload once hashed (the agent's read cache): offset, timestamp and identity. */
export interface HashedRecord extends KafkaRecord {
  identity: string;
}

/** The bytes of a record's identity: SHA-256 over timestamp, key, value and headers (in order), with lengths so
 * fields cannot run together. */
export function identityDigest(r: KafkaRecord): Buffer {
  if ('identity' in r) return Buffer.from((r as HashedRecord).identity, 'base64');
  const h = createHash('sha256');
  h.update(String(r.timestamp));
  part(h, r.key);
  part(h, r.value);
  for (const hd of r.headers) {
    part(h, Buffer.from(hd.key));
    part(h, hd.value);
  }
  return h.digest();
}

/**
 * Identities already computed, per record object: a walk compares the same record several times (against the other
 * side, the records passed, a look-ahead), and hashing was a tenth of a large failover's time.
 */
const known = new WeakMap<KafkaRecord, string>();

/** A record's identity as a string (identityDigest in base64); a HashedRecord's stored identity. */
export function recordIdentity(r: KafkaRecord): string {
  if ('identity' in r) return (r as HashedRecord).identity;
  let id = known.get(r);
  if (id === undefined) known.set(r, (id = identityDigest(r).toString('base64')));
  return id;
}

/**
 * A record's identity: SHA-256 over its timestamp, key, value and headers, each field framed as NUL, length, colon
 * (NUL N for null). The oracle hashes that framing field by field, as the README describes it; the code hashes it
 * in one call. Identities must not change between versions: the agent compares digests it computed earlier.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { KafkaRecord } from '../../../src/kafka/gateway.js';
import { identityDigest, recordIdentity } from '../../../src/translate/record-identity.js';

/** The documented framing, fed to a Hash one field at a time. */
function oracle(r: KafkaRecord): Buffer {
  const h = createHash('sha256');
  h.update(String(r.timestamp));
  const field = (b: Buffer | null) => (b === null ? h.update('\u0000N') : h.update(`\u0000${b.length}:`).update(b));
  field(r.key);
  field(r.value);
  for (const hd of r.headers) {
    field(Buffer.from(hd.key));
    field(hd.value);
  }
  return h.digest();
}

const record = (o: Partial<KafkaRecord>): KafkaRecord => ({ offset: 0n, timestamp: 1700000000000, key: Buffer.from('k'), value: Buffer.from('v'), headers: [], ...o });

describe('record identity', () => {
  const cases: [string, KafkaRecord][] = [
    ['key and value', record({})],
    ['null key', record({ key: null })],
    ['null value (a tombstone)', record({ value: null })],
    [
      'headers, one with a null value, multi-byte text',
      record({
        headers: [
          { key: 'trace-id', value: Buffer.from('abc') },
          { key: 'ünïcode', value: null },
        ],
      }),
    ],
    ['empty key and value', record({ key: Buffer.alloc(0), value: Buffer.alloc(0) })],
  ];
  for (const [name, r] of cases)
    it(`${name}: the documented digest`, () => {
      assert.deepEqual(identityDigest(r), oracle(r));
      assert.equal(recordIdentity(r), oracle(r).toString('base64'));
    });

  it('fields cannot run together: a byte moved from key to value changes the identity', () => {
    assert.notEqual(recordIdentity(record({ key: Buffer.from('ab'), value: Buffer.from('c') })), recordIdentity(record({ key: Buffer.from('a'), value: Buffer.from('bc') })));
  });
});

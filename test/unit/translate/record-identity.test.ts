/**
 * A record's identity: SHA-256 over its timestamp, key, value and headers, each field framed as NUL, length, colon
 * (NUL N for null). The oracle hashes that framing field by field, as the README describes it; the code hashes it
 * in one call. Identities must not change between versions: the agent compares digests it computed earlier.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import type { KafkaRecord } from '../../../src/kafka/gateway.js';
import { IdentitySet, identityDigest, recordIdentity, sameRecord } from '../../../src/translate/record-identity.js';

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

  it('sameRecord answers as comparing identities does, for every pair of a varied set (offsets never count)', () => {
    const variants = [
      ...cases.map(([, r]) => r),
      record({ offset: 99n }),
      record({ timestamp: 1700000000001 }),
      record({ key: Buffer.from('K') }),
      record({ value: Buffer.from('v2') }),
      record({ headers: [{ key: 'a', value: Buffer.from('1') }] }),
      record({ headers: [{ key: 'a', value: Buffer.alloc(0) }] }),
      record({ headers: [{ key: 'a', value: null }] }),
      record({ headers: [{ key: 'b', value: Buffer.from('1') }] }),
      record({
        headers: [
          { key: 'a', value: Buffer.from('1') },
          { key: 'a', value: Buffer.from('2') },
        ],
      }),
      record({
        headers: [
          { key: 'a', value: Buffer.from('2') },
          { key: 'a', value: Buffer.from('1') },
        ],
      }),
      { ...record({}), identity: recordIdentity(record({})) },
    ];
    let equal = 0;
    for (const a of variants)
      for (const b of variants) {
        const same = recordIdentity(a) === recordIdentity(b);
        assert.equal(sameRecord(a, b), same, `${JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? String(v) : v))} vs ${JSON.stringify(b, (_, v) => (typeof v === 'bigint' ? String(v) : v))}`);
        if (same && a !== b) equal++;
      }
    assert.ok(equal >= 4, 'the set holds distinct objects with equal identities');
  });

  it('IdentitySet: holds the records passed before the first question, and every one added after', () => {
    const set = new IdentitySet();
    set.add(record({ value: Buffer.from('one') }));
    set.add(record({ value: Buffer.from('two') }));
    assert.equal(set.has(recordIdentity(record({ offset: 5n, value: Buffer.from('two') }))), true);
    assert.equal(set.has(recordIdentity(record({ value: Buffer.from('three') }))), false);
    set.add(record({ value: Buffer.from('three') }));
    assert.equal(set.has(recordIdentity(record({ value: Buffer.from('three') }))), true);
  });
});

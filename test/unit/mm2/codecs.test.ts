import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeCheckpoint, decodeHeartbeat, decodeOffsetSync, encodeCheckpoint, encodeHeartbeat, encodeOffsetSync, Mm2FormatError } from '../../../src/mm2/codecs.js';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('MM2 codecs, byte for byte (reference §1.5)', () => {
  const cp = { group: 'g1', topic: 'orders', partition: 0, upstreamOffset: 495n, downstreamOffset: 500n, metadata: '' };
  it('encodes the worked checkpoint example', () => {
    const { key, value } = encodeCheckpoint(cp);
    assert.equal(key.toString('hex'), '0002673100066f726465727300000000');
    assert.equal(value.toString('hex'), '000000000000000001ef00000000000001f40000');
  });
  it('decodes it back, and a remote topic name', () => {
    assert.deepEqual(decodeCheckpoint(hex('0002673100066f726465727300000000'), hex('000000000000000001ef00000000000001f40000')), { ...cp, version: 0 });
    assert.equal(decodeCheckpoint(hex('00026731 0008 412e6f7264657273 00000000'), hex('000000000000000001ef00000000000001f40000')).topic, 'A.orders');
  });
  it('parses any version with the v0 layout and ignores trailing bytes, as Java does', () => {
    const d = decodeCheckpoint(hex('0002673100066f726465727300000000'), hex('0007 00000000000001ef 00000000000001f4 0000 ffff'));
    assert.equal(d.version, 7);
    assert.equal(d.downstreamOffset, 500n);
  });
  it('encodes and decodes offset syncs and heartbeats', () => {
    const s = encodeOffsetSync({ topic: 'orders', partition: 0, upstreamOffset: 495n, downstreamOffset: 500n });
    assert.equal(`${s.key.toString('hex')}/${s.value.toString('hex')}`, '00066f726465727300000000/00000000000001ef00000000000001f4');
    assert.deepEqual(decodeOffsetSync(s.key, s.value), { topic: 'orders', partition: 0, upstreamOffset: 495n, downstreamOffset: 500n });
    const h = encodeHeartbeat({ sourceClusterAlias: 'A', targetClusterAlias: 'B', timestamp: 1700000000000 });
    assert.equal(`${h.key.toString('hex')}/${h.value.toString('hex')}`, '000141000142/00000000018bcfe56800');
    assert.deepEqual(decodeHeartbeat(h.key, h.value), { sourceClusterAlias: 'A', targetClusterAlias: 'B', timestamp: 1700000000000 });
  });
  it('handles offsets above 2^53', () => {
    const big = 2n ** 60n + 3n;
    const { key, value } = encodeCheckpoint({ ...cp, downstreamOffset: big });
    assert.equal(decodeCheckpoint(key, value).downstreamOffset, big);
  });
  it('rejects short or malformed records and negative checkpoint offsets', () => {
    assert.throws(() => decodeCheckpoint(hex('0002 67'), hex('0000')), Mm2FormatError);
    assert.throws(() => decodeOffsetSync(hex('ffff'), hex('00')), Mm2FormatError);
    assert.throws(() => encodeCheckpoint({ ...cp, downstreamOffset: -1n }), Mm2FormatError);
  });
});

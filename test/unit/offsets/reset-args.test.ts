import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scenarioFromFlags, scopeFromFlags } from '../../../src/offsets/reset-args.js';

const usage = (re: RegExp) => (e: { exitCode: number; message: string }) => e.exitCode === 2 && re.test(e.message);
const now = Date.UTC(2026, 10, 24, 10, 0, 0);

describe('scenarioFromFlags', () => {
  it('resolves each scenario', () => {
    assert.deepEqual(scenarioFromFlags({ 'to-earliest': true }, true, now), { kind: 'to-earliest' });
    assert.deepEqual(scenarioFromFlags({ 'by-duration': '15m' }, true, now), { kind: 'by-duration', timestamp: now - 900_000 });
    assert.deepEqual(scenarioFromFlags({ 'shift-by': '-5' }, true, now), { kind: 'shift-by', by: -5n });
    assert.deepEqual(scenarioFromFlags({ 'to-offset': '9223372036854775807' }, true, now), { kind: 'to-offset', offset: 9223372036854775807n });
  });
  it('refuses none, or several, scenarios', () => {
    assert.throws(() => scenarioFromFlags({}, true, now), usage(/no reset scenario given/));
    assert.throws(() => scenarioFromFlags({ 'to-earliest': true, 'to-latest': true }, true, now), usage(/only one reset scenario at a time \(got --to-earliest, --to-latest\)/));
  });
  const bad: [string, Parameters<typeof scenarioFromFlags>[0], RegExp][] = [
    ['a shift that is no integer', { 'shift-by': '1.5' }, /--shift-by needs an integer, not "1.5"/],
    ['a negative offset', { 'to-offset': '-1' }, /--to-offset needs a non-negative integer/],
    ['an offset beyond 64 bits', { 'to-offset': '9223372036854775808' }, /--to-offset 9223372036854775808 is out of range/],
    ['a shift beyond 64 bits', { 'shift-by': '-99999999999999999999' }, /--shift-by -99999999999999999999 is out of range/],
    ['a duration that reaches before 1970 (Kafka reads negative times as latest/earliest)', { 'by-duration': '30000d' }, /--by-duration 30000d reaches before 1970-01-01/],
    ['a negative duration beyond 9999', { 'by-duration': '-3000000d' }, /reaches beyond the year 9999/],
    ['an invalid duration', { 'by-duration': '15 minutes' }, /invalid --by-duration "15 minutes"/],
    ['a datetime out of range', { 'to-datetime': '99999999999999999999' }, /datetime "99999999999999999999" is out of range/],
    ['a missing file', { 'from-file': '/nonexistent/plan.csv' }, /--from-file: \/nonexistent\/plan.csv: no such file/],
  ];
  for (const [what, flags, re] of bad) it(`refuses ${what} (exit 2)`, () => assert.throws(() => scenarioFromFlags(flags, true, now), usage(re)));
});

describe('scopeFromFlags', () => {
  it('parses topics with partitions, and needs a scope unless --from-file', () => {
    assert.deepEqual(scopeFromFlags(false, ['orders:0,2'], { kind: 'to-earliest' }), { allTopics: false, topics: [{ topic: 'orders', partitions: [0, 2] }] });
    assert.throws(() => scopeFromFlags(false, ['orders:x'], { kind: 'to-earliest' }), usage(/invalid --topic "orders:x"/));
    assert.throws(() => scopeFromFlags(false, [], { kind: 'to-earliest' }), usage(/no reset scope given/));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDuration, parseTimerDuration, TIMER_MAX_MS } from '../../../src/time/duration.js';

const usage = (re: RegExp) => (e: { exitCode: number; message: string }) => e.exitCode === 2 && re.test(e.message);

describe('parseDuration', () => {
  const ok: [string, number][] = [
    ['500ms', 500],
    ['30s', 30000],
    ['15m', 900000],
    ['2h', 7200000],
    ['1d', 86400000],
    ['PT15M', 900000],
    ['P1DT2H', 93600000],
    ['PT0.5S', 500],
    ['1.5s', 1500],
    ['0s', 0],
    ['30d', 2_592_000_000],
  ];
  for (const [s, ms] of ok) it(`${s} = ${ms} ms`, () => assert.equal(parseDuration(s), ms));
  for (const s of ['', '15', 'm', '1w', 'P', 'PT', '-1s', '1 h'])
    it(`rejects "${s}" as a usage error`, () =>
      assert.throws(
        () => parseDuration(s),
        (e: { exitCode: number }) => e.exitCode === 2,
      ));
  it('rejects a value beyond an exact number of ms as too long', () => assert.throws(() => parseDuration('99999999999999999999d', '--since'), usage(/--since "99999999999999999999d" is too long/)));
});

describe('parseTimerDuration', () => {
  it('takes up to the timer maximum', () => {
    assert.equal(parseTimerDuration('24d', '--timeout'), 24 * 86_400_000);
    assert.equal(parseTimerDuration(`${TIMER_MAX_MS}ms`, '--timeout'), TIMER_MAX_MS);
  });
  it('refuses more than the timer maximum, naming it (a longer timer would fire at once)', () => {
    assert.throws(() => parseTimerDuration('30d', '--timeout'), usage(/--timeout "30d" is longer than the maximum of 2147483647 ms/));
    assert.throws(() => parseTimerDuration(`${TIMER_MAX_MS + 1}ms`, '--wait-timeout'), usage(/--wait-timeout/));
  });
  it('refuses zero unless allowed', () => {
    assert.throws(() => parseTimerDuration('0s', '--timeout'), usage(/--timeout "0s" is zero/));
    assert.equal(parseTimerDuration('0s', '--interval', { allowZero: true }), 0);
  });
});

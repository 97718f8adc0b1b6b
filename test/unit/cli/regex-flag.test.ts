import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRegexFlag } from '../../../src/cli/regex-flag.js';

describe('checkRegexFlag', () => {
  it('passes a valid regex, and no flag, through', () => {
    assert.equal(checkRegexFlag('orders-.*', '--groups-regex'), 'orders-.*');
    assert.equal(checkRegexFlag(undefined, '--topics'), undefined);
  });
  it('refuses an invalid regex as a usage error naming the flag and the reason', () => {
    assert.throws(
      () => checkRegexFlag('orders-[', '--groups-regex'),
      (e: { exitCode: number; message: string; hint?: string }) => e.exitCode === 2 && e.message === '--groups-regex: invalid regex "orders-[" (Unterminated character class)' && /whole name/.test(e.hint ?? ''),
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDrctlError } from '../../../src/errors.js';
import { parseResetCsv } from '../../../src/offsets/reset-csv.js';

describe('parseResetCsv: the same group, topic and partition twice', () => {
  it('keeps one row for an exact repeat (the Java tool keeps the last; both are the same)', () => {
    assert.deepEqual(parseResetCsv('t,0,5\nt,1,7\nt,0,5\n', 'f.csv', true), [
      { group: undefined, topic: 't', partition: 0, offset: 5n },
      { group: undefined, topic: 't', partition: 1, offset: 7n },
    ]);
    assert.deepEqual(
      parseResetCsv('g,t,0,5\ng,t,0,5\nh,t,0,9\n', 'f.csv', false).map((r) => `${r.group}:${r.offset}`),
      ['g:5', 'h:9'],
    );
  });

  const conflicts: [string, string, boolean, RegExp][] = [
    ['3 columns', 't,0,5\nt,1,7\nt,0,6\n', true, /^f\.csv:3: t-0 is set to 6 here but to 5 on line 1$/],
    ['4 columns', 'g,t,0,5\nh,t,0,1\ng,t,0,9\n', false, /^f\.csv:3: group g t-0 is set to 9 here but to 5 on line 1$/],
    ['blanks around values', 'g, t ,2,5\ng,t, 2 ,50\n', false, /^f\.csv:2: group g t-2 is set to 50 here but to 5 on line 1$/],
  ];
  for (const [name, text, single, re] of conflicts) {
    it(`refuses a conflicting repeat (${name}), naming both lines (exit 2)`, () => {
      assert.throws(
        () => parseResetCsv(text, 'f.csv', single),
        (e: unknown) => isDrctlError(e) && e.exitCode === 2 && re.test(e.message) && e.hint === 'keep one row per group, topic and partition',
      );
    });
  }

  it('the same topic and partition in two groups is no repeat', () => {
    assert.equal(parseResetCsv('g,t,0,5\nh,t,0,6\n', 'f.csv', false).length, 2);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { oneLineParseError } from '../../../src/cli/parse-error.js';

describe('oneLineParseError', () => {
  const cases: [string, string, string][] = [
    ['a flag value', 'Parsing --count \n\tExpected an integer greater than or equal to 1 but received: 0\nSee more help with --help', 'Parsing --count: Expected an integer greater than or equal to 1 but received: 0'],
    ['one failed validation', 'The following error occurred:\n  --count=2 cannot also be provided when using --once\nSee more help with --help', '--count=2 cannot also be provided when using --once'],
    ['several failed validations', 'The following errors occurred:\n  Missing required flag new-primary\n  Missing required flag old-primary\nSee more help with --help', 'Missing required flag --new-primary; Missing required flag --old-primary'],
    ['a missing argument', 'Missing 1 required arg:\ncomponent  (NYC|LON|mirror) what to stop or start\nSee more help with --help', 'Missing 1 required arg: component (NYC|LON|mirror) what to stop or start'],
    ['an unknown flag', 'Nonexistent flags: --bogus, --x\nSee more help with --help', 'Nonexistent flags: --bogus, --x'],
    ['a one-line message', 'Flag --group expects a value', 'Flag --group expects a value'],
  ];
  for (const [what, input, expected] of cases) it(what, () => assert.equal(oneLineParseError(input), expected));
});

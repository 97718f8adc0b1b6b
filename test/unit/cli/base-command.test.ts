import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { ENVIRONMENT_HELP, EXIT_CODES_HELP } from '../../../src/cli/base-command.js';

// Tests run from dist/test/unit/cli.
const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');

describe('help texts', () => {
  it('the root help (package.json) shows the same environment section as every command', () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { oclif: { description: string } };
    assert.ok(pkg.oclif.description.endsWith(`\n\n${ENVIRONMENT_HELP}`), 'package.json oclif.description ends with ENVIRONMENT_HELP');
  });
  it('names every environment variable drctl reads, in lines oclif will not wrap', () => {
    for (const v of ['DRCTL_CONFIG', 'DRCTL_STATE_DIR', 'DRCTL_CACHE_DIR', 'DRCTL_DEBUG', 'NO_COLOR']) assert.match(ENVIRONMENT_HELP, new RegExp(`^${v} `, 'm'));
    for (const line of ENVIRONMENT_HELP.split('\n')) assert.ok(line.length <= 76, `too long for an 80-column help: ${line}`);
    assert.match(EXIT_CODES_HELP, /2 usage/);
  });
});

/**
 * drctl's help class (src/cli/help.ts) skips oclif's template engine for plain strings: the help it prints must be
 * oclif's own, character for character, for the root and for every command (oclif's Help is the oracle).
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Config, Help, type Command } from '@oclif/core';
import DrctlHelp from '../../../src/cli/help.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

describe('help: oclif’s text without the template engine on plain strings', () => {
  let config: Config;
  before(async () => {
    config = await Config.load(root);
  });

  it('the root help and every command’s help are oclif’s, character for character', () => {
    const opts = { stripAnsi: true, maxWidth: 100 };
    const ours = new DrctlHelp(config, opts);
    const theirs = new Help(config, opts);
    const commands = config.commands.filter((c) => !c.hidden);
    assert.ok(commands.length > 20, `${commands.length} commands`);
    // formatRoot and formatCommand are protected: what showHelp prints, without printing it.
    const text = (h: Help) => h as unknown as { formatRoot(): string; formatCommand(c: Command.Loadable): string };
    assert.equal(text(ours).formatRoot(), text(theirs).formatRoot());
    for (const c of commands) assert.equal(text(ours).formatCommand(c), text(theirs).formatCommand(c), c.id);
    // The examples' `<%= config.bin %>` still goes through the template.
    assert.match(text(ours).formatCommand(config.findCommand('fence:remove')!), /\$ drctl fence remove --cluster NYC/);
  });
});

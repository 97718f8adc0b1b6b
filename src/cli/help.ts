/**
 * drctl's help: oclif's, without running a template engine over every line. oclif renders each help string (every
 * flag's name and description, every example) through ejs, which compiles each one to a function first: ~20 ms of
 * `drctl failover --help`, for text that is plain except the examples' `<%= config.bin %>`. Strings without a
 * template tag are returned as they are; the others still go through oclif's renderer.
 */
import { Help, type Command, type Interfaces } from '@oclif/core';

/** Skip the template engine for strings without a tag. */
const plainFirst =
  (render: (t: string) => string) =>
  (t: string): string =>
    t.includes('<%') ? render(t) : t;

/** oclif's Help with the fast path on the root help and on each command's help. */
export default class DrctlHelp extends Help {
  constructor(config: Interfaces.Config, opts: Partial<Interfaces.HelpOptions> = {}) {
    super(config, opts);
    this.render = plainFirst(this.render);
  }

  protected override getCommandHelpClass(command: Command.Loadable): ReturnType<Help['getCommandHelpClass']> {
    const help = super.getCommandHelpClass(command);
    help.render = plainFirst(help.render);
    return help;
  }
}

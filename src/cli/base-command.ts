/**
 * The bases of drctl's commands: DrctlCommand (--json, and the error boundary that turns every error into one line,
 * a hint and the exit code) and BaseCommand (the global flags --config, --mm2-config, --timeout, config loading,
 * gateway handling).
 */
import type { WorkflowEvent } from '../workflow/events.js';
import { eventLine } from './event-lines.js';
import { Command, Errors, Flags } from '@oclif/core';
import { loadConfig } from '../config/load.js';
import { checkStateDir } from '../config/state-dir.js';
import type { DrctlConfig } from '../config/types.js';
import { DrctlError, isDrctlError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { withGateways } from '../kafka/open-gateways.js';
import { parseTimerDuration } from '../time/duration.js';
import { oneLineParseError } from './parse-error.js';
import { helpHint, printError, withHint } from './print-error.js';
import { palette } from './render.js';

/** Exit codes as shown in every command's help. */
export const EXIT_CODES_HELP = '0 ok · 1 check failed · 2 usage/config · 3 precondition refused or not authorized · 4 cluster unreachable, timed out, or refused our credentials/TLS/protocol · 5 partial failure · 10 internal';

/**
 * The environment variables drctl reads, as shown at the end of every command's help and of `drctl --help`
 * (package.json's oclif description repeats it; a unit test keeps the two the same). Lines are short and not
 * indented because oclif strips indentation and wraps long lines, which would break the columns.
 */
export const ENVIRONMENT_HELP = `Environment:
DRCTL_CONFIG     drctl.yaml to use when --config is not given
DRCTL_STATE_DIR  journal, backups, RPO history, sandbox (default ~/.drctl)
DRCTL_CACHE_DIR  where the sandbox keeps Kafka's jars (~/.cache/drctl)
DRCTL_DEBUG      set to 1: stack traces of internal errors, kafkajs logs
NO_COLOR         set to turn colour off`;

/** JSON.stringify's replacer for drctl's values: bigints (offsets) as decimal strings, JSON having no 64-bit integers. */
export const bigintAsString = (_key: string, v: unknown): unknown => (typeof v === 'bigint' ? v.toString() : v);

/**
 * What every drctl command shares: --json, progress on stderr, and the error boundary. The `drctl sandbox` commands
 * extend it directly: the global flags of BaseCommand (--config, --mm2-config, --timeout) mean nothing to them.
 */
export abstract class DrctlCommand extends Command {
  static override enableJsonFlag = true;

  /** `--json` output: the command's result itself; logJson writes its bigint offsets as decimal strings. */
  protected override toSuccessJson(result: unknown): unknown {
    return result;
  }

  /**
   * `--json` output as JSON.stringify writes it, bigints as decimal strings. oclif's own tokenizes the whole document
   * to colour it, even when nothing is coloured: 0.19 s of a 200-group failover's 3,200-partition answer in a
   * profile; a deep copy to turn bigints into strings first took another 25 ms.
   */
  override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json, bigintAsString, 2)}\n`);
  }

  /** Progress for humans: stderr, never under --json. */
  protected progress(msg: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${palette.dim(msg)}\n`);
  }

  /** A workflow's events as progress lines. */
  protected onEvent = (e: WorkflowEvent): void => this.progress(eventLine(e));

  /**
   * A signal that Ctrl-C aborts: a running workflow stops at its next step boundary (the step under way finishes)
   * and says how to finish. A second Ctrl-C exits at once.
   */
  protected interruptSignal(): AbortSignal {
    const ac = new AbortController();
    process.once('SIGINT', () => {
      process.stderr.write('\ninterrupted: stopping after the step under way (Ctrl-C again to quit now)\n');
      ac.abort();
      process.once('SIGINT', () => process.exit(130));
    });
    return ac.signal;
  }

  /** The error boundary: one line naming the cause, a hint, the exit code of the error's kind; never a stack. */
  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    let e: DrctlError;
    if (isDrctlError(err)) e = err;
    else if (err instanceof Errors.ExitError) throw err;
    else if (err instanceof Errors.CLIError || err.name === 'CLIError' || /Parse|Flag|Arg/.test(err.constructor?.name ?? '')) {
      e = new DrctlError('DRCTL_USAGE', oneLineParseError(err.message));
    } else {
      e = new DrctlError('DRCTL_INTERNAL', `internal error: ${err.message}`, { hint: 'this is a bug in drctl; rerun with DRCTL_DEBUG=1 and report it' });
      if (process.env.DRCTL_DEBUG) process.stderr.write(`${err.stack}\n`);
    }
    e = withHint(e, helpHint(this.id));
    printError(e, this.jsonEnabled());
    return this.exit(e.exitCode);
  }
}

/**
 * Common behaviour for drctl commands that talk to the configured clusters: the global flags, config loading and
 * gateways, on top of DrctlCommand.
 */
export abstract class BaseCommand extends DrctlCommand {
  static override baseFlags = {
    config: Flags.string({ description: 'drctl.yaml to use (else DRCTL_CONFIG, ./drctl.yaml, the running sandbox)', helpGroup: 'GLOBAL' }),
    'mm2-config': Flags.string({ description: 'MirrorMaker 2 properties file to take clusters, flows and policy from', helpGroup: 'GLOBAL' }),
    timeout: Flags.string({ description: 'give up on an unresponsive cluster after this long (e.g. 10s, 1m)', default: '10s', helpGroup: 'GLOBAL' }),
  };

  /**
   * The validated config, loaded from the flags of this invocation, with a state dir drctl can use (see
   * checkStateDir): `writesState` for a run that will write to it (journal, backups, RPO history), so an unwritable
   * one is refused before anything happens rather than after a change was made.
   */
  protected loadDrctlConfig(flags: { config?: string; 'mm2-config'?: string }, options: { writesState?: boolean } = {}): DrctlConfig {
    const config = loadConfig({ configFlag: flags.config, mm2ConfigFlag: flags['mm2-config'] });
    checkStateDir(config.stateDir, { write: options.writesState ?? false });
    return config;
  }

  /** The --timeout flag in ms (a timer waits for it: refused when 0 or above the timer maximum). */
  protected timeoutMs(flags: { timeout?: string }): number {
    return parseTimerDuration(flags.timeout ?? '10s', '--timeout');
  }

  /** Run `fn` with gateways to the given aliases, always closing them. */
  protected gateways<T>(config: DrctlConfig, aliases: readonly string[], timeoutMs: number, fn: (gws: Record<string, ClusterGateway>) => Promise<T>): Promise<T> {
    return withGateways(config, aliases, timeoutMs, fn);
  }
}

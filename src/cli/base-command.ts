/**
 * The base of every drctl command: shared flags (--config, --mm2-config, --timeout, --json), config loading,
 * gateway handling, and the error boundary that turns DrctlErrors into one line, a hint and the exit code.
 */
import { Command, Errors, Flags } from '@oclif/core';
import { loadConfig } from '../config/load.js';
import type { DrctlConfig } from '../config/types.js';
import { DrctlError, isDrctlError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { withGateways } from '../kafka/open-gateways.js';
import { parseDuration } from '../time/duration.js';
import { palette, useColor } from './render.js';

/** Exit codes as shown in every command's help. */
export const EXIT_CODES_HELP = '0 ok · 1 check failed · 2 usage/config · 3 precondition refused · 4 cluster unreachable/timeout/auth · 5 partial failure · 10 internal';

/** Deep copy with bigints as decimal strings (JSON has no 64-bit integers). */
export function jsonSafe(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
  return v;
}

/** Common behaviour for drctl commands. */
export abstract class BaseCommand extends Command {
  static override enableJsonFlag = true;

  static override baseFlags = {
    config: Flags.string({ description: 'drctl.yaml to use (else DRCTL_CONFIG, ./drctl.yaml, the running sandbox)', helpGroup: 'GLOBAL' }),
    'mm2-config': Flags.string({ description: 'MirrorMaker 2 properties file to take clusters, flows and policy from', helpGroup: 'GLOBAL' }),
    timeout: Flags.string({ description: 'give up on an unresponsive cluster after this long (e.g. 10s, 1m)', default: '10s', helpGroup: 'GLOBAL' }),
  };

  /** `--json` output: offsets are bigint inside and decimal strings in JSON. */
  protected override toSuccessJson(result: unknown): unknown {
    return jsonSafe(result);
  }

  /** The validated config, loaded from the flags of this invocation. */
  protected loadDrctlConfig(flags: { config?: string; 'mm2-config'?: string }): DrctlConfig {
    return loadConfig({ configFlag: flags.config, mm2ConfigFlag: flags['mm2-config'] });
  }

  /** The --timeout flag in ms. */
  protected timeoutMs(flags: { timeout?: string }): number {
    return parseDuration(flags.timeout ?? '10s', '--timeout');
  }

  /** Run `fn` with gateways to the given aliases, always closing them. */
  protected gateways<T>(config: DrctlConfig, aliases: readonly string[], timeoutMs: number, fn: (gws: Record<string, ClusterGateway>) => Promise<T>): Promise<T> {
    return withGateways(config, aliases, timeoutMs, fn);
  }

  /** Progress for humans: stderr, never under --json. */
  protected progress(msg: string): void {
    if (!this.jsonEnabled()) process.stderr.write(`${palette.dim(msg)}\n`);
  }

  protected override async catch(err: Error & { exitCode?: number; oclif?: { exit?: number } }): Promise<unknown> {
    let e: DrctlError;
    if (isDrctlError(err)) e = err;
    else if (err instanceof Errors.ExitError) throw err;
    else if (err instanceof Errors.CLIError || err.name === 'CLIError' || /Parse|Flag|Arg/.test(err.constructor?.name ?? '')) {
      e = new DrctlError('DRCTL_USAGE', err.message.split('\n')[0], { hint: `see \`drctl ${this.id?.replace(/:/g, ' ') ?? ''} --help\`` });
    } else {
      e = new DrctlError('DRCTL_INTERNAL', `internal error: ${err.message}`, { hint: 'this is a bug in drctl; rerun with DRCTL_DEBUG=1 and report it' });
      if (process.env.DRCTL_DEBUG) process.stderr.write(`${err.stack}\n`);
    }
    if (this.jsonEnabled()) {
      process.stdout.write(`${JSON.stringify({ error: e.toJSON() }, null, 2)}\n`);
    } else {
      const red = useColor(process.stderr) ? palette.bad : (s: string) => s;
      process.stderr.write(`${red('error:')} ${e.message}\n`);
      if (e.hint) process.stderr.write(`hint: ${e.hint}\n`);
    }
    return this.exit(e.exitCode);
  }
}

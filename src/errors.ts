/**
 * drctl's typed errors. Every foreseeable failure becomes a DrctlError with a stable code, the exit code of
 * DESIGN.md, a one-line message, a hint, and whether retrying can help. The CLI prints message and hint, never a
 * stack trace; anything else is a bug and exits 10.
 */

/** Exit codes, documented in README.md and in `drctl --help`. */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  usage: 2,
  precondition: 3,
  unreachable: 4,
  partial: 5,
  internal: 10,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** The closed list of error codes drctl emits (also the `code` field of `--json` errors). */
export type DrctlErrorCode =
  | 'DRCTL_USAGE'
  | 'DRCTL_CONFIG_INVALID'
  | 'DRCTL_CONFIG_NOT_FOUND'
  | 'DRCTL_UNKNOWN_ALIAS'
  | 'DRCTL_UNKNOWN_TOPIC'
  | 'DRCTL_UNKNOWN_GROUP'
  | 'DRCTL_GROUP_ACTIVE'
  | 'DRCTL_CLUSTER_ID_MISMATCH'
  | 'DRCTL_PRECONDITION'
  | 'DRCTL_UNREACHABLE'
  | 'DRCTL_TIMEOUT'
  | 'DRCTL_AUTH_FAILED'
  | 'DRCTL_NOT_AUTHORIZED'
  | 'DRCTL_KAFKA'
  | 'DRCTL_PREREQUISITE'
  | 'DRCTL_SANDBOX'
  | 'DRCTL_CHECK_FAILED'
  | 'DRCTL_INTERNAL';

/** Options for a DrctlError. */
export interface DrctlErrorOptions {
  hint?: string;
  retriable?: boolean;
  cause?: unknown;
}

/** A foreseeable failure with a code, an exit code and a hint for the operator. */
export class DrctlError extends Error {
  readonly code: DrctlErrorCode;
  readonly exitCode: ExitCode;
  readonly hint?: string;
  readonly retriable: boolean;

  constructor(code: DrctlErrorCode, exitCode: ExitCode, message: string, options: DrctlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DrctlError';
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.retriable = options.retriable ?? false;
  }

  /** The shape printed under `--json` when a command fails. */
  toJSON(): { code: DrctlErrorCode; exitCode: number; message: string; hint?: string; retriable: boolean } {
    return { code: this.code, exitCode: this.exitCode, message: this.message, hint: this.hint, retriable: this.retriable };
  }
}

/** Bad flags, arguments or input values (exit 2). */
export const usageError = (message: string, hint?: string): DrctlError =>
  new DrctlError('DRCTL_USAGE', ExitCode.usage, message, { hint });

/** Invalid drctl.yaml or MM2 properties: always names the file and the key (exit 2). */
export const configError = (file: string, key: string, problem: string, hint?: string): DrctlError =>
  new DrctlError('DRCTL_CONFIG_INVALID', ExitCode.usage, `${file}: ${key}: ${problem}`, { hint });

/** A cluster alias that the config does not define (exit 2). */
export const unknownAliasError = (alias: string, known: readonly string[]): DrctlError =>
  new DrctlError('DRCTL_UNKNOWN_ALIAS', ExitCode.usage, `unknown cluster alias "${alias}"`, {
    hint: known.length > 0 ? `configured aliases: ${known.join(', ')}` : 'no clusters are configured; run `drctl sandbox up` or pass --config',
  });

/** A precondition that makes drctl refuse to change anything (exit 3). */
export const preconditionError = (code: DrctlErrorCode, message: string, hint?: string): DrctlError =>
  new DrctlError(code, ExitCode.precondition, message, { hint });

/** Is this a DrctlError (across module instances, e.g. dist vs. test copies)? */
export const isDrctlError = (e: unknown): e is DrctlError =>
  e instanceof DrctlError || (e instanceof Error && e.name === 'DrctlError' && typeof (e as DrctlError).exitCode === 'number');

/**
 * drctl's typed errors. Every foreseeable failure becomes a DrctlError with a stable code, a kind, a one-line
 * message, a hint, and whether retrying can help. Code decides on kinds (`isUnreachable`, `e.kind`), never on exit
 * codes: the exit code is derived from the kind through one table, EXIT_CODE_OF_KIND. The CLI prints message and
 * hint, never a stack trace; anything else is a bug and exits 10.
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

/**
 * What went wrong, as code that reacts to an error needs to know it. Only `unreachable` (a network failure) and
 * `timeout` mean "the cluster may be down"; an authentication, TLS, protocol or authorization failure means the
 * cluster answered and refused us, which never changes what a command does (e.g. a failover's mode).
 */
export type ErrorKind = 'unreachable' | 'timeout' | 'authentication' | 'tls' | 'protocol' | 'authorization' | 'usage' | 'precondition' | 'check' | 'internal';

/** The one table from error kinds to exit codes. */
export const EXIT_CODE_OF_KIND: Readonly<Record<ErrorKind, ExitCode>> = {
  usage: ExitCode.usage,
  precondition: ExitCode.precondition,
  authorization: ExitCode.precondition,
  unreachable: ExitCode.unreachable,
  timeout: ExitCode.unreachable,
  authentication: ExitCode.unreachable,
  tls: ExitCode.unreachable,
  protocol: ExitCode.unreachable,
  check: ExitCode.checkFailed,
  internal: ExitCode.internal,
};

/** The kind of each error code (the code is finer: it names the situation, the kind what to do about it). */
const KIND_OF_CODE = {
  DRCTL_USAGE: 'usage',
  DRCTL_CONFIG_INVALID: 'usage',
  DRCTL_CONFIG_NOT_FOUND: 'usage',
  DRCTL_UNKNOWN_ALIAS: 'usage',
  DRCTL_UNKNOWN_TOPIC: 'usage',
  DRCTL_UNKNOWN_GROUP: 'usage',
  DRCTL_GROUP_ACTIVE: 'precondition',
  DRCTL_CLUSTER_ID_MISMATCH: 'precondition',
  DRCTL_PRECONDITION: 'precondition',
  DRCTL_WAIT_TIMEOUT: 'precondition',
  DRCTL_CANCELLED: 'precondition',
  DRCTL_PREREQUISITE: 'precondition',
  DRCTL_NO_SANDBOX: 'precondition',
  DRCTL_UNREACHABLE: 'unreachable',
  DRCTL_TIMEOUT: 'timeout',
  DRCTL_AUTH_FAILED: 'authentication',
  DRCTL_TLS: 'tls',
  DRCTL_PROTOCOL: 'protocol',
  DRCTL_NOT_AUTHORIZED: 'authorization',
  DRCTL_CONNECT_REFUSED: 'precondition',
  DRCTL_KAFKA: 'internal',
  DRCTL_SANDBOX: 'internal',
  DRCTL_CHECK_FAILED: 'check',
  DRCTL_INTERNAL: 'internal',
} as const satisfies Record<string, ErrorKind>;

/** The closed list of error codes drctl emits (also the `code` field of `--json` errors). */
export type DrctlErrorCode = keyof typeof KIND_OF_CODE;

/** Options for a DrctlError. */
export interface DrctlErrorOptions {
  hint?: string;
  retriable?: boolean;
  cause?: unknown;
}

/** A foreseeable failure with a code, a kind (and from it an exit code) and a hint for the operator. */
export class DrctlError extends Error {
  readonly code: DrctlErrorCode;
  readonly kind: ErrorKind;
  readonly hint?: string;
  readonly retriable: boolean;

  constructor(code: DrctlErrorCode, message: string, options: DrctlErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DrctlError';
    this.code = code;
    this.kind = KIND_OF_CODE[code];
    this.hint = options.hint;
    this.retriable = options.retriable ?? false;
  }

  /** The process exit code for this error, from its kind. */
  get exitCode(): ExitCode {
    return EXIT_CODE_OF_KIND[this.kind];
  }

  /** The shape printed under `--json` when a command fails. */
  toJSON(): { code: DrctlErrorCode; kind: ErrorKind; exitCode: number; message: string; hint?: string; retriable: boolean } {
    return { code: this.code, kind: this.kind, exitCode: this.exitCode, message: this.message, hint: this.hint, retriable: this.retriable };
  }
}

/** Bad flags, arguments or input values (exit 2). */
export const usageError = (message: string, hint?: string): DrctlError => new DrctlError('DRCTL_USAGE', message, { hint });

/** Invalid drctl.yaml, MM2 properties or another loaded file: always names the file and the key (exit 2). */
export const configError = (file: string, key: string, problem: string, hint?: string): DrctlError => new DrctlError('DRCTL_CONFIG_INVALID', `${file}: ${key}: ${problem}`, { hint });

/** A cluster alias that the config does not define (exit 2). */
export const unknownAliasError = (alias: string, known: readonly string[]): DrctlError =>
  new DrctlError('DRCTL_UNKNOWN_ALIAS', `unknown cluster alias "${alias}"`, {
    hint: known.length > 0 ? `configured aliases: ${known.join(', ')}` : 'no clusters are configured; run `drctl sandbox up` or pass --config',
  });

/** A precondition that makes drctl refuse to change anything (exit 3). */
export const preconditionError = (code: DrctlErrorCode, message: string, hint?: string): DrctlError => new DrctlError(code, message, { hint });

/** Is this a DrctlError (across module instances, e.g. dist vs. test copies)? */
export const isDrctlError = (e: unknown): e is DrctlError => e instanceof DrctlError || (e instanceof Error && e.name === 'DrctlError' && typeof (e as DrctlError).kind === 'string');

/**
 * Does this error mean the cluster could not be reached (a network failure or a timeout)? The only errors that
 * may make drctl treat a cluster as down; an authentication, TLS, protocol or authorization failure never does.
 */
export const isUnreachable = (e: unknown): e is DrctlError & { readonly kind: 'unreachable' | 'timeout' } => isDrctlError(e) && (e.kind === 'unreachable' || e.kind === 'timeout');

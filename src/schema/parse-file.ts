/**
 * Validates a loaded file's content with its zod schema and turns the first problem into drctl's one-line file
 * error, `<file>: <key path>: <problem>` with a hint (DRCTL_CONFIG_INVALID, exit 2). Safety rule 11: every file is
 * checked whole before anything changes, so a caller gets either a fully typed value or this error.
 *
 * zod's own messages ("Invalid input: expected string, received number") are replaced by drctl's wording here, once,
 * for every schema; a schema that knows better (a hint, a domain word) sets its own message, which wins.
 */
import * as z from 'zod';
import { configError, type DrctlError } from '../errors.js';

/** How a file's format calls a keyed collection (YAML users know "mapping", JSON users "object"). */
export interface ParseFileOptions {
  objectNoun?: string;
  /** Where `value` sits in the file, printed before the issue's own path (e.g. an MM2 property name). */
  at?: string;
  /** The hint for a problem whose schema gives none (every drctl error has one): e.g. where the format is described. */
  hint?: string;
}

/** Parse `value` with `schema`; throws a DrctlError naming the file and the key path of the first problem. */
export function parseFile<S extends z.ZodType>(schema: S, value: unknown, file: string, options: ParseFileOptions = {}): z.output<S> {
  const objectNoun = options.objectNoun ?? 'an object';
  const r = schema.safeParse(value, { reportInput: true, error: (iss) => drctlMessage(iss, objectNoun) });
  if (r.success) return r.data;
  throw fileError(file, r.error.issues, options);
}

/** The error for a list of zod issues: the first one, with how many more there are. */
export function fileError(file: string, issues: readonly z.core.$ZodIssue[], { at, hint: fallbackHint }: Pick<ParseFileOptions, 'at' | 'hint'> = {}): DrctlError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (+${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  if (first.code === 'unrecognized_keys') {
    // The message of this issue is the known-keys hint (see drctlMessage): the problem itself is always the same.
    const key = keyPath([...first.path, first.keys[0]], at);
    return configError(file, key, `unknown key${more}`, first.message);
  }
  const hint = first.code === 'custom' && typeof first.params?.hint === 'string' ? first.params.hint : fallbackHint;
  return configError(file, keyPath(first.path, at), `${first.message}${more}`, hint);
}

/**
 * A key path as a user finds it in the file: `clusters.NYC.bootstrap`, `flows[0].flow`, and a quoted segment for
 * a key a dot would make ambiguous, `groups["orders.v2"][0].offset`. The document itself is `(top level)`.
 */
export function keyPath(path: readonly PropertyKey[], at?: string): string {
  if (path.length === 0) return at ?? '(top level)';
  const rest = path
    .map((seg, i) => {
      if (typeof seg === 'number') return `[${seg}]`;
      const s = String(seg);
      if (/^[A-Za-z0-9_*-]+$/.test(s)) return i === 0 && at === undefined ? s : `.${s}`;
      return `[${JSON.stringify(s)}]`;
    })
    .join('');
  return `${at ?? ''}${rest}`;
}

/** A value as a message shows it: short, and never a whole mapping or list. */
export function shown(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'bigint') return v.toString();
  const s = typeof v === 'string' ? JSON.stringify(v) : String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const NOUNS: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  bigint: 'an integer',
  null: 'null',
};

/** drctl's wording of zod's default messages (undefined: keep zod's). */
function drctlMessage(iss: z.core.$ZodRawIssue, objectNoun: string): string | undefined {
  switch (iss.code) {
    case 'invalid_type':
      if (iss.input === undefined) return 'is missing';
      return `must be ${iss.expected === 'object' || iss.expected === 'record' ? objectNoun : (NOUNS[iss.expected] ?? iss.expected)}, not ${shown(iss.input)}`;
    case 'invalid_value':
      if (iss.input === undefined) return 'is missing';
      return `must be ${iss.values.map((v) => JSON.stringify(v)).join(' or ')}, not ${shown(iss.input)}`;
    case 'too_small':
      if (iss.origin === 'string' && Number(iss.minimum) === 1) return 'must not be empty';
      if (iss.origin === 'array') return `must have at least ${iss.minimum} item(s)`;
      return `must be ${iss.inclusive ? 'at least' : 'more than'} ${iss.minimum}, not ${shown(iss.input)}`;
    case 'too_big':
      return `must be ${iss.inclusive ? 'at most' : 'less than'} ${iss.maximum}, not ${shown(iss.input)}`;
    case 'unrecognized_keys': {
      const shape = (iss.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod?.def?.shape;
      return shape ? `known keys: ${Object.keys(shape).join(', ')}` : undefined;
    }
    case 'invalid_key':
      // The key is the last segment of the path already; its own schema says what is wrong with it.
      return iss.issues[0]?.message ?? 'this key is not allowed';
    default:
      return undefined;
  }
}

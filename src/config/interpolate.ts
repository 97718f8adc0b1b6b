/**
 * `${VAR}` references in drctl.yaml, resolved from the environment at load time, so secrets and per-site addresses
 * stay out of the file (safety rule 7). An unset variable is a problem of the key that names it.
 */
import * as z from 'zod';

/** A `${NAME}` reference; names follow POSIX shell variables. */
const ENV_REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Does `v` contain at least one `${VAR}` reference? */
export const hasEnvReference = (v: string): boolean => new RegExp(ENV_REFERENCE.source).test(v);

/** `v` with every reference resolved, or the first variable that is not set. */
export function resolveEnvReferences(v: string, env: NodeJS.ProcessEnv): { value: string } | { unset: string } {
  const unset = [...v.matchAll(ENV_REFERENCE)].map((m) => m[1]).find((name) => env[name] === undefined);
  return unset !== undefined ? { unset } : { value: v.replace(ENV_REFERENCE, (_, name: string) => env[name]!) };
}

/** The issue for an unset variable, as a zod transform reports it (at `path` below the value being parsed). */
export const unsetVariableIssue = (name: string, input: unknown, path: PropertyKey[] = []): z.core.$ZodRawIssue => ({
  code: 'custom',
  message: `environment variable ${name} is not set`,
  input,
  path,
  params: { hint: `export ${name} before running drctl` },
});

/** A string whose `${VAR}` references are resolved. */
export const interpolated = (env: NodeJS.ProcessEnv) =>
  z.string().transform((v, ctx) => {
    const r = resolveEnvReferences(v, env);
    if ('unset' in r) {
      ctx.issues.push(unsetVariableIssue(r.unset, v));
      return z.NEVER;
    }
    return r.value;
  });

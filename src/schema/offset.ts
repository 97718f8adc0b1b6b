/**
 * Offsets and counts in drctl's JSON files (plans, backups): decimal strings on disk, bigint inside (see DESIGN.md
 * conventions). A JSON number is refused: beyond 2^53 it silently loses digits, and an offset must be exact.
 */
import * as z from 'zod';

/** Kafka offsets are int64. */
const INT64_MAX = 2n ** 63n - 1n;

const decimal = (re: RegExp, what: string) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? 'is missing' : `must be ${what} as a decimal string such as "42", not ${JSON.stringify(iss.input)}`) })
    .regex(re, { error: (iss) => `must be ${what}, not ${JSON.stringify(iss.input)}` })
    .transform((s) => BigInt(s))
    .refine((n) => n <= INT64_MAX && n >= -INT64_MAX - 1n, { error: `is beyond a 64-bit offset` });

/** An offset: a non-negative integer. */
export const offsetString = decimal(/^\d+$/, 'a non-negative integer offset');

/** A signed integer (counts and markers such as upstream -1 for "no checkpoint"). */
export const integerString = decimal(/^-?\d+$/, 'an integer');

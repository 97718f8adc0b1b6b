/**
 * Regex flags (--groups-regex, --topics) are matched against whole names (MM2's filters do the same). The planners
 * compile them only after reading the clusters; checking them as the flags are read makes a typo fail at once,
 * before any connection.
 */
import { usageError } from '../errors.js';

/** The flag's value when it compiles as a whole-name regex; otherwise a usage error (exit 2) with the reason. */
export function checkRegexFlag<T extends string | undefined>(value: T, flag: string): T {
  if (value === undefined) return value;
  try {
    new RegExp(`^(?:${value})$`);
  } catch (e) {
    // V8 says "Invalid regular expression: /^(?:orders-[)$/: Unterminated character class": keep the reason only.
    const reason = /: ([^:]+)$/.exec((e as Error).message)?.[1] ?? (e as Error).message;
    throw usageError(`${flag}: invalid regex "${value}" (${reason})`, `${flag} takes a JavaScript regex that must match the whole name, e.g. "orders-.*"`);
  }
  return value;
}

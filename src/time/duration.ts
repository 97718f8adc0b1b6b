/** Durations as operators type them: `500ms`, `30s`, `15m`, `2h`, `1d`, or ISO-8601 (`PT15M`, `P1DT2H`). */
import { usageError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parse a duration into milliseconds; anything else is a usage error (exit 2), never a guess. */
export function parseDuration(input: string, what = 'duration'): number {
  const s = input.trim();
  const short = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(s);
  if (short) return Math.round(Number(short[1]) * UNIT_MS[short[2]]);
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso && s.length > 1 && !/T$/i.test(s) && iso.slice(1).some((x) => x !== undefined)) {
    const [d, h, m, sec] = iso.slice(1).map((x) => Number(x ?? 0));
    return Math.round(d * UNIT_MS.d + h * UNIT_MS.h + m * UNIT_MS.m + sec * UNIT_MS.s);
  }
  throw usageError(`invalid ${what} "${input}"`, 'use e.g. 500ms, 30s, 15m, 2h, 1d, or ISO-8601 like PT15M');
}

/** Durations as operators type them: `500ms`, `30s`, `15m`, `2h`, `1d`, or ISO-8601 (`PT15M`, `P1DT2H`). */
import { usageError } from '../errors.js';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

const FORMAT_HINT = 'use e.g. 500ms, 30s, 15m, 2h, 1d, or ISO-8601 like PT15M';

/**
 * The longest delay Node's timers take (2^31-1 ms, about 24.8 days): a longer one fires after 1 ms, so a duration
 * that feeds a timer must be refused above it rather than silently become "at once".
 */
export const TIMER_MAX_MS = 2 ** 31 - 1;

/** Parse a duration into milliseconds; anything else is a usage error (exit 2), never a guess. */
export function parseDuration(input: string, what = 'duration'): number {
  const ms = parseMs(input.trim());
  if (ms === undefined) throw usageError(`invalid ${what} "${input}"`, FORMAT_HINT);
  // Digits can outrun a double: a value that is not an exact integer of ms is not one anybody meant.
  if (!Number.isSafeInteger(ms)) throw usageError(`${what} "${input}" is too long`, FORMAT_HINT);
  return ms;
}

/** Options of parseTimerDuration. */
export interface TimerDurationOptions {
  /** Accept 0 (e.g. no pause between canary rounds); a timeout of 0 would give up before anything happened. */
  allowZero?: boolean;
}

/**
 * Parse a duration that a timer waits for (--timeout, --wait-timeout, --interval): refused (exit 2) above
 * TIMER_MAX_MS, and when it is 0 unless `allowZero`.
 */
export function parseTimerDuration(input: string, what: string, options: TimerDurationOptions = {}): number {
  const ms = parseDuration(input, what);
  if (ms === 0 && !options.allowZero) throw usageError(`${what} "${input}" is zero`, `give ${what} a positive duration, e.g. 30s`);
  if (ms > TIMER_MAX_MS) throw usageError(`${what} "${input}" is longer than the maximum of ${TIMER_MAX_MS} ms (about 24.8 days)`, `give ${what} at most 24d`);
  return ms;
}

function parseMs(s: string): number | undefined {
  const short = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(s);
  if (short) return Math.round(Number(short[1]) * UNIT_MS[short[2]]);
  const iso = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i.exec(s);
  if (iso && s.length > 1 && !/T$/i.test(s) && iso.slice(1).some((x) => x !== undefined)) {
    const [d, h, m, sec] = iso.slice(1).map((x) => Number(x ?? 0));
    return Math.round(d * UNIT_MS.d + h * UNIT_MS.h + m * UNIT_MS.m + sec * UNIT_MS.s);
  }
  return undefined;
}

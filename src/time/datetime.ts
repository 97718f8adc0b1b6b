/**
 * Datetimes for `--to-datetime`, with kafka-consumer-groups' meaning and friendlier input:
 * `yyyy-MM-ddTHH:mm:ss[.SSS][zone]`, zone `Z`, `±hh:mm`, `±hhmm` or `±hh` (a missing zone means UTC, as the Java
 * tool does), or epoch milliseconds (12 or more digits). Anything else, impossible dates, and times outside
 * [MIN_DATETIME_MS, MAX_DATETIME_MS] are usage errors.
 */
import { usageError } from '../errors.js';

/** The Unix epoch: Kafka reads a negative timestamp as a special value (-1 the log end, -2 the log start). */
export const MIN_DATETIME_MS = 0;
/** 9999-12-31T23:59:59.999Z, the last time the ISO form can write; anything later is a typo, not a time. */
export const MAX_DATETIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

const RANGE_HINT = 'times range from 1970-01-01T00:00:00Z (epoch 0) to 9999-12-31T23:59:59.999Z (epoch 253402300799999)';

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parse a datetime into epoch milliseconds. */
export function parseDateTime(input: string): number {
  const ms = parseUnchecked(input);
  if (!(ms >= MIN_DATETIME_MS && ms <= MAX_DATETIME_MS)) throw usageError(`datetime "${input}" is out of range`, RANGE_HINT);
  return ms;
}

function parseUnchecked(input: string): number {
  const s = input.trim();
  if (/^\d{12,}$/.test(s)) return Number(s);
  const m = ISO.exec(s);
  if (!m) {
    throw usageError(`invalid datetime "${input}"`, 'use yyyy-MM-ddTHH:mm:ss[.SSS] with an optional zone (Z, +02:00, -0500), or epoch milliseconds');
  }
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
  // Date.UTC reads years 0-99 as 1900-1999; they are out of range anyway, and must not be called impossible dates.
  if (Number(y) < 1970) throw usageError(`datetime "${input}" is out of range`, RANGE_HINT);
  const ms = frac ? Number(frac.padEnd(3, '0')) : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(sec), ms);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== Number(y) || check.getUTCMonth() !== Number(mo) - 1 || check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59) {
    throw usageError(`invalid datetime "${input}": no such date or time`, 'months are 01-12, days must exist in the month, hours 00-23');
  }
  let offsetMin = 0;
  if (zone && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone)!;
    const hh = Number(z[2]);
    const mm = Number(z[3] ?? '0');
    if (hh > 18 || mm > 59) throw usageError(`invalid zone offset "${zone}" in "${input}"`, 'zone offsets range from -18:00 to +18:00');
    offsetMin = (z[1] === '-' ? -1 : 1) * (hh * 60 + mm);
  }
  return utc - offsetMin * 60_000;
}

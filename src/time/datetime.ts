/**
 * Datetimes for `--to-datetime`, with kafka-consumer-groups' meaning and friendlier input:
 * `yyyy-MM-ddTHH:mm:ss[.SSS][zone]`, zone `Z`, `±hh:mm`, `±hhmm` or `±hh` (a missing zone means UTC, as the Java
 * tool does), or epoch milliseconds (12 or more digits). Anything else, and impossible dates, are usage errors.
 */
import { usageError } from '../errors.js';

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parse a datetime into epoch milliseconds. */
export function parseDateTime(input: string): number {
  const s = input.trim();
  if (/^\d{12,}$/.test(s)) return Number(s);
  const m = ISO.exec(s);
  if (!m) {
    throw usageError(`invalid datetime "${input}"`, 'use yyyy-MM-ddTHH:mm:ss[.SSS] with an optional zone (Z, +02:00, -0500), or epoch milliseconds');
  }
  const [, y, mo, d, h, mi, sec, frac, zone] = m;
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

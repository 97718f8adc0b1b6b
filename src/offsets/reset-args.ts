/** Turning `drctl offsets reset` flags into a scenario and a scope, rejecting what the Java tool rejects. */
import { readFileSync, existsSync } from 'node:fs';
import { usageError } from '../errors.js';
import { MAX_DATETIME_MS, MIN_DATETIME_MS, parseDateTime } from '../time/datetime.js';
import { parseDuration } from '../time/duration.js';
import { parseResetCsv } from './reset-csv.js';
import type { ResetScenario, ResetScope } from './reset-plan.js';

/** The scenario flags, as parsed. */
export interface ScenarioFlags {
  'to-datetime'?: string;
  'by-duration'?: string;
  'to-earliest'?: boolean;
  'to-latest'?: boolean;
  'to-current'?: boolean;
  'shift-by'?: string;
  'to-offset'?: string;
  'from-file'?: string;
}

/** The largest Kafka offset (a signed 64-bit integer). */
const INT64_MAX = 2n ** 63n - 1n;

const SCENARIOS = ['to-datetime', 'by-duration', 'to-earliest', 'to-latest', 'to-current', 'shift-by', 'to-offset', 'from-file'] as const;

/** Exactly one scenario, resolved (by-duration becomes a timestamp relative to `now`). */
export function scenarioFromFlags(f: ScenarioFlags, singleGroup: boolean, now = Date.now()): ResetScenario {
  const given = SCENARIOS.filter((s) => f[s] !== undefined && f[s] !== false);
  if (given.length !== 1) throw usageError(given.length === 0 ? 'no reset scenario given' : `only one reset scenario at a time (got --${given.join(', --')})`, `use one of --${SCENARIOS.join(', --')}`);
  const int = (v: string, name: string, signed: boolean): bigint => {
    if (!(signed ? /^[+-]?\d+$/ : /^\d+$/).test(v.trim())) throw usageError(`--${name} needs ${signed ? 'an integer' : 'a non-negative integer'}, not "${v}"`);
    const n = BigInt(v.trim());
    // Kafka offsets are signed 64-bit: a larger value cannot be committed, and a larger shift is a typo.
    if (n > INT64_MAX || n < -INT64_MAX) throw usageError(`--${name} ${v.trim()} is out of range`, `Kafka offsets are 64-bit: at most ${INT64_MAX}`);
    return n;
  };
  switch (given[0]) {
    case 'to-datetime':
      return { kind: 'to-datetime', timestamp: parseDateTime(f['to-datetime']!) };
    case 'by-duration': {
      const raw = f['by-duration']!.trim();
      const negative = raw.startsWith('-');
      const ms = parseDuration(negative ? raw.slice(1) : raw, '--by-duration');
      const timestamp = negative ? now + ms : now - ms;
      // Before the epoch Kafka reads a timestamp as a special value (-1 latest, -2 earliest), never as a time.
      if (timestamp < MIN_DATETIME_MS || timestamp > MAX_DATETIME_MS) throw usageError(`--by-duration ${raw} reaches ${timestamp < 0 ? 'before 1970-01-01' : 'beyond the year 9999'}`, 'use --to-earliest to start at the log start');
      return { kind: 'by-duration', timestamp };
    }
    case 'to-earliest':
      return { kind: 'to-earliest' };
    case 'to-latest':
      return { kind: 'to-latest' };
    case 'to-current':
      return { kind: 'to-current' };
    case 'shift-by':
      return { kind: 'shift-by', by: int(f['shift-by']!, 'shift-by', true) };
    case 'to-offset':
      return { kind: 'to-offset', offset: int(f['to-offset']!, 'to-offset', false) };
    case 'from-file': {
      const file = f['from-file']!;
      if (!existsSync(file)) throw usageError(`--from-file: ${file}: no such file`);
      return { kind: 'from-file', rows: parseResetCsv(readFileSync(file, 'utf8'), file, singleGroup) };
    }
  }
}

/** --all-topics or --topic t / t:0,2; required unless --from-file. */
export function scopeFromFlags(allTopics: boolean, topics: string[] | undefined, scenario: ResetScenario): ResetScope {
  const parsed = (topics ?? []).map((t) => {
    const m = /^([^:,\s]+)(?::(\d+(?:,\d+)*))?$/.exec(t.trim());
    if (!m) throw usageError(`invalid --topic "${t}"`, 'use --topic NAME or --topic NAME:0,1,2');
    return { topic: m[1], partitions: m[2]?.split(',').map(Number) };
  });
  if (!allTopics && parsed.length === 0 && scenario.kind !== 'from-file') {
    throw usageError('no reset scope given', 'add --all-topics (partitions with committed offsets) or --topic NAME[:PARTITIONS]');
  }
  return { allTopics, topics: parsed };
}

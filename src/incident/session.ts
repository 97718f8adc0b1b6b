/**
 * An incident session: what the operator chose and how far the run got, saved as it goes to
 * `<state dir>/incidents/<id>.json` (written to a temporary file, then renamed, so a crash leaves the previous
 * complete file), so `drctl incident --resume` can finish a session whose process was interrupted or died, and the
 * postmortem can be written from it. Offsets are bigint inside and decimal strings in the file; the file is validated
 * whole when it is read (safety rule 11).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import { configError, usageError } from '../errors.js';
import { readJournal } from '../journal/journal.js';
import type { FailoverPlan } from '../failover/failover-plan.js';
import { failoverPlanSchema } from '../failover/plan-file.js';
import { offsetString } from '../schema/offset.js';
import { parseFile } from '../schema/parse-file.js';
import type { SameType } from '../schema/same-type.js';
import type { RecommendationKind } from './recommend.js';

/** Where the session is. `confirmed` and later (until an end) can be resumed. */
export type SessionStatus = 'choosing' | 'confirmed' | 'executing' | 'interrupted' | 'failed' | 'executed' | 'done' | 'cancelled';

/** The fallback for untranslated partitions an operator can choose (unplanned only). */
export type FallbackChoice = 'checkpoint-time' | 'earliest' | 'latest';

/** One row of the timeline: when it started (UTC), what kind of thing it was, what happened, how long it took. */
export interface TimelineEntry {
  at: string;
  type: 'assessment' | 'choice' | 'plan' | 'confirm' | 'step' | 'verify' | 'next' | 'resume' | 'cancel' | 'interrupt' | 'error';
  event: string;
  ms: number | null;
}

/** What the operator chose (null: not asked yet). */
export interface SessionChoices {
  flow: string | null;
  groups: string[] | null;
  mode: 'planned' | 'unplanned' | null;
  /** Unplanned only; null for a planned failover. */
  fallback: FallbackChoice | null;
  reason: string | null;
}

/** What the assessment found for the chosen flow. */
export interface SessionAssessment {
  sourceReachable: boolean;
  heartbeatAgeSeconds: number | null;
  rpoRecords: bigint | null;
  rpoSeconds: number | null;
  recommendation: { kind: RecommendationKind; headline: string; why: string };
}

/** What the execution did. */
export interface SessionResult {
  backupId: string | null;
  outcomes: { group: string; status: 'ok' | 'refused' | 'failed'; reason: string | null }[];
  /** The failover's RTO as journaled (drctl report rto counts it), and the steps it is made of. */
  rtoMs: number;
  switchCommand: string | null;
}

/** The check after the execution: offsets read back from the target, and a canary round through the flow. */
export interface SessionVerification {
  offsets: { group: string; topic: string; partition: number; planned: bigint; actual: bigint | null }[];
  canary: { ok: boolean; detail: string } | null;
}

/** The whole session (also the file). */
export interface IncidentSession {
  version: 1;
  id: string;
  startedAt: string;
  endedAt: string | null;
  user: string;
  /** The --config / --mm2-config the session ran with, repeated in the postmortem's commands. */
  configFlags: string[];
  status: SessionStatus;
  assessment: SessionAssessment | null;
  choices: SessionChoices;
  timeline: TimelineEntry[];
  /** The newest plan (a resumed session re-plans). */
  plan: FailoverPlan | null;
  result: SessionResult | null;
  verification: SessionVerification | null;
  next: { choice: 'done' | 'undo' | 'failback-later'; detail: string } | null;
  postmortem: string | null;
  error: string | null;
}

const iso = z.iso.datetime({ error: 'must be an ISO-8601 UTC time' });

/** The schema of a session file (decimal strings in, bigint out). */
export const incidentSessionSchema = z.strictObject({
  version: z.literal(1),
  id: z.string().regex(/^[0-9A-Za-z-]+$/),
  startedAt: iso,
  endedAt: iso.nullable(),
  user: z.string(),
  configFlags: z.array(z.string()),
  status: z.enum(['choosing', 'confirmed', 'executing', 'interrupted', 'failed', 'executed', 'done', 'cancelled']),
  assessment: z
    .strictObject({
      sourceReachable: z.boolean(),
      heartbeatAgeSeconds: z.number().nullable(),
      rpoRecords: offsetString.nullable(),
      rpoSeconds: z.number().nullable(),
      recommendation: z.strictObject({ kind: z.enum(['planned', 'unplanned', 'fix-mirror', 'target-down']), headline: z.string(), why: z.string() }),
    })
    .nullable(),
  choices: z.strictObject({
    flow: z.string().nullable(),
    groups: z.array(z.string().min(1)).nullable(),
    mode: z.enum(['planned', 'unplanned']).nullable(),
    fallback: z.enum(['checkpoint-time', 'earliest', 'latest']).nullable(),
    reason: z.string().nullable(),
  }),
  timeline: z.array(z.strictObject({ at: iso, type: z.enum(['assessment', 'choice', 'plan', 'confirm', 'step', 'verify', 'next', 'resume', 'cancel', 'interrupt', 'error']), event: z.string(), ms: z.number().nullable() })),
  plan: failoverPlanSchema.nullable(),
  result: z
    .strictObject({
      backupId: z.string().nullable(),
      outcomes: z.array(z.strictObject({ group: z.string(), status: z.enum(['ok', 'refused', 'failed']), reason: z.string().nullable() })),
      rtoMs: z.number(),
      switchCommand: z.string().nullable(),
    })
    .nullable(),
  verification: z
    .strictObject({
      offsets: z.array(z.strictObject({ group: z.string(), topic: z.string(), partition: z.number().int().min(0), planned: offsetString, actual: offsetString.nullable() })),
      canary: z.strictObject({ ok: z.boolean(), detail: z.string() }).nullable(),
    })
    .nullable(),
  next: z.strictObject({ choice: z.enum(['done', 'undo', 'failback-later']), detail: z.string() }).nullable(),
  postmortem: z.string().nullable(),
  error: z.string().nullable(),
});

true satisfies SameType<z.output<typeof incidentSessionSchema>, IncidentSession>;

/** `<state dir>/incidents`. */
export const incidentsDir = (stateDir: string): string => join(stateDir, 'incidents');

/** The session file of `id`. */
export const sessionFile = (stateDir: string, id: string): string => join(incidentsDir(stateDir), `${id}.json`);

/** A new session id: UTC time to the second, then 4 random hex digits (sorts by start time). */
export function newSessionId(now = new Date()): string {
  return `${now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(2).toString('hex')}`;
}

const currentUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

/** A fresh session, nothing chosen yet. */
export function newSession(configFlags: string[], now = new Date()): IncidentSession {
  return {
    version: 1,
    id: newSessionId(now),
    startedAt: now.toISOString(),
    endedAt: null,
    user: currentUser(),
    configFlags,
    status: 'choosing',
    assessment: null,
    choices: { flow: null, groups: null, mode: null, fallback: null, reason: null },
    timeline: [],
    plan: null,
    result: null,
    verification: null,
    next: null,
    postmortem: null,
    error: null,
  };
}

/** Save the session: a temporary file in the same folder, then a rename over the old one (atomic on POSIX). */
export function saveSession(stateDir: string, s: IncidentSession): string {
  mkdirSync(incidentsDir(stateDir), { recursive: true });
  const file = sessionFile(stateDir, s.id);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  renameSync(tmp, file);
  return file;
}

/** Read and validate a session file. */
export function loadSession(stateDir: string, id: string): IncidentSession {
  const file = sessionFile(stateDir, id);
  if (!existsSync(file)) throw usageError(`no incident session "${id}"`, `sessions are in ${incidentsDir(stateDir)}; drctl incident --resume without an id takes the newest unfinished one`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw configError(file, '(syntax)', `not JSON: ${(e as Error).message.split('\n')[0]}`, 'a session file is what drctl incident wrote; start a new session with drctl incident');
  }
  return parseFile(incidentSessionSchema, json, file, { hint: 'a session file is what drctl incident wrote, not meant to be edited; start a new session with drctl incident' });
}

/** Can the session be resumed: every choice made, and not ended? */
export const resumable = (s: IncidentSession): boolean => s.endedAt === null && s.choices.flow !== null && s.choices.groups !== null && s.choices.mode !== null && s.choices.reason !== null && (s.choices.mode === 'planned' || s.choices.fallback !== null);

/** The newest session that can be resumed (by id, which sorts by start time), or null. Unreadable files are skipped. */
export function newestResumable(stateDir: string): IncidentSession | null {
  const dir = incidentsDir(stateDir);
  if (!existsSync(dir)) return null;
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort()
    .reverse();
  for (const id of ids) {
    let s: IncidentSession;
    try {
      s = loadSession(stateDir, id);
    } catch {
      continue;
    }
    if (resumable(s)) return s;
  }
  return null;
}

/**
 * The backup to undo the session with: the first one its failovers saved (each commit saves the offsets it
 * replaces, so after a resume the newest backup holds offsets the session itself committed). Found in the journal,
 * where the commit is recorded as it happens, even when the process died before the session file heard of it.
 */
export function firstBackupOf(stateDir: string, s: IncidentSession): string | null {
  const command = `failover ${s.choices.flow}`;
  const entry = readJournal(stateDir).find((e) => e.command === command && e.reason === s.choices.reason && e.at >= s.startedAt && typeof e.backup === 'string');
  return (entry?.backup as string | undefined) ?? null;
}

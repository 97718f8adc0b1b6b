/**
 * The journal: an append-only NDJSON file in the state dir recording every mutation (who, when, why, what) and its
 * step timings; and offset backups, one JSON file each, saved before any offset change so `offsets restore` can undo
 * it. Offsets are decimal strings on disk. No secrets are ever written (only aliases and cluster ids).
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { configError, usageError } from '../errors.js';
import { parseFile } from '../schema/parse-file.js';
import { offsetBackupSchema, type OffsetBackup } from './backup-schema.js';
import type { JournalRecord } from './entries.js';

/** One journal line as read back: any version of drctl may have written it, so only these fields are sure. */
export interface JournalEntry {
  at: string;
  user: string;
  command: string;
  cluster?: string;
  reason?: string | null;
  [k: string]: unknown;
}

const safeUser = (): string => {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
};

const backupsDir = (stateDir: string): string => join(stateDir, 'backups');

/** Append an entry to <state dir>/journal.ndjson. */
export function appendJournal(stateDir: string, entry: JournalRecord): void {
  mkdirSync(stateDir, { recursive: true });
  appendFileSync(join(stateDir, 'journal.ndjson'), `${JSON.stringify({ at: new Date().toISOString(), user: safeUser(), ...entry }, (_, v) => (typeof v === 'bigint' ? v.toString() : v))}\n`);
}

/** Every journal line, oldest first (none when there is no journal yet). A torn last line is skipped. */
export function readJournal(stateDir: string): JournalEntry[] {
  const file = join(stateDir, 'journal.ndjson');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as JournalEntry];
      } catch {
        return [];
      }
    });
}

/** Save a backup and return it (with its id). */
export function saveBackup(stateDir: string, b: Omit<OffsetBackup, 'id' | 'createdAt'>): OffsetBackup & { file: string } {
  const createdAt = new Date().toISOString();
  const id = `${createdAt.replace(/[-:.]/g, '').replace('T', '-').slice(0, 15)}-${randomBytes(3).toString('hex')}`;
  const dir = backupsDir(stateDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${id}.json`);
  const backup: OffsetBackup = { id, createdAt, ...b };
  writeFileSync(file, `${JSON.stringify(backup, (_, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
  return { ...backup, file };
}

/** Load a backup by id (from the state dir) or by file path; a file that is not a valid backup is refused (exit 2). */
export function loadBackup(stateDir: string, idOrFile: string): OffsetBackup {
  const file = existsSync(idOrFile) ? idOrFile : join(backupsDir(stateDir), `${idOrFile}.json`);
  if (!existsSync(file)) throw usageError(`no backup "${idOrFile}"`, `backups are in ${backupsDir(stateDir)}; pass an id or a file`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw configError(file, '(syntax)', `not JSON: ${(e as Error).message.split('\n')[0]}`, 'pass a backup id or a file drctl wrote under <state dir>/backups');
  }
  return parseFile(offsetBackupSchema, raw, file, { hint: 'a backup is what drctl saved before an offset change, not meant to be edited: pass another backup id (see the journal)' });
}

/**
 * Salvage to a directory: one JSON-lines file per source partition range (`<topic>-<partition>-<from>-<to>.jsonl`)
 * and `manifest.json` with, per file, the range, the record count, offsets and times, the size and the SHA-256.
 * Files are written to a temporary name and renamed, and the manifest is rewritten after each file, so an interrupted
 * salvage leaves only complete, listed files. Entries are never removed: a later run (after the source was cleaned)
 * keeps what earlier runs salvaged.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { usageError, preconditionError } from '../errors.js';
import type { ClusterGateway } from '../kafka/gateway.js';
import { digestTail, LineDigest, parseSalvageLine, readTail, salvageLine, type TailRange } from './salvage-lines.js';

/** One salvaged file. Offsets are decimal strings. */
export interface ManifestFile {
  file: string;
  topic: string;
  partition: number;
  /** The range [fromOffset, toOffset) the file holds every committed record of. */
  fromOffset: string;
  toOffset: string;
  records: number;
  firstOffset: string | null;
  lastOffset: string | null;
  firstTimestamp: number | null;
  lastTimestamp: number | null;
  bytes: number;
  sha256: string;
  writtenAt: string;
}

/** manifest.json. */
export interface SalvageManifest {
  version: 1;
  sourceCluster: string;
  sourceClusterId: string;
  files: ManifestFile[];
}

/** What happened to one range. */
export interface RangeSalvage extends TailRange {
  records: number;
  sha256: string;
  status: 'salvaged' | 'already salvaged';
  where: string;
}

const MANIFEST = 'manifest.json';

/** Read the manifest, or an empty one; refuses a directory that holds another cluster's salvage. */
export function readManifest(dir: string, sourceCluster: string, sourceClusterId: string): SalvageManifest {
  const p = join(dir, MANIFEST);
  if (!existsSync(p)) return { version: 1, sourceCluster, sourceClusterId, files: [] };
  let m: SalvageManifest;
  try {
    m = JSON.parse(readFileSync(p, 'utf8')) as SalvageManifest;
  } catch (e) {
    throw usageError(`${p}: not a drctl salvage manifest (${(e as Error).message})`);
  }
  if (m.version !== 1 || !Array.isArray(m.files)) throw usageError(`${p}: not a drctl salvage manifest`);
  if (m.sourceClusterId !== sourceClusterId) throw usageError(`${dir} holds a salvage of cluster ${m.sourceCluster} (${m.sourceClusterId}), not of ${sourceCluster} (${sourceClusterId})`, 'use another --salvage-dir');
  return m;
}

function writeManifest(dir: string, m: SalvageManifest): void {
  const tmp = join(dir, `${MANIFEST}.tmp`);
  writeFileSync(tmp, `${JSON.stringify(m, null, 2)}\n`);
  renameSync(tmp, join(dir, MANIFEST));
}

const covering = (m: SalvageManifest, r: TailRange): ManifestFile | undefined => m.files.find((f) => f.topic === r.topic && f.partition === r.partition && BigInt(f.fromOffset) <= r.from && BigInt(f.toOffset) >= r.to);

/** The lines of a salvage file, as parsed records (throws on a damaged line). */
function fileRecords(dir: string, f: ManifestFile) {
  const text = readFileSync(join(dir, f.file), 'utf8');
  return { text, records: text.split('\n').filter(Boolean).map(parseSalvageLine) };
}

/** Write each range not already covered by a verified file. */
export async function salvageToDir(source: ClusterGateway, dir: string, sourceClusterId: string, ranges: readonly TailRange[]): Promise<RangeSalvage[]> {
  mkdirSync(dir, { recursive: true });
  const m = readManifest(dir, source.alias, sourceClusterId);
  const out: RangeSalvage[] = [];
  for (const r of ranges) {
    const have = covering(m, r);
    if (have && fileIntact(dir, have)) {
      out.push({ ...r, records: have.records, sha256: have.sha256, status: 'already salvaged', where: join(dir, have.file) });
      continue;
    }
    const file = `${r.topic}-${r.partition}-${r.from}-${r.to}.jsonl`;
    const tmp = join(dir, `${file}.tmp`);
    const d = new LineDigest();
    const w = createWriteStream(tmp);
    try {
      for await (const rec of readTail(source, r)) {
        const line = salvageLine(r.topic, r.partition, rec);
        d.add(line, rec);
        if (!w.write(line)) await once(w, 'drain');
      }
    } finally {
      w.end();
      await once(w, 'close');
    }
    renameSync(tmp, join(dir, file));
    const sha256 = d.hex();
    m.files = m.files.filter((f) => f.file !== file);
    m.files.push({
      file,
      topic: r.topic,
      partition: r.partition,
      fromOffset: r.from.toString(),
      toOffset: r.to.toString(),
      records: d.records,
      firstOffset: d.firstOffset?.toString() ?? null,
      lastOffset: d.lastOffset?.toString() ?? null,
      firstTimestamp: d.firstTimestamp,
      lastTimestamp: d.lastTimestamp,
      bytes: d.bytes,
      sha256,
      writtenAt: new Date().toISOString(),
    });
    writeManifest(dir, m);
    out.push({ ...r, records: d.records, sha256, status: 'salvaged', where: join(dir, file) });
  }
  return out;
}

/** Does a file still have the size, digest and line count its manifest entry says? */
function fileIntact(dir: string, f: ManifestFile): boolean {
  const p = join(dir, f.file);
  if (!existsSync(p)) return false;
  const buf = readFileSync(p);
  return buf.length === f.bytes && createHash('sha256').update(buf).digest('hex') === f.sha256 && buf.toString('utf8').split('\n').filter(Boolean).length === f.records;
}

/**
 * Verify before cleanup: every range is covered by a file that is intact (size, SHA-256 and count as in the
 * manifest), and the file's records within the range are, line for line, the source's committed records there
 * (same count, same digest). Throws (exit 3) on the first mismatch.
 */
export async function verifySalvageDir(source: ClusterGateway, dir: string, sourceClusterId: string, ranges: readonly TailRange[]): Promise<{ ranges: number; records: number }> {
  const m = readManifest(dir, source.alias, sourceClusterId);
  let records = 0;
  for (const r of ranges) {
    const f = covering(m, r);
    const name = `${r.topic}-${r.partition} [${r.from}, ${r.to})`;
    if (!f) throw preconditionError('DRCTL_PRECONDITION', `salvage check failed: ${name} is not in ${join(dir, MANIFEST)}`, 'nothing was deleted; run failback again to salvage it');
    if (!fileIntact(dir, f))
      throw preconditionError('DRCTL_PRECONDITION', `salvage check failed: ${join(dir, f.file)} does not match its manifest entry (size, SHA-256 or record count)`, 'nothing was deleted; move the damaged file away and run failback again');
    const salvaged = new LineDigest();
    for (const rec of fileRecords(dir, f).records) if (rec.offset >= r.from && rec.offset < r.to) salvaged.add(salvageLine(r.topic, r.partition, rec), rec);
    const expected = await digestTail(source, r);
    if (salvaged.records !== expected.records || salvaged.hex() !== expected.hex()) {
      throw preconditionError(
        'DRCTL_PRECONDITION',
        `salvage check failed: ${join(dir, f.file)} holds ${salvaged.records} record(s) of ${name}, ${source.alias} holds ${expected.records} (or their contents differ)`,
        'nothing was deleted; move the file away and run failback again',
      );
    }
    records += expected.records;
  }
  return { ranges: ranges.length, records };
}

/**
 * The records `drctl agent` has already read, kept between rounds. A round walks each partition from its last exact
 * pair to the new commit, usually a few records further on, and a Fetch returns whole batches: without this cache
 * every round fetched and decoded the same batches again (the bulk of the agent's CPU and memory). Records at an
 * offset never change, so a read inside a run already read is answered from memory, and only the part past the run is
 * fetched.
 *
 * Only what the exact walk compares is kept: offset, timestamp and identity digest, in typed arrays and buffers
 * (48 bytes a record, outside the JS heap, so the garbage collector has nothing to trace). The runs are checked
 * against the log bounds the walks list: a log end below a run (a truncated log, a re-created topic) drops the run,
 * and a log start past records trims them.
 */
import { tpKey, type ClusterGateway, type KafkaRecord, type ReadOptions, type ReadResult, type TopicPartition } from '../kafka/gateway.js';
import { identityDigest, type HashedRecord } from '../translate/record-identity.js';

const DIGEST = 32;
const NO_HEADERS: never[] = [];

/** Records of one run as columns: offsets ascending, timestamps, identity digests. */
class Columns {
  constructor(
    readonly offsets: BigInt64Array,
    readonly timestamps: Float64Array,
    readonly digests: Buffer,
  ) {}

  /** The records (those at or after `from`), hashed. */
  static of(records: readonly KafkaRecord[], from: bigint): Columns {
    const kept = records.filter((r) => r.offset >= from);
    const c = new Columns(new BigInt64Array(kept.length), new Float64Array(kept.length), Buffer.alloc(kept.length * DIGEST));
    kept.forEach((r, i) => {
      c.offsets[i] = r.offset;
      c.timestamps[i] = r.timestamp;
      identityDigest(r).copy(c.digests, i * DIGEST);
    });
    return c;
  }

  /** The parts end to end (each ascending, each after the one before), copied into new arrays. */
  static concat(parts: readonly Columns[]): Columns {
    const n = parts.reduce((s, p) => s + p.length, 0);
    const out = new Columns(new BigInt64Array(n), new Float64Array(n), Buffer.alloc(n * DIGEST));
    let at = 0;
    for (const p of parts) {
      out.offsets.set(p.offsets, at);
      out.timestamps.set(p.timestamps, at);
      p.digests.copy(out.digests, at * DIGEST);
      at += p.length;
    }
    return out;
  }

  get length(): number {
    return this.offsets.length;
  }

  /** Records [i, j) as a view (no copy). */
  slice(i: number, j = this.length): Columns {
    return new Columns(this.offsets.subarray(i, j), this.timestamps.subarray(i, j), this.digests.subarray(i * DIGEST, j * DIGEST));
  }

  /** Index of the first record at or after `offset`. */
  firstAtOrAfter(offset: bigint): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Record `i` as a HashedRecord (no payload). */
  record(i: number): HashedRecord {
    return { offset: this.offsets[i], timestamp: this.timestamps[i], key: null, value: null, headers: NO_HEADERS, identity: this.digests.toString('base64', i * DIGEST, (i + 1) * DIGEST) };
  }
}

/** A contiguous run of one partition's records: every data record in [from, next) is in `records`. */
interface Run {
  from: bigint;
  next: bigint;
  records: Columns;
  /** The partition's bounds as the last fetch saw them. */
  highWatermark: bigint;
  logStartOffset: bigint;
}

/** At most this many records are kept per partition (the newest: walks move forward). */
const MAX_PER_PARTITION = 4_000;
/** At most this many records in all (about 24 MB); the partitions read least recently go first. */
const MAX_RECORDS = 500_000;
/** Records one cached read returns at most (the rest follow on the next read, from memory too). */
const LOOKUP_RECORDS = 16;

/** Records read from each cluster's partitions, kept between the agent's rounds. */
export class ReadCache {
  private readonly runs = new Map<string, Run>();
  private total = 0;
  /** Reads answered from memory and reads that went to a broker (for tests and the bench). */
  readonly stats = { hits: 0, fetched: 0 };

  constructor(private readonly limits = { perPartition: MAX_PER_PARTITION, total: MAX_RECORDS }) {}

  /** Cached records of `tp` on `alias` from `offset`, or undefined when `offset` is outside what is cached. */
  lookup(alias: string, tp: TopicPartition, offset: bigint): ReadResult | undefined {
    const key = `${alias}|${tpKey(tp)}`;
    const run = this.runs.get(key);
    if (!run || offset < run.from || offset >= run.next) return undefined;
    // Most recently used last, so that eviction takes the partitions nobody reads any more.
    this.runs.delete(key);
    this.runs.set(key, run);
    // A walk usually needs a few records: hand out a few at a time, as a small fetch would.
    const i = run.records.firstAtOrAfter(offset);
    const j = Math.min(i + LOOKUP_RECORDS, run.records.length);
    const records: HashedRecord[] = [];
    for (let k = i; k < j; k++) records.push(run.records.record(k));
    const nextOffset = j < run.records.length ? records[records.length - 1].offset + 1n : run.next;
    return { records, nextOffset, highWatermark: run.highWatermark, logStartOffset: run.logStartOffset };
  }

  /** Keep what a read of `tp` at `offset` returned. */
  store(alias: string, tp: TopicPartition, offset: bigint, r: ReadResult): void {
    if (r.nextOffset <= offset) return;
    const key = `${alias}|${tpKey(tp)}`;
    const got = Columns.of(r.records, offset);
    const run = this.runs.get(key);
    const bounds = { highWatermark: r.highWatermark, logStartOffset: r.logStartOffset };
    if (run && offset <= run.next && r.nextOffset >= run.from) {
      // Overlapping or adjacent: one run (records at the same offset are the same record).
      const before = run.records.slice(0, run.records.firstAtOrAfter(offset));
      const after = run.records.slice(run.records.firstAtOrAfter(r.nextOffset));
      this.put(key, { from: offset < run.from ? offset : run.from, next: r.nextOffset > run.next ? r.nextOffset : run.next, records: Columns.concat([before, got, after]), ...bounds });
    } else this.put(key, { from: offset, next: r.nextOffset, records: got, ...bounds });
  }

  /** Forget records of `tp` on `alias` below `offset`: no walk starts there any more. */
  forgetBelow(alias: string, tp: TopicPartition, offset: bigint): void {
    this.trimBelow(`${alias}|${tpKey(tp)}`, offset);
  }

  /** Records kept in all. */
  get size(): number {
    return this.total;
  }

  /** A gateway that reads through this cache (default isolation, no broker wait) and passes everything else on. */
  reader(gw: ClusterGateway): ClusterGateway {
    const readMany = async (reads: readonly { tp: TopicPartition; offset: bigint }[], options: ReadOptions = {}): Promise<Map<string, ReadResult>> => {
      // read_committed stops at open transactions, and a wait for new data is a different question: not cached.
      if (options.isolation === 'read_committed' || options.maxWaitMs) return gw.readRecordsMany(reads, options);
      const out = new Map<string, ReadResult>();
      const misses: { tp: TopicPartition; offset: bigint }[] = [];
      for (const r of reads) {
        const hit = this.lookup(gw.alias, r.tp, r.offset);
        if (hit) out.set(tpKey(r.tp), hit);
        else misses.push(r);
      }
      this.stats.hits += reads.length - misses.length;
      if (misses.length === 0) return out;
      this.stats.fetched += misses.length;
      const got = await gw.readRecordsMany(misses, options);
      for (const m of misses) {
        const r = got.get(tpKey(m.tp));
        if (!r) continue;
        // A read below the log start returns records from the log start: none exist between, so the run holds.
        this.store(gw.alias, m.tp, m.offset, r);
        out.set(tpKey(m.tp), r);
      }
      return out;
    };
    // Every listing of log bounds checks the runs: a log end below a run's end means the log was truncated or the
    // topic re-created (the run goes); records below a log start are gone (trimmed).
    const listOffsets: ClusterGateway['listOffsets'] = async (tps, spec) => {
      const listed = await gw.listOffsets(tps, spec);
      if (spec === 'latest' || spec === 'earliest')
        for (const x of listed) {
          const key = `${gw.alias}|${tpKey(x)}`;
          const run = this.runs.get(key);
          if (!run || x.offset === null) continue;
          if (spec === 'latest' && x.offset < run.next) this.drop(key);
          if (spec === 'earliest') this.trimBelow(key, x.offset);
        }
      return listed;
    };
    return new Proxy(gw, {
      get: (target, prop, receiver) => {
        if (prop === 'readRecordsMany') return readMany;
        if (prop === 'readRecords') return async (tp: TopicPartition, offset: bigint, options?: ReadOptions) => (await readMany([{ tp, offset }], options)).get(tpKey(tp))!;
        if (prop === 'listOffsets') return listOffsets;
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
  }

  private put(key: string, run: Run): void {
    this.drop(key);
    if (run.records.length > this.limits.perPartition) {
      // Copied, so that the bigger arrays it was cut from can go.
      run.records = Columns.concat([run.records.slice(run.records.length - this.limits.perPartition)]);
      run.from = run.records.offsets[0];
    }
    this.runs.set(key, run);
    this.total += run.records.length;
    for (const k of this.runs.keys()) {
      if (this.total <= this.limits.total || k === key) break;
      this.drop(k);
    }
  }

  private trimBelow(key: string, offset: bigint): void {
    const run = this.runs.get(key);
    if (!run || offset <= run.from) return;
    if (offset >= run.next) return this.drop(key);
    const i = run.records.firstAtOrAfter(offset);
    this.total -= i;
    run.records = run.records.slice(i);
    run.from = offset;
  }

  private drop(key: string): void {
    const run = this.runs.get(key);
    if (!run) return;
    this.total -= run.records.length;
    this.runs.delete(key);
  }
}

/**
 * What drctl writes to the journal, one type per kind of line (`type`): a step of a run as the StepRunner ends it, a
 * run's summary, an offset change (reset, restore, a failover's commit: the plan, the backup, the outcomes) and a
 * failover (its RPO and RTO, read by `report rto`). The shapes here are structural so that the journal depends on no
 * workflow; each workflow's own types must fit them, which the compiler checks where it writes.
 */

/** The fields of every line besides `at` and `user` (added when it is written). */
interface EntryBase {
  /** The command as the operator would name it: "failback", "drill", "offsets reset", "failover NYC->LON", … */
  command: string;
  cluster?: string;
  reason?: string | null;
}

/** One step of a run, journaled as it ends (failed ones too), with its audit fields (e.g. salvaged ranges). */
export interface StepEntry extends EntryBase {
  type: 'step';
  runId: string;
  flow?: string;
  step: string;
  status: string;
  detail: string;
  ms: number;
  [audit: string]: unknown;
}

/** The last line of a run: how it ended and every step. */
export interface RunSummaryEntry extends EntryBase {
  type: 'run-summary';
  runId: string;
  flow?: string;
  step: 'summary' | 'report';
  status: string;
  steps: readonly { step: string; status: string; detail: string; ms: number }[];
  [more: string]: unknown;
}

/** Offsets changed on one cluster: what was planned, the backup taken before, what happened to each group. */
export interface OffsetChangeEntry extends EntryBase {
  type: 'offset-change';
  cluster: string;
  clusterId: string;
  reason: string | null;
  backup: string;
  plan: readonly { group: string; status: string; deleteGroup?: boolean; partitions: readonly { topic: string; partition: number; before: bigint | null; after: bigint }[] }[];
  outcomes: readonly { group: string; status: string; reason: string | null; partitions: number; ms: number }[];
}

/** A failover that committed something: its mode, RPO and RTO (every step timed). */
export interface FailoverEntry extends EntryBase {
  type: 'failover';
  command: 'failover';
  cluster: string;
  reason: string | null;
  flow: string;
  mode: 'planned' | 'unplanned';
  backup: string;
  outcomes: OffsetChangeEntry['outcomes'];
  rto: { steps: readonly { step: string; status: string; detail: string; ms: number }[]; totalMs: number };
  rpo: readonly { topic: string; records: bigint | null; seconds: number | null }[];
  switchCommand: { ran: boolean; exitCode: number | null; timedOut: boolean };
  /**
   * The source partitions the moved groups read, and their log ends right after the commit (null when the source did
   * not answer): the split-brain watch (src/splitbrain).
   */
  watch?: readonly { topic: string; partition: number; end: string | null }[];
  /** Set when the failover was a drill's (its run id), so `report rto` can tell drills apart. */
  drill?: string;
  /** Set when the failover was a guided incident session's (its id). */
  incident?: string;
}

/** Any line drctl writes. */
export type JournalRecord = StepEntry | RunSummaryEntry | OffsetChangeEntry | FailoverEntry;

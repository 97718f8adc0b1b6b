/**
 * The step runner every mutating workflow uses: each step is named, timed, journaled as it ends (a typed entry),
 * announced to the front end as events, and checked against an AbortSignal before it starts, so Ctrl-C stops a run
 * at a step boundary and the same command run again finishes it (steps find their own work already done).
 */
import { DrctlError } from '../errors.js';
import type { EventSink, StepStatus } from './events.js';

/** One step as it ended: what the result and the journal record. */
export interface StepRecord {
  step: string;
  status: StepStatus | 'failed';
  detail: string;
  ms: number;
}

/** What a step returns: how it ended, a line of detail, more for the journal only, and a value for the caller. */
export interface StepOutcome<T = undefined> {
  status: StepStatus;
  detail: string;
  /** Written to the journal with the step (e.g. each salvaged range and its digest), not shown. */
  audit?: Record<string, unknown>;
  value?: T;
}

/** The journal line of a step. */
export interface StepJournalEntry {
  step: string;
  status: StepRecord['status'];
  detail: string;
  ms: number;
  [audit: string]: unknown;
}

/** What a step's function gets: the run's signal (to stop a wait) and a way to report progress. */
export interface StepContext {
  signal: AbortSignal | undefined;
  progress: (message: string) => void;
}

/** Options of a runner. */
export interface StepRunnerOptions {
  /** Where each ended step is journaled (failed ones too); nothing is journaled without it. */
  journal?: (entry: StepJournalEntry) => void;
  /** Checked before each step: once aborted, the next step is not started. */
  signal?: AbortSignal;
  onEvent?: EventSink;
}

/** Runs the steps of one workflow run, in order, recording each. */
export class StepRunner {
  /** Every step that ended, in order. */
  readonly steps: StepRecord[] = [];
  private readonly t0 = Date.now();

  constructor(private readonly options: StepRunnerOptions = {}) {}

  /** Milliseconds since the runner was made. */
  elapsedMs(): number {
    return Date.now() - this.t0;
  }

  /** Run one step; returns its outcome's value. A failure is journaled and announced, then rethrown. */
  async run<T = undefined>(name: string, fn: (ctx: StepContext) => Promise<StepOutcome<T>>): Promise<T | undefined> {
    const { signal, journal, onEvent } = this.options;
    if (signal?.aborted) {
      throw new DrctlError('DRCTL_CANCELLED', `stopped before "${name}": cancelled`, { hint: 'every step before it is done; run the same command again to finish (steps already done are skipped)' });
    }
    onEvent?.({ type: 'step-start', step: name });
    const s0 = Date.now();
    try {
      const { audit, value, ...r } = await fn({ signal, progress: (message) => onEvent?.({ type: 'step-progress', step: name, message }) });
      const record: StepRecord = { step: name, ...r, ms: Date.now() - s0 };
      this.steps.push(record);
      journal?.({ ...record, ...audit });
      onEvent?.({ type: 'step-done', step: name, status: r.status, detail: r.detail, ms: record.ms });
      return value;
    } catch (e) {
      const record: StepRecord = { step: name, status: 'failed', detail: (e as Error).message, ms: Date.now() - s0 };
      this.steps.push(record);
      journal?.({ ...record });
      onEvent?.({ type: 'step-failed', step: name, error: record.detail, ms: record.ms });
      throw e;
    }
  }

  /** A step that only reads or waits: timed and announced, its value returned, `detail` from the value. */
  async timed<T>(name: string, fn: (ctx: StepContext) => Promise<T>, detail: (v: T) => string = () => ''): Promise<T> {
    return (await this.run(name, async (ctx) => {
      const value = await fn(ctx);
      return { status: 'done', detail: detail(value), value };
    })) as T;
  }
}

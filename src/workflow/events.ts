/**
 * What a running workflow tells its front end (flags and tables, --json, the incident mode, drill). Front ends
 * render events; none of them contains workflow logic.
 */

/**
 * How a step ended. `already done`: a re-run found its work done (every step is idempotent); `pending`: left for
 * the operator (e.g. a flow drctl does not run).
 */
export type StepStatus = 'done' | 'already done' | 'waived' | 'skipped' | 'pending';

/** One event of a run. */
export type WorkflowEvent =
  { type: 'step-start'; step: string } | { type: 'step-progress'; step: string; message: string } | { type: 'step-done'; step: string; status: StepStatus; detail: string; ms: number } | { type: 'step-failed'; step: string; error: string; ms: number };

/** Receives a run's events. */
export type EventSink = (e: WorkflowEvent) => void;

/** Workflow events as progress lines on stderr (the flags front end; the incident mode renders its own). */
import type { WorkflowEvent } from '../workflow/events.js';

/** The progress line of an event. */
export function eventLine(e: WorkflowEvent): string {
  switch (e.type) {
    case 'step-start':
      return `${e.step} ...`;
    case 'step-progress':
      return `${e.step}: ${e.message}`;
    case 'step-done':
      return `${e.step}: ${e.status} (${e.detail})`;
    case 'step-failed':
      return `${e.step}: failed (${e.error})`;
  }
}

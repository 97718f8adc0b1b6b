/**
 * A fix for kafkajs 2.2.4's request queue, applied once when the gateway loads. After every response its
 * `scheduleCheckPendingRequests` sets a timer even when no request is waiting, with a negative delay when the
 * connection is not throttled; the timer's callback schedules the next one, so every open connection spins a
 * 1 ms timer loop for as long as it stays open (kafkajs issues #1556, #1604, #1704; fix proposed in PR #1667, never
 * released). A long-running `drctl agent` holds connections to every broker of two clusters and burned several per
 * cent of a core doing nothing. Here a check is scheduled only while requests wait to be sent: a new request either
 * goes out at once or is queued by `push`, which schedules its own check, and every response checks the queue.
 */
import kafkajsRequestQueue from 'kafkajs/src/network/requestQueue/index.js';

/** The private shape of kafkajs's RequestQueue that the fix touches. */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs's own interval for re-checking a queue held back by in-flight limits (CHECK_PENDING_REQUESTS_INTERVAL). */
const CHECK_PENDING_MS = 10;

let applied = false;

/** Replace kafkajs's scheduleCheckPendingRequests with one that schedules nothing while nothing waits. */
export function fixRequestQueueTimers(): void {
  if (applied) return;
  const RequestQueue = kafkajsRequestQueue as { prototype: RequestQueueInternals };
  if (typeof RequestQueue.prototype.scheduleCheckPendingRequests !== 'function') throw new Error('kafkajs internals changed: RequestQueue.scheduleCheckPendingRequests not found (kafkajs must be exactly 2.2.4)');
  RequestQueue.prototype.scheduleCheckPendingRequests = function (this: RequestQueueInternals): void {
    if (this.throttleCheckTimeoutId || this.pending.length === 0) return;
    const untilUnthrottled = this.throttledUntil - Date.now();
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      untilUnthrottled > 0 ? untilUnthrottled : CHECK_PENDING_MS,
    );
  };
  applied = true;
}

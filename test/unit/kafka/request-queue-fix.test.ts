import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { fixRequestQueueTimers } from '../../../src/kafka/request-queue-fix.js';

const require = createRequire(import.meta.url);

/** A kafkajs RequestQueue with the fields scheduleCheckPendingRequests reads (its constructor needs a broker). */
function queue(pending: unknown[], throttledUntil = -1) {
  const RequestQueue = require('kafkajs/src/network/requestQueue/index.js') as { prototype: object };
  let checks = 0;
  const q = Object.assign(Object.create(RequestQueue.prototype) as { scheduleCheckPendingRequests(): void; throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null }, {
    pending,
    throttledUntil,
    throttleCheckTimeoutId: null,
    checkPendingRequests: () => checks++,
  });
  return { q, checks: () => checks };
}

describe("kafkajs 2.2.4's request queue timers", () => {
  it('unfixed, an idle connection schedules a check anyway (the 1 ms timer loop the fix removes)', () => {
    // Each test file runs in its own process, and nothing here has applied the fix yet.
    const { q } = queue([]);
    q.scheduleCheckPendingRequests();
    assert.notEqual(q.throttleCheckTimeoutId, null);
    clearTimeout(q.throttleCheckTimeoutId!);
  });

  it('fixed: nothing waiting, no timer; requests waiting, one check after the throttle or 10 ms', async () => {
    fixRequestQueueTimers();
    const idle = queue([]);
    idle.q.scheduleCheckPendingRequests();
    assert.equal(idle.q.throttleCheckTimeoutId, null);

    const waiting = queue([{}]);
    waiting.q.scheduleCheckPendingRequests();
    assert.notEqual(waiting.q.throttleCheckTimeoutId, null);
    waiting.q.scheduleCheckPendingRequests(); // one timer at a time
    await new Promise((r) => setTimeout(r, 30));
    assert.equal(waiting.checks(), 1);
    assert.equal(waiting.q.throttleCheckTimeoutId, null);
  });
});

/**
 * Keeps a long-running agent's heap near what it really holds. A round's short-lived data (decoded batches, requests,
 * answers) outlives a few young-generation collections while the round awaits the brokers, so it lands in the old
 * generation, which V8 collects only once it has grown to a multiple of the live heap. The agent then idles between
 * rounds with a heap several times bigger than needed: its first round, which decodes whole batches, left about
 * 140 MB of garbage for a live heap of 45 MB. Collecting once the heap has grown by a margin since the last
 * collection costs a full collection of the live heap (tens of ms) every few rounds and keeps the RSS down.
 *
 * Node exposes `gc` only with --expose-gc; the flag is set at run time and the function taken from a new context (as
 * jest's leak detector does). Where that fails, nothing is collected early.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap growth (bytes) since the last collection that makes the next check collect. */
const GROWTH_BYTES = 32 * 1024 * 1024;

let gc: (() => void) | null | undefined;

function gcFunction(): (() => void) | null {
  if (gc !== undefined) return gc;
  try {
    setFlagsFromString('--expose-gc');
    const f = runInNewContext('gc') as unknown;
    gc = typeof f === 'function' ? (f as () => void) : null;
  } catch {
    gc = null;
  }
  return gc;
}

/** A heap keeper: `check()` collects when the heap grew by more than `growthBytes` since it last collected. */
export function heapKeeper(growthBytes = GROWTH_BYTES): { check(): boolean } {
  let base = process.memoryUsage().heapUsed;
  return {
    check(): boolean {
      const used = process.memoryUsage().heapUsed;
      if (used - base < growthBytes) return false;
      const collect = gcFunction();
      if (!collect) return false;
      collect();
      base = process.memoryUsage().heapUsed;
      return true;
    },
  };
}

/**
 * What the incident mode recommends for a flow, and why, from what the assessment found: the Oracle Data Guard
 * split between a switchover (no loss) and a failover (possible loss), with "fix the mirror first" in between.
 * Pure: the facts in, the advice out.
 */
import { HEARTBEAT_STALE_S, heartbeatFresh } from '../mm2/flow-heartbeat.js';

/** The facts about one flow the recommendation rests on. */
export interface FlowSituation {
  source: string;
  target: string;
  sourceReachable: boolean;
  targetReachable: boolean;
  /** Age of the newest MM2 heartbeat on the target (null: none). */
  heartbeatAgeSeconds: number | null;
  /** Data the target does not have: records (null: unknown, e.g. the source is down) and seconds of data. */
  rpoRecords: bigint | null;
  rpoSeconds: number | null;
}

/** What to do: a planned switchover, an unplanned failover, fix the mirror first, or nothing possible. */
export type RecommendationKind = 'planned' | 'unplanned' | 'fix-mirror' | 'target-down';

/** The advice, one headline and the reason for it. */
export interface Recommendation {
  kind: RecommendationKind;
  headline: string;
  why: string;
}

/** "120 records / 35.2 s of data", "up to 35.2 s of data (records unknown)", or "an unknown amount of data". */
export function describeRpo(records: bigint | null, seconds: number | null): string {
  if (records !== null) return records === 0n ? 'nothing' : `${records} record(s) / ${seconds ?? '?'} s of data`;
  return seconds === null ? 'an unknown amount of data' : `${seconds} s of data (records unknown)`;
}

const heartbeat = (age: number | null): string => (age === null ? 'no MM2 heartbeat on the target' : `newest MM2 heartbeat ${age.toFixed(1)} s old`);

/** The recommendation for a flow in this situation. */
export function recommend(s: FlowSituation): Recommendation {
  if (!s.targetReachable) {
    return { kind: 'target-down', headline: `no failover possible: ${s.target} is unreachable`, why: `a failover commits offsets on ${s.target}; it has to answer first` };
  }
  if (!s.sourceReachable) {
    return {
      kind: 'unplanned',
      headline: `unplanned failover: up to ${describeRpo(s.rpoRecords, s.rpoSeconds)} at risk`,
      why: `${s.source} does not answer, so nothing can be drained or waited for: the groups resume on ${s.target} from MM2's checkpoints, and what ${s.target} has not copied is lost (${heartbeat(s.heartbeatAgeSeconds)})`,
    };
  }
  if (!heartbeatFresh(s.heartbeatAgeSeconds)) {
    return {
      kind: 'fix-mirror',
      headline: 'wait / fix MM2 first (a planned failover would wait for the mirror)',
      why: `${s.source} answers but MM2 looks stalled (${heartbeat(s.heartbeatAgeSeconds)}, more than ${HEARTBEAT_STALE_S} s): a planned failover waits until ${s.target} has every record, which a stalled mirror never delivers; ${describeRpo(s.rpoRecords, s.rpoSeconds)} not copied yet`,
    };
  }
  return {
    kind: 'planned',
    headline: 'planned switchover (no data loss)',
    why: `${s.source} answers and MM2 is copying (${heartbeat(s.heartbeatAgeSeconds)}): the failover waits for the groups to stop and for ${s.target} to have every record, then moves each group to the exact next record`,
  };
}

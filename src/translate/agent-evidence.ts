/**
 * With the source gone, drctl's own exact checkpoints (written by `drctl agent` while both clusters answered) beat
 * MM2's checkpoint wherever they saw the same commit or a newer one: they name the copy of the very record the
 * group would read next, where MM2's is only "never past the truth". Each partition keeps the best evidence and says
 * which it is.
 */
import type { ExactCheckpoint } from '../checkpoints/exact-checkpoints.js';
import type { PartitionTranslation, TranslateInputs } from './translation-types.js';
import { returnLegTopic } from './return-leg.js';

/**
 * Records the group may have consumed after the agent saw its commit: its consumption rate times the time since
 * (rounded up), never more than the target holds after the checkpoint (`copiesAfter`, when known), or null when the
 * agent saw only one commit and has no rate. An estimate, and labelled as one.
 */
export function duplicatesAfterCheckpoint(c: ExactCheckpoint, now: number, copiesAfter?: bigint): bigint | null {
  if (c.ratePerSecond === null) return copiesAfter ?? null;
  const byRate = BigInt(Math.ceil((c.ratePerSecond * Math.max(0, now - c.seenAt)) / 1000));
  return copiesAfter !== undefined && copiesAfter < byRate ? copiesAfter : byRate;
}

/** Merge the agent's checkpoints of `group` into the rows from MM2's evidence (rows it lacks are added). */
export function preferAgentCheckpoints(group: string, rows: PartitionTranslation[], inp: TranslateInputs): PartitionTranslation[] {
  const mine = inp.agentCheckpoints?.groups.get(group);
  if (!mine) return rows;
  const byKey = new Map(rows.map((r) => [`${r.sourceTopic}:${r.partition}`, r]));
  const out = new Map(byKey);
  for (const [key, c] of mine) {
    // A copy of the target's own topic (active-active) resumes on the original; any other topic on its remote copy.
    const topic = returnLegTopic(inp.policy, inp.target.alias, c.topic) ?? inp.policy.formatRemoteTopic(inp.sourceAlias, c.topic);
    if (!inp.targetTopics.has(topic)) continue;
    const r = byKey.get(key);
    const age = Math.round((inp.now - c.seenAt) / 100) / 10;
    const end = inp.agentTargetEnds?.get(`${topic}:${c.partition}`);
    const copiesAfter = end === undefined ? undefined : end > c.downstream ? end - c.downstream : 0n;
    const dup = duplicatesAfterCheckpoint(c, inp.now, copiesAfter);
    const capped = copiesAfter !== undefined && dup === copiesAfter;
    const estimate =
      dup === null ? 'duplicates unknown (one commit seen, no rate yet)' : capped ? `at most ${dup} duplicate(s) (the records ${inp.target.alias} holds after it)` : `at most about ${dup} duplicate(s) (an estimate: ${c.ratePerSecond}/s for ${age} s)`;
    const agentRow: PartitionTranslation = {
      group,
      sourceTopic: c.topic,
      topic,
      partition: c.partition,
      upstream: c.upstream,
      downstream: c.downstream,
      method: 'agent',
      checkpointAgeSeconds: age,
      conservative: r?.downstream ?? null,
      expectedDuplicates: dup,
      note: `drctl agent's exact checkpoint of commit ${c.upstream}, seen ${age} s before; ${estimate}${r ? `; MM2's ${r.method} gave ${r.downstream ?? 'nothing'} for commit ${r.upstream}` : '; MM2 has no checkpoint for it'}`,
    };
    if (!r || r.downstream === null || c.upstream >= r.upstream) out.set(key, agentRow);
    else if (c.downstream > r.downstream)
      // MM2 saw a later commit, but its translation is behind the agent's exact pair for an earlier one: resuming at
      // the pair loses nothing, and re-delivers the records between the two commits (MM2 copies them one for one),
      // plus whatever the group consumed after MM2's checkpoint.
      out.set(key, {
        ...r,
        downstream: c.downstream,
        method: 'agent',
        conservative: r.downstream,
        expectedDuplicates: r.upstream - c.upstream,
        note: `drctl agent's exact pair ${c.upstream}->${c.downstream} (seen ${age} s before) is ahead of MM2's ${r.downstream} for the later commit ${r.upstream}: resuming at the pair re-delivers the ${r.upstream - c.upstream} record(s) between the two commits, plus any consumed after MM2's checkpoint`,
      });
  }
  return [...out.values()].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
}

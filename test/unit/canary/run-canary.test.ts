import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { canaryRoundThrough, parseCanary } from '../../../src/canary/canary-round.js';
import { canaryFlows, canaryResult, runCanary, type CanaryRunOptions } from '../../../src/canary/run-canary.js';
import type { CanarySummary } from '../../../src/canary/summary.js';
import { validate } from '../../../src/config/load.js';
import { isDrctlError } from '../../../src/errors.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import type { ProduceRecord, ProducedRecord } from '../../../src/kafka/gateway.js';

/**
 * A fake cluster whose produce MM2 copies at once to each mirror's target, under the mirror's remote name; like MM2
 * with the default policy, never a topic that came from that target (active-active would copy back and forth).
 */
class MirroredCluster extends FakeGateway {
  readonly mirrors: { target: FakeGateway; remote: (topic: string) => string }[] = [];
  override async produce(topic: string, records: readonly ProduceRecord[]): Promise<ProducedRecord[]> {
    const out = await super.produce(topic, records);
    const partitions = (await this.listTopics()).find((t) => t.name === topic)!.partitions;
    for (const m of this.mirrors) {
      if (topic.startsWith(`${m.target.alias}.`)) continue;
      await m.target.createTopic(m.remote(topic), partitions);
      await m.target.produce(
        m.remote(topic),
        records.map((r, i) => ({ ...r, partition: out[i].partition })),
      );
    }
    return out;
  }
}

const configOf = (flows: string[], identity = false) =>
  validate({ clusters: { NYC: { bootstrap: 'n:1' }, LON: { bootstrap: 'l:1' }, AGG: { bootstrap: 'a:1' } }, flows, ...(identity ? { replicationPolicy: { type: 'identity' } } : {}) }, 'drctl.yaml', '/', { DRCTL_STATE_DIR: '/nonexistent/drctl-state' });
/** Clusters where each flow given mirrors (default policy `SRC.topic`, or identity). */
function clusters(mirrored: string[], identity = false) {
  const gws = { NYC: new MirroredCluster('NYC'), LON: new MirroredCluster('LON'), AGG: new MirroredCluster('AGG') };
  for (const f of mirrored) {
    const [source, target] = f.split('->') as (keyof typeof gws)[];
    gws[source].mirrors.push({ target: gws[target], remote: (t) => (identity ? t : `${source}.${t}`) });
  }
  return gws;
}
const options = (o: Partial<CanaryRunOptions> = {}): CanaryRunOptions => ({ topic: 'drctl-canary', partitions: 2, rounds: 1, intervalMs: 0, timeoutMs: 2000, firstSeq: 1000, maxLatencySeconds: null, stopped: () => false, historyDir: null, ...o });
const all = (s: CanarySummary) => s.rows.find((r) => r.partition === 'all')!;
const figures = (ss: CanarySummary[]) => ss.map((s) => [s.flow, s.remoteTopic, all(s).sent, all(s).received, all(s).lost, all(s).duplicates, s.ok]);

describe('canaryFlows', () => {
  const config = configOf(['NYC->LON', 'LON->NYC']);
  it('every configured flow without --flow; the named ones, each once, with it', () => {
    assert.deepEqual(
      canaryFlows(config, undefined).map((f) => `${f.source}->${f.target}`),
      ['NYC->LON', 'LON->NYC'],
    );
    assert.deepEqual(
      canaryFlows(config, ['LON->NYC', 'LON -> NYC']).map((f) => `${f.source}->${f.target}`),
      ['LON->NYC'],
    );
  });
  it('refuses a flow that is not configured, and a config without flows (exit 2)', () => {
    assert.throws(
      () => canaryFlows(config, ['NYC->AGG']),
      (e: unknown) => isDrctlError(e) && e.exitCode === 2 && /flow NYC->AGG is not configured/.test(e.message),
    );
    assert.throws(
      () => canaryFlows(configOf([]), undefined),
      (e: unknown) => isDrctlError(e) && e.exitCode === 2 && /no flows configured/.test(e.message),
    );
  });
});

describe('canaryResult', () => {
  const s = (flow: string, ok: boolean) => ({ flow, ok }) as CanarySummary;
  it("one flow: that flow's summary as it always was; several: { flows, ok }", () => {
    const one = s('NYC->LON', true);
    assert.equal(canaryResult([one]), one);
    assert.deepEqual(canaryResult([one, s('LON->NYC', false)]), { flows: [one, s('LON->NYC', false)], ok: false });
    assert.deepEqual(canaryResult([one, s('LON->NYC', true)]), { flows: [one, s('LON->NYC', true)], ok: true });
  });
});

describe('runCanary over several flows', { timeout: 30_000 }, () => {
  it("active-active: each flow reads its own source's remote topic, and neither counts the other's records", async () => {
    const flows = ['NYC->LON', 'LON->NYC'];
    const config = configOf(flows);
    const lines: string[] = [];
    const ss = await runCanary(config, config.flows, clusters(flows), options({ rounds: 2, onRound: (l) => lines.push(l) }));
    assert.deepEqual(figures(ss), [
      ['NYC->LON', 'NYC.drctl-canary', 4, 4, 0, 0, true],
      ['LON->NYC', 'LON.drctl-canary', 4, 4, 0, 0, true],
    ]);
    assert.deepEqual(
      lines.map((l) => l.replace(/max \S+ s/, 'max _ s')),
      ['round 1 NYC->LON: 2/2 seen, max _ s, lost 0, duplicates 0', 'round 1 LON->NYC: 2/2 seen, max _ s, lost 0, duplicates 0', 'round 2 NYC->LON: 2/2 seen, max _ s, lost 0, duplicates 0', 'round 2 LON->NYC: 2/2 seen, max _ s, lost 0, duplicates 0'],
    );
  });

  it('fan-out from one source: both flows share its canary topic, and each accounts for its own records only', async () => {
    const flows = ['AGG->NYC', 'AGG->LON'];
    const config = configOf(flows);
    assert.deepEqual(figures(await runCanary(config, config.flows, clusters(flows), options())), [
      ['AGG->NYC', 'AGG.drctl-canary', 2, 2, 0, 0, true],
      ['AGG->LON', 'AGG.drctl-canary', 2, 2, 0, 0, true],
    ]);
  });

  it('hub-and-spoke under the identity policy: both flows read the same topic on the hub, and no record is counted twice', async () => {
    const flows = ['NYC->AGG', 'LON->AGG'];
    const config = configOf(flows, true);
    assert.deepEqual(figures(await runCanary(config, config.flows, clusters(flows, true), options())), [
      ['NYC->AGG', 'drctl-canary', 2, 2, 0, 0, true],
      ['LON->AGG', 'drctl-canary', 2, 2, 0, 0, true],
    ]);
  });

  it('a flow whose mirror is down fails alone; the result says which', async () => {
    const config = configOf(['NYC->LON', 'LON->NYC']);
    const ss = await runCanary(config, config.flows, clusters(['NYC->LON']), options({ timeoutMs: 300 }));
    assert.deepEqual(figures(ss), [
      ['NYC->LON', 'NYC.drctl-canary', 2, 2, 0, 0, true],
      ['LON->NYC', 'LON.drctl-canary', 2, 0, 2, 0, false],
    ]);
    assert.equal(canaryResult(ss).ok, false);
  });

  it('appends a sample per flow and round to the RPO history', async () => {
    const { readRpoSamples } = await import('../../../src/report/rpo-history.js');
    const dir = mkdtempSync(join(tmpdir(), 'drctl-canary-'));
    const flows = ['NYC->AGG', 'LON->AGG'];
    const config = configOf(flows);
    await runCanary(config, config.flows, clusters(flows), options({ historyDir: dir }));
    assert.deepEqual(
      readRpoSamples(dir, 0).map((s) => [s.flow, s.records, s.by]),
      [
        ['NYC->AGG', '0', 'canary'],
        ['LON->AGG', '0', 'canary'],
      ],
    );
  });

  it('a cluster gone mid-run: --once/--count fails (exit 4) after every flow settled; continuous mode counts failed rounds per flow', async () => {
    const flows = ['NYC->LON', 'LON->NYC'];
    const config = configOf(flows);
    const run = (rounds: number | null) => {
      const gws = clusters(flows);
      let seen = 0;
      return runCanary(
        config,
        config.flows,
        gws,
        options({
          rounds,
          stopped: () => seen >= 4,
          onRound: () => {
            seen++;
            // After round 1 of both flows, LON goes away: round 2 fails for both (LON is the target of one, the source of the other).
            if (seen === 2) gws.LON.unreachable = true;
          },
        }),
      );
    };
    await assert.rejects(run(2), (e: unknown) => isDrctlError(e) && e.exitCode === 4);
    const ss = await run(null);
    assert.deepEqual(
      ss.map((s) => [s.flow, s.rounds, s.ok, s.problems]),
      [
        ['NYC->LON', 2, false, ['1 round(s) failed: a cluster was unreachable']],
        ['LON->NYC', 2, false, ['1 round(s) failed: a cluster was unreachable']],
      ],
    );
  });
});

describe('canary records carry their flow', () => {
  it("parseCanary skips another flow's record, and takes an untagged one (earlier drctl) for any flow", () => {
    const rec = (v: object) => Buffer.from(JSON.stringify({ drctlCanary: 1, seq: 7, partition: 0, sentAt: 1, ...v }));
    assert.equal(parseCanary(rec({ flow: 'AGG->LON' }), 'AGG->NYC'), null);
    assert.equal(parseCanary(rec({ flow: 'AGG->NYC' }), 'AGG->NYC')?.seq, 7);
    assert.equal(parseCanary(rec({}), 'AGG->NYC')?.seq, 7);
    assert.equal(parseCanary(rec({ flow: 'AGG->LON' }))?.seq, 7, 'without a flow to match, any canary record');
  });

  it('canaryRoundThrough (failback, incident) tags and reads its flow too', async () => {
    const gws = clusters(['AGG->NYC', 'AGG->LON']);
    const s = await canaryRoundThrough(gws.AGG, gws.NYC, 'AGG->NYC', 'drctl-canary', 'AGG.drctl-canary', 2000);
    assert.deepEqual([all(s).sent, all(s).received, all(s).duplicates, s.ok], [3, 3, 0, true]);
  });
});

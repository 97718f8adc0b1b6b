import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { isDrctlError } from '../../../src/errors.js';
import type { FailoverPlan } from '../../../src/failover/failover-plan.js';
import { appendJournal } from '../../../src/journal/journal.js';
import { equivalentCommands, outcomeOf, renderPostmortem, shellQuote } from '../../../src/incident/postmortem.js';
import { describeRpo, recommend, type FlowSituation } from '../../../src/incident/recommend.js';
import { firstBackupOf, loadSession, newSession, newestResumable, resumable, saveSession, sessionFile, type IncidentSession } from '../../../src/incident/session.js';

const UP: FlowSituation = { source: 'NYC', target: 'LON', sourceReachable: true, targetReachable: true, heartbeatAgeSeconds: 1.2, rpoRecords: 0n, rpoSeconds: 0 };

describe('incident: the recommendation', () => {
  it('source reachable and MM2 alive: a planned switchover, no data loss', () => {
    const r = recommend(UP);
    assert.equal(r.kind, 'planned');
    assert.equal(r.headline, 'planned switchover (no data loss)');
    assert.match(r.why, /NYC answers and MM2 is copying \(newest MM2 heartbeat 1\.2 s old\)/);
  });
  it('source unreachable: an unplanned failover, naming the data at risk', () => {
    const r = recommend({ ...UP, sourceReachable: false, heartbeatAgeSeconds: 95, rpoRecords: null, rpoSeconds: 41.5 });
    assert.equal(r.kind, 'unplanned');
    assert.equal(r.headline, 'unplanned failover: up to 41.5 s of data (records unknown) at risk');
    assert.match(r.why, /NYC does not answer/);
    assert.equal(recommend({ ...UP, sourceReachable: false, rpoRecords: null, rpoSeconds: null }).headline, 'unplanned failover: up to an unknown amount of data at risk');
    assert.equal(recommend({ ...UP, sourceReachable: false, rpoRecords: 120n, rpoSeconds: 3 }).headline, 'unplanned failover: up to 120 record(s) / 3 s of data at risk');
  });
  it('source reachable but MM2 stalled or gone: wait / fix MM2 first', () => {
    for (const age of [31, null]) {
      const r = recommend({ ...UP, heartbeatAgeSeconds: age, rpoRecords: 500n, rpoSeconds: 31 });
      assert.equal(r.kind, 'fix-mirror');
      assert.equal(r.headline, 'wait / fix MM2 first (a planned failover would wait for the mirror)');
      assert.match(r.why, age === null ? /no MM2 heartbeat on the target/ : /newest MM2 heartbeat 31\.0 s old, more than 30 s/);
      assert.match(r.why, /500 record\(s\) \/ 31 s of data not copied yet/);
    }
  });
  it('the heartbeat at the limit still counts as alive', () => assert.equal(recommend({ ...UP, heartbeatAgeSeconds: 30 }).kind, 'planned'));
  it('target unreachable: nothing can fail over, whatever the source', () => {
    for (const sourceReachable of [true, false]) assert.equal(recommend({ ...UP, sourceReachable, targetReachable: false }).kind, 'target-down');
  });
  it('data at risk in words', () => {
    assert.equal(describeRpo(0n, 0), 'nothing');
    assert.equal(describeRpo(null, null), 'an unknown amount of data');
  });
});

const PLAN: FailoverPlan = {
  kind: 'failover',
  version: 1,
  createdAt: '2026-11-24T10:15:02.000Z',
  flow: 'NYC->LON',
  clusters: [{ alias: 'LON', clusterId: 'lon-id', role: 'target' }],
  checks: [{ name: 'target reachable', status: 'pass', detail: 'LON lon-id' }],
  source: 'NYC',
  target: 'LON',
  mode: 'planned',
  groups: [
    {
      group: 'orders-svc',
      targetState: 'Dead',
      status: 'planned',
      reason: null,
      partitions: [
        { sourceTopic: 'orders', topic: 'NYC.orders', partition: 0, upstream: 120n, currentTarget: null, newOffset: 118n, method: 'exact', expectedDuplicates: 0n, recordsAtRisk: 0n, note: null },
        { sourceTopic: 'orders', topic: 'NYC.orders', partition: 1, upstream: 40n, currentTarget: 3n, newOffset: 39n, method: 'exact', expectedDuplicates: 0n, recordsAtRisk: 0n, note: 'a | pipe' },
      ],
    },
    { group: 'busy-svc', targetState: 'Stable', status: 'refused', reason: 'group is active on LON', partitions: [] },
  ],
  rpo: [{ topic: 'orders', records: 0n, seconds: 0, exact: true, note: 'the target holds every record of the source' }],
  warnings: [],
};

/** A finished session: a planned failover of two groups (one refused), verified, done. */
function doneSession(): IncidentSession {
  const s = newSession(['--config', '/etc/drctl/prod.yaml'], new Date('2026-11-24T10:15:00.000Z'));
  s.user = 'alice';
  s.status = 'done';
  s.endedAt = '2026-11-24T10:16:30.500Z';
  s.assessment = { sourceReachable: true, heartbeatAgeSeconds: 1.5, rpoRecords: 12n, rpoSeconds: 2.5, recommendation: recommend(UP) };
  s.choices = { flow: 'NYC->LON', groups: ['orders-svc', 'busy-svc'], mode: 'planned', fallback: null, reason: "INC-42: NYC's rack 3 is down" };
  s.timeline = [
    { at: '2026-11-24T10:15:00.100Z', type: 'assessment', event: 'NYC->LON: planned switchover (no data loss)', ms: 1300 },
    { at: '2026-11-24T10:15:01.500Z', type: 'choice', event: 'flow: NYC->LON', ms: 2000 },
    { at: '2026-11-24T10:15:03.600Z', type: 'choice', event: 'groups: orders-svc, busy-svc', ms: 9000 },
    { at: '2026-11-24T10:15:12.700Z', type: 'choice', event: 'mode: planned', ms: 1500 },
    { at: '2026-11-24T10:15:14.300Z', type: 'choice', event: "reason: INC-42: NYC's rack 3 is down", ms: 6000 },
    { at: '2026-11-24T10:15:20.400Z', type: 'step', event: 'wait: mirror caught up: done', ms: 2500 },
    { at: '2026-11-24T10:15:20.300Z', type: 'plan', event: 'planned failover NYC->LON: 1 group(s), 2 partition(s)', ms: 3100 },
    { at: '2026-11-24T10:15:30.000Z', type: 'confirm', event: 'confirmed by typing LON', ms: 6600 },
    { at: '2026-11-24T10:15:30.100Z', type: 'step', event: 'commit and verify: done (1 group(s) committed and verified)', ms: 150 },
    { at: '2026-11-24T10:15:30.300Z', type: 'verify', event: 'verify: canary NYC->LON: done (3/3 record(s) seen on LON in 1.1 s)', ms: 1200 },
    { at: '2026-11-24T10:16:28.000Z', type: 'choice', event: 'next step: done', ms: 2500 },
  ];
  s.plan = PLAN;
  s.result = {
    backupId: '20261124-101530-abc123',
    outcomes: [
      { group: 'busy-svc', status: 'refused', reason: 'group is active on LON' },
      { group: 'orders-svc', status: 'ok', reason: null },
    ],
    rtoMs: 30_200,
    switchCommand: null,
  };
  s.verification = {
    offsets: [
      { group: 'orders-svc', topic: 'NYC.orders', partition: 0, planned: 118n, actual: 118n },
      { group: 'orders-svc', topic: 'NYC.orders', partition: 1, planned: 39n, actual: 39n },
    ],
    canary: { ok: true, detail: '3/3 record(s) seen on LON in 1.1 s' },
  };
  s.next = { choice: 'done', detail: 'the groups stay on LON' };
  s.postmortem = '/tmp/x.md';
  return s;
}

describe('incident: the postmortem', () => {
  const s = doneSession();
  const md = renderPostmortem(s, { name: 'drctl', version: '0.1.0' });

  it('starts with YAML front matter: id, UTC times, user, flow, mode, reason, outcome', () => {
    const m = /^---\n([\s\S]*?)\n---\n/.exec(md);
    assert.ok(m, md.slice(0, 200));
    const front = parseYaml(m[1]);
    assert.deepEqual(
      { id: front.id, started: front.started, ended: front.ended, user: front.user, flow: front.flow, mode: front.mode, reason: front.reason, groups: front.groups, backup: front.backup, tool: front.tool },
      {
        id: s.id,
        started: '2026-11-24T10:15:00.000Z',
        ended: '2026-11-24T10:16:30.500Z',
        user: 'alice',
        flow: 'NYC->LON',
        mode: 'planned',
        reason: "INC-42: NYC's rack 3 is down",
        groups: ['orders-svc', 'busy-svc'],
        backup: '20261124-101530-abc123',
        tool: { name: 'drctl', version: '0.1.0' },
      },
    );
    assert.equal(front.outcome, 'partial: 1 of 2 group(s) failed over');
  });

  it('has a UTC timeline of every entry, by start time, with durations', () => {
    const rows = md.split('\n').filter((l) => /^\| 2026-11-24 /.test(l));
    assert.equal(rows.length, s.timeline.length);
    assert.equal(rows[0], '| 2026-11-24 10:15:00.100Z | assessment | NYC->LON: planned switchover (no data loss) | 1.30 s |');
    // The plan (a span) comes before the step it is made of, though it was recorded after it.
    assert.ok(rows.findIndex((r) => r.includes('| plan |')) < rows.findIndex((r) => r.includes('wait: mirror caught up')));
    assert.ok(rows.some((r) => r === '| 2026-11-24 10:15:03.600Z | choice | groups: orders-svc, busy-svc | 9.00 s |'));
    assert.ok(rows.some((r) => r.startsWith('| 2026-11-24 10:15:30.300Z | verify | verify: canary')));
  });

  it('gives RPO, RTO (the failover steps only, not the check), the plan per partition, the outcome and the check', () => {
    assert.match(md, /RPO at the assessment: 12 record\(s\) \/ 2\.5 s of data not on the target/);
    assert.match(md, /RPO at the failover, orders: nothing/);
    assert.match(md, /RTO: 30\.2 s from the start of the session/);
    const rto = md.slice(md.indexOf('- RTO:'), md.indexOf('## Plan'));
    assert.match(rto, /commit and verify/);
    assert.doesNotMatch(rto, /canary/);
    assert.match(md, /\| orders-svc \| NYC\.orders \| 1 \| 3 \| 39 \| exact: a \\\| pipe \|/);
    assert.match(md, /\| busy-svc \| - \| - \| - \| - \| refused: group is active on LON \|/);
    assert.match(md, /- orders-svc: ok\n/);
    assert.match(md, /\| orders-svc \| NYC\.orders \| 0 \| 118 \| 118 \| ok \|/);
    assert.match(md, /Canary through the flow: ok, 3\/3/);
  });

  it('ends with the non-interactive commands that repeat it, quoted for a shell', () => {
    const block = /```sh\n([\s\S]*?)```/.exec(md)![1];
    const lines = block.split('\n').filter((l) => l.startsWith('drctl '));
    assert.deepEqual(
      lines,
      equivalentCommands(s).filter((l) => l.startsWith('drctl ')),
    );
    assert.ok(lines.includes(`drctl failover --group orders-svc --group busy-svc --from NYC --to LON --planned --yes --reason 'INC-42: NYC'\\''s rack 3 is down' --config /etc/drctl/prod.yaml`), block);
    assert.ok(lines.includes('drctl failover --group orders-svc --group busy-svc --from NYC --to LON --planned --dry-run --config /etc/drctl/prod.yaml'));
    assert.ok(lines.includes('drctl status --group orders-svc --group busy-svc --config /etc/drctl/prod.yaml'));
    assert.ok(lines.includes("drctl canary --flow 'NYC->LON' --once --config /etc/drctl/prod.yaml"));
    assert.ok(lines.some((l) => l.startsWith('drctl offsets restore --backup 20261124-101530-abc123 --execute')));
    assert.ok(lines.some((l) => l.startsWith(`drctl failback --old-primary NYC --new-primary LON --salvage-dir ./salvage-${s.id}`)));
  });

  it('an unplanned session repeats with --unplanned and its fallback', () => {
    const u = doneSession();
    u.choices = { ...u.choices, mode: 'unplanned', fallback: 'earliest', reason: 'INC-7' };
    assert.ok(equivalentCommands(u).includes('drctl failover --group orders-svc --group busy-svc --from NYC --to LON --unplanned --fallback earliest --yes --reason INC-7 --config /etc/drctl/prod.yaml'));
  });

  it('says how a session ended', () => {
    const c = doneSession();
    c.status = 'cancelled';
    assert.equal(outcomeOf(c), 'cancelled: nothing was changed');
    const ok = doneSession();
    ok.result!.outcomes = [{ group: 'orders-svc', status: 'ok', reason: null }];
    assert.equal(outcomeOf(ok), '1 group(s) failed over and verified');
    ok.next = { choice: 'undo', detail: 'restored' };
    assert.equal(outcomeOf(ok), 'failed over, then undone (restored)');
  });

  it('quotes for a shell only what needs it', () => {
    assert.equal(shellQuote('orders-svc.v2'), 'orders-svc.v2');
    assert.equal(shellQuote('NYC->LON'), "'NYC->LON'");
    assert.equal(shellQuote('$HOME `x` "y"'), `'$HOME \`x\` "y"'`);
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    const sh = spawnSync('sh', ['-c', `printf %s ${shellQuote("a 'b' $c \\d")}`]);
    assert.equal(sh.stdout.toString(), "a 'b' $c \\d");
  });
});

describe('incident: the session file', () => {
  it('round-trips: what is saved is what is loaded (bigint offsets, plan, timeline), written by rename', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-incident-'));
    const s = doneSession();
    const file = saveSession(dir, s);
    assert.equal(file, sessionFile(dir, s.id));
    assert.deepEqual(readdirSync(join(dir, 'incidents')), [`${s.id}.json`], 'no temporary file left behind');
    assert.match(readFileSync(file, 'utf8'), /"planned": "118"/);
    assert.deepEqual(loadSession(dir, s.id), s);
  });

  it('refuses a damaged file naming the field (exit 2), and an unknown id', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-incident-'));
    const s = doneSession();
    const file = saveSession(dir, s);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.verification.offsets[0].planned = '-7x';
    writeFileSync(file, JSON.stringify(json));
    assert.throws(
      () => loadSession(dir, s.id),
      (e) => isDrctlError(e) && e.exitCode === 2 && /verification\.offsets\[0\]\.planned/.test(e.message),
    );
    assert.throws(
      () => loadSession(dir, 'nope'),
      (e) => isDrctlError(e) && e.exitCode === 2 && /no incident session "nope"/.test(e.message),
    );
  });

  it('the newest unfinished session with complete choices is the one to resume', () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-incident-'));
    assert.equal(newestResumable(dir), null);
    const chosen = (at: string, patch: Partial<IncidentSession> = {}) => {
      const s = newSession([], new Date(at));
      s.choices = { flow: 'NYC->LON', groups: ['g'], mode: 'planned', fallback: null, reason: 'r' };
      return Object.assign(s, patch);
    };
    const older = chosen('2026-11-24T10:00:00Z', { status: 'interrupted' });
    const half = newSession([], new Date('2026-11-24T11:00:00Z')); // killed while choosing: nothing to resume
    const ended = chosen('2026-11-24T12:00:00Z', { status: 'done', endedAt: '2026-11-24T12:05:00.000Z' });
    const unplannedNoFallback = chosen('2026-11-24T13:00:00Z');
    unplannedNoFallback.choices.mode = 'unplanned';
    for (const s of [older, half, ended, unplannedNoFallback]) saveSession(dir, s);
    mkdirSync(join(dir, 'incidents', 'junk.json'));
    assert.deepEqual([older, half, ended, unplannedNoFallback].map(resumable), [true, false, false, false]);
    assert.equal(newestResumable(dir)?.id, older.id);
  });

  it("the session's undo is its first backup in the journal, not a resumed run's", () => {
    const dir = mkdtempSync(join(tmpdir(), 'drctl-incident-'));
    const s = newSession([], new Date(Date.now() - 1000));
    s.choices = { flow: 'NYC->LON', groups: ['g'], mode: 'planned', fallback: null, reason: 'INC-1' };
    assert.equal(firstBackupOf(dir, s), null);
    const change = (reason: string, backup: string) => ({ type: 'offset-change' as const, command: 'failover NYC->LON', cluster: 'LON', clusterId: 'lon-id', reason, backup, plan: [], outcomes: [] });
    appendJournal(dir, change('another incident', 'b0'));
    appendJournal(dir, change('INC-1', 'b1'));
    appendJournal(dir, change('INC-1', 'b2'));
    assert.equal(firstBackupOf(dir, s), 'b1');
  });
});

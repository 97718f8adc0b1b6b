// `drctl drill` on the sandbox's flow: its own topic and group, a planned failover, a record-by-record check.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readJournal } from '../../src/journal/journal.js';
import { runCli, sandboxGateway, sandboxStateDir } from '../helpers/sandbox.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-drill-'));

describe('drctl drill', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));
  const drillTopics = async () => [...(await nyc.listTopics()), ...(await lon.listTopics())].map((t) => t.name).filter((n) => n.includes('drctl-drill-'));

  it('passes on a healthy flow: every unprocessed record resumes on LON, once; journaled for report rto; cleaned up', async () => {
    const before = await drillTopics();
    const r = await runCli(['drill', '--flow', 'NYC->LON', '--records', '90', '--partitions', '3', '--processed-share', '0.3', '--yes', '--reason', 'test drill', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { plan, result } = JSON.parse(r.stdout);
    assert.equal(plan.flowName, 'NYC->LON');
    assert.equal(result.passed, true, result.problems.join('; '));
    // 30 records per partition, 9 of them processed on NYC: 21 to process on LON, all delivered, none again.
    assert.deepEqual(
      result.checks.map((c: { sourceOffset: string; targetOffset: string; expected: number; delivered: number; missing: number; duplicates: number }) => [c.sourceOffset, c.targetOffset, c.expected, c.delivered, c.missing, c.duplicates]),
      [0, 1, 2].map(() => ['9', '9', 21, 21, 0, 0]),
    );
    assert.equal(result.rpoRecords, '0');
    assert.deepEqual(
      result.steps.map((s: { step: string }) => s.step.replace(/drctl-drill-\S+/g, 'X')),
      ['create X on NYC', 'write traffic', 'process part of it on the source', 'wait: MM2 mirrors NYC.X to LON', 'failover X to LON (planned)', 'verify on LON, record by record', 'clean up'],
    );
    assert.equal(result.cleanedUp, true);
    assert.deepEqual(await drillTopics(), before);
    assert.deepEqual(
      (await lon.describeGroups([result.group])).map((g) => g.type),
      ['none'],
    );
    // The failover is journaled as a failover, tagged with the drill, so report rto counts it.
    const failover = readJournal(sandboxStateDir()).filter((e) => e.command === 'failover' && e.drill === result.runId);
    assert.equal(failover.length, 1);
    const rto = JSON.parse((await runCli(['report', 'rto', '--flow', 'NYC->LON', '--json'])).stdout);
    assert.equal(rto.latest.at, failover[0].at);
    assert.ok(readJournal(sandboxStateDir()).some((e) => e.command === 'drill' && e.runId === result.runId && e.step === 'report' && e.status === 'passed'));
  });

  it('--failback: the group goes to LON and back to NYC, where it resumes exactly where it left; backed up and journaled', async () => {
    const r = await runCli(['drill', '--flow', 'NYC->LON', '--records', '40', '--partitions', '2', '--processed-share', '0.5', '--failback', '--yes', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const { result } = JSON.parse(r.stdout);
    assert.equal(result.passed, true, result.problems.join('; '));
    assert.equal(result.failback.passed, true);
    // 20 records per partition, 10 processed: LON's offset 10 holds NYC's record 10 again.
    assert.deepEqual(
      result.failback.partitions.map((p: { partition: number; targetOffset: string; sourceOffset: string }) => [p.partition, p.targetOffset, p.sourceOffset]),
      [
        [0, '10', '10'],
        [1, '10', '10'],
      ],
    );
    assert.deepEqual(
      result.failback.steps.map((s: { step: string }) => s.step),
      ['find the next records on the source', 'check offsets within the log', 'back up offsets', 'commit and verify'],
    );
    assert.deepEqual(result.steps.map((s: { step: string }) => s.step.replace(/drctl-drill-\S+/g, 'X')).slice(-3), ['verify on LON, record by record', 'fail back X to NYC', 'clean up']);
    const change = readJournal(sandboxStateDir()).find((e) => e.type === 'offset-change' && e.command === `drill ${result.runId} failback`);
    assert.equal(change?.backup, result.failback.backupId);
    assert.equal(result.cleanedUp, true);
  });

  it('refuses a flow that does not mirror the drill names (exit 3) and creates nothing', async () => {
    const config = join(tmp, 'narrow.yaml');
    writeFileSync(config, readFileSync(join(sandboxStateDir(), 'sandbox', 'drctl.yaml'), 'utf8').replace('  - "NYC->LON"', '  - flow: "NYC->LON"\n    topics: ["orders.*"]'));
    const before = await drillTopics();
    const r = await runCli(['drill', '--config', config, '--yes', '--json']);
    assert.equal(r.code, 3, r.stderr);
    assert.match(JSON.parse(r.stdout).error.message, /does not mirror the drill topic drctl-drill-/);
    assert.deepEqual(await drillTopics(), before);
  });

  it('without a TTY it needs --yes (exit 2); --dry-run changes nothing', async () => {
    const before = await drillTopics();
    const r = await runCli(['drill']);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /^error: refusing to run a drill without confirmation/);
    const dry = await runCli(['drill', '--dry-run']);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /dry run: nothing changed/);
    assert.deepEqual(await drillTopics(), before);
  });
});

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRpoSamples } from '../../src/report/rpo-history.js';
import { eventually, freePort, randomName, runCli, sandboxConfig, sandboxGateway, startDrctl } from '../helpers/sandbox.js';

type Row = { partition: number | 'all'; sent: number; received: number; lost: number; duplicates: number; max: number | null };
const total = (s: { rows: Row[] }) => s.rows.find((r) => r.partition === 'all')!;
const startCanary = (args: string[]) => startDrctl(['canary', ...args]);

describe('drctl canary through the sandbox mirror', () => {
  const nyc = sandboxGateway('NYC');
  after(() => nyc.close());

  it('one shot on a healthy flow: every record seen, latencies reported, exit 0', async () => {
    const topic = randomName('canary');
    const r = await runCli(['canary', '--once', '--topic', topic, '--json', '--max-latency', '30s']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.remoteTopic, `NYC.${topic}`);
    assert.deepEqual([total(s).sent, total(s).received, total(s).lost, total(s).duplicates], [3, 3, 0, 0]);
    assert.ok((total(s).max ?? -1) >= 0, 'a latency was measured');
    // The round is a sample of the history that report rpo --since draws.
    const mine = readRpoSamples(sandboxConfig().stateDir, Date.now() - 60_000).filter((x) => x.by === 'canary');
    assert.ok(mine.length >= 1 && mine.at(-1)!.records === '0', JSON.stringify(mine.at(-1)));
  });

  it('a source that does not answer: exit 4 with a one-line error', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'drctl-canary-')), 'drctl.yaml');
    writeFileSync(file, `clusters:\n  NYC: { bootstrap: "127.0.0.1:1" }\n  LON: { bootstrap: "${sandboxConfig().clusters.LON.bootstrapServers[0]}" }\nflows: ["NYC->LON"]\n`);
    const r = await runCli(['canary', '--once', '--config', file, '--timeout', '3s']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^error: NYC: /);
  });

  it('with MM2 stopped, every record is lost: exit 1', async () => {
    const topic = randomName('canary');
    {
      const first = await runCli(['canary', '--once', '--topic', topic]);
      assert.equal(first.code, 0, `the flow works first: ${first.stderr}`);
    }
    assert.equal((await runCli(['sandbox', 'stop', 'mirror'])).code, 0);
    try {
      const r = await runCli(['canary', '--once', '--topic', topic, '--timeout', '3s', '--json']);
      assert.equal(r.code, 1, r.stderr);
      const s = JSON.parse(r.stdout);
      assert.deepEqual([total(s).sent, total(s).received, total(s).lost], [3, 0, 3]);
      assert.match(s.problems.join('\n'), /3 canary record\(s\) lost/);
    } finally {
      assert.equal((await runCli(['sandbox', 'start', 'mirror'])).code, 0);
    }
  });

  it('continuous: Prometheus metrics with a latency histogram over HTTP, a clean stop on SIGTERM with a summary', async () => {
    const port = await freePort();
    const c = startCanary(['--interval', '500ms', '--metrics-port', String(port), '--topic', randomName('canary')]);
    try {
      const text = await eventually(
        async () => {
          try {
            const res = await fetch(`http://127.0.0.1:${port}/metrics`);
            const body = await res.text();
            return res.status === 200 && /drctl_canary_latency_seconds_count\{source="NYC",target="LON",partition="0"\} [1-9]/.test(body) ? body : undefined;
          } catch {
            return undefined;
          }
        },
        60_000,
        'metrics with at least one latency sample',
      );
      assert.match(text, /# TYPE drctl_canary_latency_seconds histogram/);
      assert.match(text, /drctl_canary_latency_seconds_bucket\{le="\+Inf",source="NYC",target="LON",partition="0"\} \d+/);
      assert.match(text, /drctl_canary_produced_total\{source="NYC",target="LON",partition="2"\} \d+/);
      assert.match(text, /drctl_canary_lost_total\{source="NYC",target="LON",partition="1"\} 0/);
    } finally {
      c.child.kill('SIGTERM');
    }
    assert.equal(await c.exited, 0, c.out.stderr);
    assert.match(c.out.stdout, /canary NYC->LON: ok \(\d+ round\(s\)\)/);
  });

  it('a record produced twice is counted as a duplicate', async () => {
    const topic = randomName('canary');
    {
      const first = await runCli(['canary', '--once', '--topic', topic]);
      assert.equal(first.code, 0, `the remote topic exists first: ${first.stderr}`);
    }
    const c = startCanary(['--count', '2', '--interval', '6s', '--seq', '1000', '--topic', topic, '--json']);
    await eventually(async () => (/round 1:/.test(c.out.stderr) ? true : undefined), 60_000, 'the first round');
    // The producer "retried": the record of round 1 on partition 0 is written a second time.
    await nyc.produce(topic, [{ key: 'drctl-canary', value: JSON.stringify({ drctlCanary: 1, seq: 1000, partition: 0, sentAt: Date.now() }), partition: 0 }]);
    assert.equal(await c.exited, 0, c.out.stderr);
    const s = JSON.parse(c.out.stdout);
    assert.equal(s.rows.find((r: Row) => r.partition === 0).duplicates, 1);
    assert.equal(total(s).duplicates, 1);
    assert.equal(total(s).lost, 0);
  });
});

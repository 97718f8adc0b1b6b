import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, sandboxConfig } from '../helpers/sandbox.js';

const tmp = mkdtempSync(join(tmpdir(), 'drctl-cli-'));

describe('drctl status against the sandbox', () => {
  it('--json shows both clusters and the NYC->LON flow with a heartbeat younger than 10 s', async () => {
    const r = await runCli(['status', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    const cfg = sandboxConfig();
    assert.deepEqual(s.clusters.map((c: { alias: string }) => c.alias).sort(), ['LON', 'NYC']);
    for (const c of s.clusters) {
      assert.equal(c.reachable, true);
      assert.equal(c.clusterId, cfg.clusters[c.alias].clusterId);
      assert.equal(c.brokers.length, 1);
    }
    const [flow] = s.flows;
    assert.equal(flow.flow, 'NYC->LON');
    assert.ok(flow.heartbeatAgeSeconds !== null && flow.heartbeatAgeSeconds < 10, `heartbeat age ${flow.heartbeatAgeSeconds}`);
    assert.equal(flow.checkpointsTopicExists, true);
    assert.equal(s.ok, true);
  });

  it('takes clusters and the flow from an MM2 properties file', async () => {
    const cfg = sandboxConfig();
    const file = join(tmp, 'mm2.properties');
    writeFileSync(
      file,
      [
        '# continuation and ":" separators, as MM2 files have them',
        'clusters = NYC, \\',
        '           LON',
        `NYC.bootstrap.servers: ${cfg.clusters.NYC.bootstrapServers[0]}`,
        `LON.bootstrap.servers ${cfg.clusters.LON.bootstrapServers[0]}`,
        'NYC->LON.enabled = true',
        'offset-syncs.topic.location = target',
      ].join('\n'),
    );
    const r = await runCli(['status', '--json', '--mm2-config', file], { DRCTL_STATE_DIR: tmp });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout);
    assert.equal(s.flows[0].flow, 'NYC->LON');
    assert.ok(s.flows[0].heartbeatAgeSeconds < 10);
  });
});

describe('drctl errors: one line, a hint, the documented exit code', () => {
  it('a bad config names the file and the key, exit 2', async () => {
    const file = join(tmp, 'bad.yaml');
    writeFileSync(file, 'clusters:\n  NYC:\n    bootstrap: 127.0.0.1:9092\n    sasl: { mechanism: plain, username: u, password: hunter2 }\n');
    const r = await runCli(['status', '--config', file]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0], /^error: .*bad\.yaml: clusters\.NYC\.sasl\.password: is a literal secret$/);
    assert.match(lines[1], /^hint: /);
    assert.ok(!r.stderr.includes('hunter2') && !r.stdout.includes('hunter2'), 'the secret is never echoed');
  });

  it('an unknown alias is a usage error listing the configured ones, exit 2', async () => {
    const r = await runCli(['status', '--cluster', 'PAR']);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim(), 'error: unknown cluster alias "PAR"\nhint: configured aliases: NYC, LON');
  });

  it('an unreachable bootstrap server gives exit 4 within the timeout, and --json says why', async () => {
    const file = join(tmp, 'dead.yaml');
    writeFileSync(file, 'clusters:\n  NYC: { bootstrap: "127.0.0.1:9" }\n  LON: { bootstrap: "127.0.0.1:7" }\nflows: ["NYC->LON"]\n');
    const r = await runCli(['status', '--config', file, '--timeout', '3s', '--json']);
    assert.equal(r.code, 4);
    assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
    const s = JSON.parse(r.stdout);
    assert.equal(s.ok, false);
    assert.match(s.clusters[0].error, /NYC: cluster unreachable \(127\.0\.0\.1:9\)/);
  });

  it('a listener that accepts but never answers hits --timeout instead of hanging, exit 4', async () => {
    const { createServer } = await import('node:net');
    const silent = createServer(() => {}); // accepts TCP connections and never speaks Kafka
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', () => res()));
    const port = (silent.address() as { port: number }).port;
    try {
      const file = join(tmp, 'silent.yaml');
      writeFileSync(file, `clusters:\n  NYC: { bootstrap: "127.0.0.1:${port}" }\n`);
      const r = await runCli(['status', '--config', file, '--timeout', '2s']);
      assert.equal(r.code, 4, r.stderr);
      assert.ok(r.ms < 12_000, `took ${r.ms} ms`);
      assert.match(r.stdout, /NYC\s+no/);
    } finally {
      silent.close();
    }
  });

  it('no configuration at all says how to get one, exit 2', async () => {
    const r = await runCli(['status'], { DRCTL_STATE_DIR: join(tmp, 'empty-state'), DRCTL_CONFIG: '' });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^error: no drctl configuration found\nhint: /);
  });
});

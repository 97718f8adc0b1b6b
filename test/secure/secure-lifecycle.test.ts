/**
 * The secure sandbox profile (three nodes a side, SASL_SSL with SCRAM-SHA-512, StandardAuthorizer): drctl as the
 * `drctl` principal, with only the ACLs the README documents. Run by test/run.js after the default suite, on a
 * sandbox brought up with `--profile secure` (DRCTL_TEST_SECURE=1).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { secureClientKeystore, secureMtlsConfigPath } from '../../src/sandbox/secure-sandbox.js';
import { awaitCopied, committedByTool, consumerGroupsTool, drctl, gatewayAs as as, secureConfig as config, secureState as state } from '../helpers/secure.js';
import { eventually, randomName, runCli, sandboxStateDir } from '../helpers/sandbox.js';

describe('the secure profile: drctl as a least-privilege principal over SASL_SSL, three brokers a side', () => {
  const nycApp = as('NYC', 'app');
  const lon = as('LON', 'admin');
  after(() => Promise.all([nycApp.close(), lon.close()]));

  it('status: both clusters of three brokers reachable as drctl, the flow GO', async () => {
    const r = await drctl(['status', '--json']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const s = JSON.parse(r.stdout);
    for (const c of s.clusters) assert.equal(c.brokers.length, 3, `${c.alias}: ${JSON.stringify(c.brokers)}`);
    assert.deepEqual(
      s.readiness.map((v: { flow: string; go: boolean; reasons: string[] }) => [v.flow, v.go, v.reasons]),
      [['NYC->LON', true, []]],
    );
  });

  it('a planned failover as drctl: the group resumes on LON at the copy of its next record on NYC', async () => {
    const topic = randomName('secure-orders');
    const group = randomName('secure-svc');
    await nycApp.createTopic(topic, 3);
    await nycApp.produce(
      topic,
      Array.from({ length: 90 }, (_, i) => ({ key: `k${i}`, value: `v${i}`, partition: i % 3 })),
    );
    await nycApp.commitOffsets(
      group,
      [0, 1, 2].map((partition) => ({ topic, partition, offset: 10n + BigInt(partition) })),
    );
    await eventually(async () => (await lon.listTopics()).some((t) => t.name === `NYC.${topic}`), 120_000, 'MM2 to create the remote topic');
    const r = await drctl(['failover', '--group', group, '--to', 'LON', '--yes', '--json', '--reason', 'secure profile']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const res = JSON.parse(r.stdout);
    assert.equal(res.plan.mode, 'planned');
    const onLon = new Map((await lon.committedOffsets(group)).map((o) => [o.partition, o.offset]));
    for (const partition of [0, 1, 2]) {
      const next = (await nycApp.readRecords({ topic, partition }, 10n + BigInt(partition))).records[0];
      const copy = (await lon.readRecords({ topic: `NYC.${topic}`, partition }, onLon.get(partition)!)).records[0];
      assert.equal(copy.value?.toString(), next.value?.toString(), `partition ${partition}: the same next record`);
    }
    // No password in what drctl printed or wrote: the output, the journal, the backups.
    const written = [r.stdout, r.stderr, readFileSync(join(sandboxStateDir(), 'journal.ndjson'), 'utf8'), ...readdirSync(join(sandboxStateDir(), 'backups')).map((f) => readFileSync(join(sandboxStateDir(), 'backups', f), 'utf8'))].join('\n');
    for (const [user, file] of Object.entries(state().passwordFiles)) assert.ok(!written.includes(readFileSync(file, 'utf8')), `${user}'s password appears in drctl's output or files`);
  });

  it('offsets translate --method exact as drctl: each offset is the copy of the next record; kafka-consumer-groups accepts the export', async () => {
    const topic = randomName('secure-tr');
    const group = randomName('secure-tr-svc');
    await nycApp.createTopic(topic, 3);
    await nycApp.produce(
      topic,
      Array.from({ length: 60 }, (_, i) => ({ key: `k${i}`, value: `tr-${i}`, partition: i % 3 })),
    );
    await nycApp.commitOffsets(
      group,
      [0, 1, 2].map((partition) => ({ topic, partition, offset: 5n + BigInt(partition) })),
    );
    await awaitCopied(lon, topic, 3, 20n);
    const r = await drctl(['offsets', 'translate', '--group', group, '--method', 'exact', '--json']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const rows = JSON.parse(r.stdout).partitions as { topic: string; partition: number; upstream: string; downstream: string }[];
    assert.equal(rows.length, 3);
    for (const row of rows) {
      assert.equal(row.topic, `NYC.${topic}`);
      const next = (await nycApp.readRecords({ topic, partition: row.partition }, BigInt(row.upstream))).records[0];
      const copy = (await lon.readRecords({ topic: row.topic, partition: row.partition }, BigInt(row.downstream))).records[0];
      assert.equal(copy.value?.toString(), next.value?.toString(), `partition ${row.partition}`);
    }
    // The export is a reset file the Java tool takes on LON (over SASL_SSL), planning exactly these offsets.
    const csv = await drctl(['offsets', 'translate', '--group', group, '--method', 'exact', '--export']);
    assert.equal(csv.code, 0, csv.stderr);
    const file = join(state().dir, `${group}.csv`);
    writeFileSync(file, csv.stdout);
    const plan = await consumerGroupsTool('LON', ['--group', group, '--reset-offsets', '--from-file', file, '--dry-run']);
    assert.equal(plan.code, 0, plan.stderr);
    const tokens = plan.stdout.split(/\s+/);
    const planned = tokens.flatMap((t, i) => (t === group && tokens[i + 1] === `NYC.${topic}` ? [tokens.slice(i + 1, i + 4).join(',')] : [])).sort();
    assert.deepEqual(planned, csv.stdout.trim().split('\n').sort());
  });

  it('offsets reset and restore as drctl on LON, checked with kafka-consumer-groups', async () => {
    const topic = randomName('secure-reset');
    const group = randomName('secure-reset-svc');
    const lonApp = as('LON', 'app');
    try {
      await lonApp.createTopic(topic, 2);
      await lonApp.produce(
        topic,
        Array.from({ length: 20 }, (_, i) => ({ value: `r${i}`, partition: i % 2 })),
      );
      await lonApp.commitOffsets(group, [
        { topic, partition: 0, offset: 9n },
        { topic, partition: 1, offset: 4n },
      ]);
    } finally {
      await lonApp.close();
    }
    const r = await drctl(['offsets', 'reset', '--cluster', 'LON', '--group', group, '--all-topics', '--to-earliest', '--execute', '--reason', 'secure profile', '--json']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const res = JSON.parse(r.stdout);
    assert.deepEqual(await committedByTool('LON', group, topic), { 0: '0', 1: '0' });
    const restore = await drctl(['offsets', 'restore', '--backup', res.result.backupId, '--execute']);
    assert.equal(restore.code, 0, restore.stderr);
    assert.deepEqual(await committedByTool('LON', group, topic), { 0: '9', 1: '4' });
  });

  it('canary as drctl: its records cross NYC->LON, none lost', async () => {
    const r = await drctl(['canary', '--once', '--topic', randomName('drctl-canary'), '--json', '--max-latency', '30s']);
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const all = (JSON.parse(r.stdout).rows as { partition: number | 'all'; sent: number; received: number; lost: number; duplicates: number }[]).find((x) => x.partition === 'all')!;
    assert.deepEqual([all.sent, all.received, all.lost, all.duplicates], [3, 3, 0, 0]);
  });

  it('a wrong password: one line naming the authentication failure, exit 4, nothing changed', async () => {
    const bad = join(state().dir, 'wrong-password.yaml');
    const wrongFile = join(state().dir, 'secrets', 'wrong.password');
    writeFileSync(wrongFile, 'not-the-password', { mode: 0o600 });
    writeFileSync(bad, readFileSync(config(), 'utf8').replaceAll(state().passwordFiles.drctl, wrongFile));
    const r = await runCli(['status', '--json'], { DRCTL_CONFIG: bad });
    assert.equal(r.code, 4, r.stderr);
    const err = JSON.parse(r.stdout).error ?? JSON.parse(r.stdout);
    assert.match(JSON.stringify(err), /authentication/i);
    for (const secret of Object.values(state().passwordFiles).map((f) => readFileSync(f, 'utf8'))) assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'no password in the output');
  });
});

describe('the secure profile: certificates and credentials', () => {
  /** A variant of a profile config, written beside it. */
  const variant = (name: string, from: string, edit: (yaml: string) => string): string => {
    const file = join(state().dir, name);
    writeFileSync(file, edit(readFileSync(from, 'utf8')));
    return file;
  };
  const mtls = () => secureMtlsConfigPath(sandboxStateDir());

  it('mutual TLS: drctl by its certificate (CN=drctl) sees both clusters of three brokers and the flow GO', async () => {
    const r = await runCli(['status', '--json'], { DRCTL_CONFIG: mtls() });
    assert.equal(r.code, 0, `${r.stderr}\n${r.stdout}`);
    const s = JSON.parse(r.stdout);
    assert.deepEqual(
      s.clusters.map((c: { alias: string; brokers: string[] }) => [c.alias, c.brokers.length]),
      [
        ['NYC', 3],
        ['LON', 3],
      ],
    );
    assert.equal(s.readiness[0].go, true, JSON.stringify(s.readiness[0]));
  });

  const refused: [string, () => string, RegExp][] = [
    [
      'an expired client certificate',
      () => variant('expired.yaml', mtls(), (y) => y.replaceAll(secureClientKeystore(state(), 'drctl').pfxFile, secureClientKeystore(state(), 'drctl-expired').pfxFile)),
      /^NYC: the brokers refused drctl's client certificate \(localhost:\d+,localhost:\d+,localhost:\d+\) \(TLS alert "certificate unknown"\): it is expired or not yet valid, or not signed by a CA they trust$/,
    ],
    [
      'a CA that did not sign the brokers',
      () => variant('wrong-ca.yaml', config(), (y) => y.replaceAll(`caFile: ${state().caPem}`, `caFile: ${secureClientKeystore(state(), 'drctl').pfxFile}.pem`)),
      /^NYC: TLS handshake failed \(.*\): self-signed certificate in certificate chain$/,
    ],
    ['an unknown user', () => variant('unknown-user.yaml', config(), (y) => y.replace(/username: drctl/g, 'username: nobody')), /^NYC: authentication failed: .*invalid credentials with SASL mechanism SCRAM-SHA-512$/],
    [
      // This machine's own name resolves to 127.0.0.1 (/etc/hosts), so it reaches the listeners, but their certificate
      // names only localhost and 127.0.0.1.
      'a host name the certificate does not name',
      () => variant('wrong-host.yaml', config(), (y) => y.replace(/localhost:/g, `${hostname()}:`)),
      new RegExp(`^NYC: the broker's certificate is not for the host drctl connected to \\((${hostname()}:\\d+,?){3}\\); it names DNS:localhost, IP Address:127\\.0\\.0\\.1$`),
    ],
  ];
  it("wrong credentials for the source: failover exits 4 and never fails over unplanned; LON's offsets are unchanged", async () => {
    const group = randomName('secure-creds-svc');
    const nyc = as('NYC', 'app');
    const lon = as('LON', 'admin');
    try {
      const topic = randomName('secure-creds');
      await nyc.createTopic(topic, 1);
      await nyc.produce(topic, [{ value: 'x', partition: 0 }]);
      await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 1n }]);
      // Only NYC's password is wrong: LON answers, so an unplanned failover would be possible, and must not happen.
      const wrongFile = join(state().dir, 'secrets', 'wrong-nyc.password');
      writeFileSync(wrongFile, 'not-the-password', { mode: 0o600 });
      const cfg = variant('wrong-source.yaml', config(), (y) => y.replace(state().passwordFiles.drctl, wrongFile));
      const r = await runCli(['failover', '--group', group, '--to', 'LON', '--yes', '--json', '--reason', 'wrong source credentials'], { DRCTL_CONFIG: cfg });
      assert.equal(r.code, 4, r.stderr);
      assert.match(JSON.parse(r.stdout).error.message, /^NYC: authentication failed/);
      assert.deepEqual(await lon.committedOffsets(group), [], 'nothing committed on LON');
    } finally {
      await Promise.all([nyc.close(), lon.close()]);
    }
  });

  for (const [what, configFile, cause] of refused) {
    it(`${what}: status says why per cluster, in one line, and exits 4`, async () => {
      const r = await runCli(['status', '--json'], { DRCTL_CONFIG: configFile() });
      assert.equal(r.code, 4, `${r.stdout}\n${r.stderr}`);
      const nyc = JSON.parse(r.stdout).clusters.find((c: { alias: string }) => c.alias === 'NYC');
      assert.equal(nyc.reachable, false);
      assert.match(nyc.error, cause);
      assert.ok(!nyc.error.includes('\n'));
    });
  }
});

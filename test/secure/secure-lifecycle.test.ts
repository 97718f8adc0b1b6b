/**
 * The secure sandbox profile (three nodes a side, SASL_SSL with SCRAM-SHA-512, StandardAuthorizer): drctl as the
 * `drctl` principal, with only the ACLs the README documents. Run by test/run.js after the default suite, on a
 * sandbox brought up with `--profile secure` (DRCTL_TEST_SECURE=1).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { KafkajsGateway } from '../../src/kafka/kafkajs-gateway.js';
import { readSecureSandboxState, secureClientKeystore, secureClusterConfig, secureMtlsConfigPath, secureSandboxConfigPath, type SecureSandboxState } from '../../src/sandbox/secure-sandbox.js';
import { eventually, randomName, runCli, sandboxStateDir } from '../helpers/sandbox.js';

const state = (): SecureSandboxState => readSecureSandboxState(sandboxStateDir())!;
const config = () => secureSandboxConfigPath(sandboxStateDir());
const drctl = (args: string[]) => runCli(args, { DRCTL_CONFIG: config() });
const as = (alias: string, user: 'admin' | 'app' | 'drctl') => new KafkajsGateway(secureClusterConfig(state(), alias, user), { timeoutMs: 20_000, clientId: 'drctl-test' });

describe('the secure profile: drctl as a least-privilege principal over SASL_SSL, three brokers a side', () => {
  const nycApp = as('NYC', 'app');
  const lon = as('LON', 'admin');
  after(() => Promise.all([nycApp.close(), lon.close()]));

  it('status: both clusters of three brokers reachable as drctl, the flow GO', async () => {
    const r = await drctl(['status', '--json']);
    assert.equal(r.code, 0, r.stderr);
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
    assert.equal(r.code, 0, r.stderr);
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

describe('the secure profile: a missing ACL', () => {
  it('is refused with exit 3, naming the operation, the ACL to grant and the principal; nothing changes', async () => {
    // `app` may read and write topics and join groups, but not read topic configs: failback's plan reads them.
    const appConfig = join(state().dir, 'app.yaml');
    writeFileSync(
      appConfig,
      readFileSync(config(), 'utf8')
        .replace(/username: drctl/g, 'username: app')
        .replaceAll(state().passwordFiles.drctl, state().passwordFiles.app),
    );
    const nyc = as('NYC', 'admin');
    try {
      const before = await nyc.listTopics();
      const r = await runCli(['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--salvage-dir', join(state().dir, 'salvage')], { DRCTL_CONFIG: appConfig });
      assert.equal(r.code, 3, r.stderr);
      const [cause, hint] = r.stderr.trim().split('\n');
      assert.equal(cause, 'error: NYC: not authorized to describe topic configs (TOPIC_AUTHORIZATION_FAILED)');
      assert.equal(hint, "hint: grant User:app DESCRIBE_CONFIGS on the topics in scope on NYC (the README's least-privilege table lists what each command needs)");
      assert.deepEqual(await nyc.listTopics(), before);
    } finally {
      await nyc.close();
    }
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
    assert.equal(r.code, 0, r.stderr);
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

#!/usr/bin/env node
// `npm test`: the lint (`npm run lint`), unit tests, then integration tests against one shared sandbox (real NYC and
// LON KRaft clusters and MirrorMaker 2) that this script brings up in a temporary state dir and always tears down.
// `--unit` skips the sandbox. KAFKA_VERSION selects the Kafka version (default 4.x; 3.9.x works too).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const unitOnly = process.argv.includes('--unit');
// --test-force-exit: a test file is over when its tests are, as a drctl command is over when its run() is (see
// bin/run.js): kafkajs can leave a socket open after disconnect, which must not hang the suite.
const nodeTest = (dirs, env) => spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-force-exit', '--test-reporter=spec', ...dirs], { cwd: root, stdio: 'inherit', env }).status ?? 1;

// The lint comes first, on both paths (ESLint with the layer rules, no import cycles, Prettier's check): it takes
// seconds, so a lint failure is known before any test runs or the sandbox comes up.
const lint = spawnSync('npm', ['run', '--silent', 'lint'], { cwd: root, stdio: 'inherit' });
if (lint.status !== 0) {
  process.stderr.write(`lint failed (exit ${lint.status ?? lint.error?.message}): see above; \`npm run format\` fixes formatting\n`);
  process.exit(lint.status || 1);
}

if (unitOnly) process.exit(nodeTest(['dist/test/unit'], process.env));

const { sandboxUp, sandboxDown } = await import(join(root, 'dist/src/sandbox/sandbox.js'));
const stateDir = mkdtempSync(join(tmpdir(), 'drctl-test-'));
const env = { ...process.env, DRCTL_STATE_DIR: stateDir, DRCTL_TEST_SANDBOX: '1', NO_COLOR: '1' };
let code = 1;
const cleanup = async () => {
  await sandboxDown(stateDir, true).catch((e) => process.stderr.write(`sandbox down failed: ${e.message}\n`));
  rmSync(stateDir, { recursive: true, force: true });
};
/** A failed run removes the sandbox, and with it MM2's and the brokers' logs: keep them, and print what MM2 did
 * last (which groups it checkpoints, when its tasks restarted), since a late MM2 is the usual suspect when an
 * integration test times out. */
function keepLogs(dir) {
  const from = join(dir, 'sandbox');
  // Dedicated MM2's log, or (--mirror connect) the first Connect worker's.
  const log = [join(from, 'mirror', 'mirror.log'), join(from, 'mirror', 'connect-1.log')].find((f) => existsSync(f));
  if (!log) return;
  const kept = mkdtempSync(join(tmpdir(), 'drctl-test-logs-'));
  for (const [name, f] of [
    ['mirror', join(from, 'mirror', 'mirror.log')],
    ['connect-1', join(from, 'mirror', 'connect-1.log')],
    ['connect-2', join(from, 'mirror', 'connect-2.log')],
    ['NYC', join(from, 'NYC', 'broker.log')],
    ['LON', join(from, 'LON', 'broker.log')],
  ]) {
    if (existsSync(f)) copyFileSync(f, join(kept, `${name}.log`));
  }
  const lines = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => /^\[/.test(l) && /Checkpoint|checkpoint|Exception|ERROR|rebalance|Joined group|Found \d+ (consumer groups|new topic)/.test(l));
  process.stderr.write(
    `\n--- the sandbox's logs are kept in ${kept}; the last ${Math.min(lines.length, 60)} of ${lines.length} MirrorMaker 2 lines about checkpoints, rebalances and errors ---\n${lines
      .slice(-60)
      .map((l) => l.slice(0, 300))
      .join('\n')}\n---\n`,
  );
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => cleanup().then(() => process.exit(130)));
try {
  const { timings, status } = await sandboxUp({ stateDir, env, log: (m) => process.stderr.write(`sandbox: ${m}\n`) });
  process.stderr.write(`sandbox: Kafka ${status.kafkaVersion} up; MM2 replicating ${(timings.mirrorReplicatingMs / 1000).toFixed(1)} s after start (jars ${(timings.jarsMs / 1000).toFixed(1)} s)\n`);
  code = nodeTest(['dist/test/unit', 'dist/test/integration'], env);
  if (code !== 0) keepLogs(stateDir);
  if (code === 0 && process.env.DRCTL_TEST_CONNECT !== '0') {
    // MirrorMaker 2 on Kafka Connect (two workers) runs alone too, on a sandbox of its own.
    await sandboxDown(stateDir, true);
    const { status: up } = await sandboxUp({ stateDir, env, mirror: 'connect', log: (m) => process.stderr.write(`connect sandbox: ${m}\n`) });
    process.stderr.write(`connect sandbox: workers at ${(up.connect ?? []).join(', ')}\n`);
    code = nodeTest(['dist/test/connect'], env);
    if (code !== 0) keepLogs(stateDir);
  }
  if (code === 0 && process.env.DRCTL_TEST_TOPOLOGIES !== '0') {
    // The other architectures, each on a sandbox of its own: a hub (AGG) with two spokes.
    await sandboxDown(stateDir, true);
    await sandboxUp({ stateDir, env, topology: 'hub-spoke', log: (m) => process.stderr.write(`hub-spoke sandbox: ${m}\n`) });
    code = nodeTest(['dist/test/hub-spoke'], env);
    if (code !== 0) keepLogs(stateDir);
    if (code === 0) {
      // Active-active: MM2 both ways between NYC and LON.
      await sandboxDown(stateDir, true);
      await sandboxUp({ stateDir, env, topology: 'active-active', log: (m) => process.stderr.write(`active-active sandbox: ${m}\n`) });
      code = nodeTest(['dist/test/active-active'], env);
      if (code !== 0) keepLogs(stateDir);
    }
  }
  if (code === 0 && process.env.DRCTL_TEST_SECURE_PROFILE !== '0') {
    // The secure profile (three nodes a side, SASL_SSL, ACLs) runs alone: the default sandbox stops first, since this
    // 2-core machine cannot run both.
    await sandboxDown(stateDir, true);
    const { secureSandboxUp, secureSandboxDown } = await import(join(root, 'dist/src/sandbox/secure-sandbox.js'));
    try {
      const up = await secureSandboxUp({ stateDir, env, log: (m) => process.stderr.write(`secure sandbox: ${m}\n`) });
      process.stderr.write(`secure sandbox: up in ${(up.ms / 1000).toFixed(1)} s\n`);
      code = nodeTest(['dist/test/secure'], env);
    } finally {
      await secureSandboxDown(stateDir, true);
    }
    if (code === 0 && process.env.DRCTL_TEST_CONNECT !== '0') {
      // Both at once: the secure profile with MM2 on Connect, its workers logging in to LON as mm2.
      try {
        const up = await secureSandboxUp({ stateDir, env, mirror: 'connect', log: (m) => process.stderr.write(`secure connect sandbox: ${m}\n`) });
        process.stderr.write(`secure connect sandbox: up in ${(up.ms / 1000).toFixed(1)} s\n`);
        code = nodeTest(['dist/test/secure-connect'], env);
      } finally {
        await secureSandboxDown(stateDir, true);
      }
    }
  }
} catch (e) {
  process.stderr.write(`sandbox: ${e.message}${e.hint ? `\nhint: ${e.hint}` : ''}\n`);
} finally {
  await cleanup();
}
process.exit(code);

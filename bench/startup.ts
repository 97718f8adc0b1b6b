/**
 * bench/startup: how long drctl takes to start, beside kafka-consumer-groups (a JVM) in the same run: `--help`,
 * `failover --help` and `--version`, the median of 11 runs each, and `node -e 0` for the floor; then a command's own
 * start up to its first request (failover, report rpo, status). Target: under 200 ms.
 * Needs the Kafka jars only for the reference (it resolves them as the sandbox does; no cluster is started).
 * Usage: npm run bench:startup [-- --runs 11]
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureKafkaJars, resolveKafkaVersion } from '../src/sandbox/jars.js';
import { writeLogConfigs } from '../src/sandbox/jvm.js';
import { javaCommand, repoRoot } from '../test/helpers/sandbox.js';
import { arg, benchFigures, type BenchFigure } from './harness.js';

const RUNS = arg('runs', 11);

/** Median wall time (ms) of `RUNS` runs of a command that must exit with `code` (kafka-consumer-groups --help: 1). */
function median(cmd: string, args: string[], code = 0): number {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (r.status !== code) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  return times.sort((a, b) => a - b)[Math.floor((RUNS - 1) / 2)];
}

/**
 * A command's own start: ms from spawning `drctl <args>` until it opens its first connection to a broker. A TCP
 * listener stands in for both clusters' brokers and drops every connection. The first run after a build compiles
 * the command's bundle and writes V8's cache when it exits (src/cli/compile-cache.ts): it is measured once, as
 * `cold`, and left to run to its exit (--timeout 1s). The other runs start from that cache, as every later start
 * does, and are killed once they connected. Returns both, in ms.
 */
async function firstConnectionMs(args: string[]): Promise<{ cold: number; warm: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'drctl-bench-startup-'));
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const config = join(dir, 'drctl.yaml');
  writeFileSync(config, ['clusters:', `  NYC: { bootstrap: "127.0.0.1:${port}" }`, `  LON: { bootstrap: "127.0.0.1:${port}" }`, 'flows: ["NYC->LON"]', ''].join('\n'));
  const env = { ...process.env, NO_COLOR: '1', DRCTL_STATE_DIR: dir, DRCTL_CACHE_DIR: join(dir, 'cache') };
  try {
    const times: number[] = [];
    for (let i = 0; i <= RUNS; i++) {
      const t0 = process.hrtime.bigint();
      const child = spawn(process.execPath, [run, ...args, '--config', config, '--timeout', '1s'], { stdio: 'ignore', env });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const connected = new Promise<'connected'>((resolve) => server.once('connection', () => resolve('connected')));
      const first = await Promise.race([connected, exited]);
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (first !== 'connected') throw new Error(`drctl ${args.join(' ')} exited (${first}) before connecting to a broker`);
      if (i > 0) child.kill('SIGKILL');
      await exited;
    }
    const [cold, ...warm] = times;
    return { cold, warm: warm.sort((a, b) => a - b)[Math.floor((RUNS - 1) / 2)] };
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const libs = ensureKafkaJars(resolveKafkaVersion(process.env.KAFKA_VERSION), process.env, (m) => process.stderr.write(`${m}\n`));
writeLogConfigs(libs);
const [java, jvm] = javaCommand(libs);
const run = join(repoRoot, 'bin', 'run.js');
const floor = median(process.execPath, ['-e', '0']);
const kcg = median(java, [...jvm, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', '--help'], 1);
const rows = [
  ['drctl --help', ['--help']],
  ['drctl failover --help', ['failover', '--help']],
  ['drctl --version', ['--version']],
] as const;
console.log(`\nbench/startup: median of ${RUNS} runs each (node -e 0: ${floor.toFixed(0)} ms)\n`);
const figures: BenchFigure[] = rows.map(([name, args]) => {
  const ms = median(process.execPath, [run, ...args]);
  console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(5)} ms   kafka-consumer-groups --help ${kcg.toFixed(0)} ms`);
  return { figure: name, drctl: ms / 1000, reference: kcg / 1000, referenceName: 'kafka-consumer-groups --help (JVM)', unit: 's' as const, target: '< 200 ms', met: ms < 200 };
});
// A command's own start, up to its first request: the commands an operator runs in an incident.
const commands = [
  ['drctl failover, start to first request', ['failover', '--group', 'orders-svc', '--to', 'LON', '--dry-run']],
  ['drctl report rpo, start to first request', ['report', 'rpo']],
  ['drctl status, start to first request', ['status']],
] as const;
for (const [name, args] of commands) {
  const { cold, warm: ms } = await firstConnectionMs([...args]);
  console.log(`${name.padEnd(40)} ${ms.toFixed(0).padStart(5)} ms   (first run after a build, compiling: ${cold.toFixed(0)} ms)`);
  figures.push({ figure: name, drctl: ms / 1000, reference: kcg / 1000, referenceName: 'kafka-consumer-groups --help (JVM)', unit: 's' as const, target: '< 200 ms', met: ms < 200 });
}
const ok = figures.every((f) => f.met);
console.log(`target (< 200 ms): ${ok ? 'met' : 'NOT met'}`);
benchFigures('startup', figures);
process.exit(ok ? 0 : 1);

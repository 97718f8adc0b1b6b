/**
 * bench/startup: how long drctl takes to start, beside kafka-consumer-groups (a JVM) in the same run: `--help`,
 * `failover --help` and `--version`, the median of 7 runs each, and `node -e 0` for the floor. Target: under 200 ms.
 * Needs the Kafka jars only for the reference (it resolves them as the sandbox does; no cluster is started).
 * Usage: npm run bench:startup [-- --runs 7]
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureKafkaJars, resolveKafkaVersion } from '../src/sandbox/jars.js';
import { writeLogConfigs } from '../src/sandbox/jvm.js';
import { javaCommand, repoRoot } from '../test/helpers/sandbox.js';
import { arg, benchFigures } from './harness.js';

const RUNS = arg('runs', 7);

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
const figures = rows.map(([name, args]) => {
  const ms = median(process.execPath, [run, ...args]);
  console.log(`${name.padEnd(24)} ${ms.toFixed(0).padStart(5)} ms   kafka-consumer-groups --help ${kcg.toFixed(0)} ms`);
  return { figure: name, drctl: ms / 1000, reference: kcg / 1000, referenceName: 'kafka-consumer-groups --help (JVM)', unit: 's' as const, target: '< 200 ms', met: ms < 200 };
});
const ok = figures.every((f) => f.met);
console.log(`target (< 200 ms): ${ok ? 'met' : 'NOT met'}`);
benchFigures('startup', figures);
process.exit(ok ? 0 : 1);

/**
 * bench/agent: the cost of `drctl agent` beside MirrorMaker 2. G groups x P partitions on NYC commit continuously
 * (every group moves every partition forward once a second); the agent runs at --interval 5s and writes exact
 * checkpoints for every moved partition. Measured over a window after its first round, in the same run: the agent's
 * CPU (share of one core) and RSS, and MirrorMaker 2's (the reference: its checkpoint task does the coarse version of
 * the same job), from /proc. Targets: under 5 % of one core and under 200 MB RSS.
 * Uses the running sandbox (DRCTL_STATE_DIR) or brings one up and tears it down.
 * Usage: npm run bench:agent [-- --groups 200 --partitions 16 --topics 20 --records 400 --seconds 60]
 * BENCH_CPU_PROF=DIR also writes a V8 CPU profile of the agent to DIR.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { readExactCheckpoints } from '../src/checkpoints/exact-checkpoints.js';
import type { ClusterGateway } from '../src/kafka/gateway.js';
import { KafkajsGateway } from '../src/kafka/kafkajs-gateway.js';
import { readSandboxState } from '../src/sandbox/sandbox.js';
import { repoRoot } from '../test/helpers/sandbox.js';
import { arg, benchFigures, benchSandbox, until } from './harness.js';

const G = arg('groups', 200);
const P = arg('partitions', 16);
const T = Math.min(arg('topics', 20), G);
const R = arg('records', 400);
const SECONDS = arg('seconds', 60);
const TICK = 100; // clock ticks per second of /proc/<pid>/stat (getconf CLK_TCK on Linux)

/** CPU seconds (user + system) and RSS (MB) of a process, from /proc. */
function usage(pid: number): { cpu: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpu = (Number(fields[11]) + Number(fields[12])) / TICK;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpu, rssMb: rss ? Number(rss[1]) / 1024 : NaN };
}

async function main(): Promise<void> {
  const { stateDir, release } = await benchSandbox();
  const env = { ...process.env, DRCTL_STATE_DIR: stateDir, NO_COLOR: '1' };
  const config = loadConfig({ env });
  const sandbox = readSandboxState(stateDir)!;
  const nyc: ClusterGateway = new KafkajsGateway(config.clusters.NYC, { timeoutMs: 60000 });
  const lon: ClusterGateway = new KafkajsGateway(config.clusters.LON, { timeoutMs: 60000 });
  let committing = true;
  let made: { topics: string[]; groups: string[] } = { topics: [], groups: [] };
  try {
    const run = `bag${Date.now().toString(36)}`;
    const topics = Array.from({ length: T }, (_, i) => `${run}-t${i}`);
    process.stderr.write(`producing ${R} records per partition on ${T} topics x ${P} partitions ...\n`);
    for (const topic of topics) await nyc.createTopic(topic, P);
    await Promise.all(
      topics.map((topic) =>
        nyc.produce(
          topic,
          Array.from({ length: R * P }, (_, i) => ({ value: `${topic}/${i}`, partition: i % P })),
        ),
      ),
    );
    const remoteTps = topics.flatMap((topic) => Array.from({ length: P }, (_, partition) => ({ topic: `NYC.${topic}`, partition })));
    await until(async () => {
      const names = new Set((await lon.listTopics()).map((t) => t.name));
      return remoteTps.every((tp) => names.has(tp.topic)) && (await lon.listOffsets(remoteTps, 'latest')).every((e) => (e.offset ?? 0n) >= BigInt(R));
    }, 'full replication');

    // The groups commit continuously: every partition one record further each second.
    const groups = Array.from({ length: G }, (_, i) => ({ group: `${run}-g${i}`, topic: topics[i % T] }));
    made = { topics, groups: groups.map((g) => g.group) };
    let at = 1n;
    const commitAll = () =>
      Promise.all(
        groups.map(({ group, topic }) =>
          nyc.commitOffsets(
            group,
            Array.from({ length: P }, (_, partition) => ({ topic, partition, offset: at })),
          ),
        ),
      );
    await commitAll();
    const committer = (async () => {
      while (committing && at < BigInt(R)) {
        await new Promise((r) => setTimeout(r, 1000));
        at++;
        await commitAll();
      }
    })();

    process.stderr.write(`drctl agent --interval 5s: ${G} groups x ${P} partitions moving every second ...\n`);
    // BENCH_CPU_PROF=DIR writes a V8 CPU profile of the agent there (to see where its time goes).
    const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const agent = spawn(process.execPath, [...prof, join(repoRoot, 'bin', 'run.js'), 'agent', '--interval', '5s', '--rpo-interval', '0s', '--timeout', '60s'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    agent.stderr.on('data', (d) => (log += d));
    await until(async () => /checkpoint\(s\) written/.test(log), 'the agent to finish its first round', 300_000, 200);
    const mm2 = sandbox.mirror.pid!;
    const a0 = usage(agent.pid!);
    const m0 = usage(mm2);
    const t0 = Date.now();
    let agentRss = a0.rssMb;
    let mm2Rss = m0.rssMb;
    const roundsBefore = (log.match(/checkpoint\(s\) written/g) ?? []).length;
    while (Date.now() - t0 < SECONDS * 1000) {
      await new Promise((r) => setTimeout(r, 1000));
      agentRss = Math.max(agentRss, usage(agent.pid!).rssMb);
      mm2Rss = Math.max(mm2Rss, usage(mm2).rssMb);
    }
    const wall = (Date.now() - t0) / 1000;
    const a1 = usage(agent.pid!);
    const m1 = usage(mm2);
    const rounds = log.split('\n').filter((l) => /checkpoint\(s\) written/.test(l));
    const measured = rounds.slice(roundsBefore);
    const ms = measured.map((l) => Number(/\((\d+) ms\)/.exec(l)?.[1] ?? NaN));
    agent.kill('SIGTERM');
    await new Promise((r) => agent.once('exit', r));
    committing = false;
    await committer;
    // The checkpoints are exact and current: every group's newest one is a commit the groups made.
    const cps = await readExactCheckpoints(lon, 'NYC', 120_000);
    const covered = groups.filter(({ group }) => (cps.groups.get(group)?.size ?? 0) === P).length;

    const pct = (cpu: number) => `${((cpu / wall) * 100).toFixed(1).padStart(6)} %`;
    const mb = (v: number) => `${v.toFixed(0).padStart(6)} MB`;
    console.log(`\nbench/agent: ${G} groups x ${P} partitions (${G * P} group-partitions) committing every second, agent interval 5 s, ${wall.toFixed(0)} s measured, Kafka ${sandbox.kafkaVersion}\n`);
    console.log(`figure                 drctl agent   MirrorMaker 2 (reference)   target`);
    console.log(`CPU (one core = 100 %)    ${pct(a1.cpu - a0.cpu)}      ${pct(m1.cpu - m0.cpu)}                  < 5 %`);
    console.log(`RSS (max)                ${mb(agentRss)}      ${mb(mm2Rss)}                  < 200 MB`);
    console.log(`rounds in the window: ${measured.length}, round time ${ms.length ? `${Math.min(...ms)}..${Math.max(...ms)} ms` : '-'}; groups with exact checkpoints on every partition: ${covered} of ${G}`);
    const ok = (a1.cpu - a0.cpu) / wall < 0.05 && agentRss < 200;
    console.log(`target (< 5 % of a core and < 200 MB RSS): ${ok ? 'met' : 'NOT met'}`);
    process.exitCode = ok ? 0 : 1;
    benchFigures('agent', [
      { figure: `agent CPU, ${G} x ${P} committing`, drctl: ((a1.cpu - a0.cpu) / wall) * 100, reference: ((m1.cpu - m0.cpu) / wall) * 100, referenceName: 'MirrorMaker 2 process', unit: '%', target: '< 5 %', met: (a1.cpu - a0.cpu) / wall < 0.05 },
      { figure: 'agent RSS (max)', drctl: agentRss, reference: mm2Rss, referenceName: 'MirrorMaker 2 process', unit: 'MB', target: '< 200 MB', met: agentRss < 200 },
    ]);
  } finally {
    committing = false;
    // A reused sandbox must not carry this run's groups and topics into the next run's figures.
    for (const g of made.groups) await nyc.deleteGroup(g).catch(() => undefined);
    await Promise.all([nyc.deleteTopics(made.topics), lon.deleteTopics(made.topics.map((t) => `NYC.${t}`))]).catch(() => undefined);
    await Promise.all([nyc.close(), lon.close()]);
    await release();
  }
}

await main();
process.exit(process.exitCode ?? 0);

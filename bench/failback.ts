/**
 * bench/failback: how long `drctl failback --execute` takes to salvage (and verify) a large unreplicated tail, beside
 * what an operator does without drctl: kafka-console-consumer once per partition, printing offsets, timestamps, keys
 * and headers of the tail into a file (no verification, no manifest). On its own sandbox (failback reverses MM2):
 * P partitions get R mirrored records, MM2 stops, then T tail records per partition are produced on NYC.
 * Usage: npm run bench:failback [-- --partitions 6 --tail 30000 --bytes 200]
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/load.js';
import { KafkajsGateway } from '../src/kafka/kafkajs-gateway.js';
import { readSandboxState, sandboxStop } from '../src/sandbox/sandbox.js';
import { arg, benchFigures, benchSandbox, until } from './harness.js';
import { runCli, runKafkaTool } from '../test/helpers/sandbox.js';

const P = arg('partitions', 6);
const T = arg('tail', 30000);
const B = arg('bytes', 200);
const R = 100;

async function main(): Promise<void> {
  delete process.env.DRCTL_STATE_DIR; // failback reverses the sandbox's MM2: never use a sandbox someone else runs
  const { stateDir, release } = await benchSandbox();
  process.env.DRCTL_STATE_DIR = stateDir;
  process.env.DRCTL_TEST_SANDBOX = '1';
  const config = loadConfig({});
  const nyc = new KafkajsGateway(config.clusters.NYC, { timeoutMs: 60000 });
  const lon = new KafkajsGateway(config.clusters.LON, { timeoutMs: 60000 });
  const work = mkdtempSync(join(tmpdir(), 'drctl-bench-failback-'));
  try {
    const topic = `bench-failback-${Date.now()}`;
    await nyc.createTopic(topic, P);
    const pad = 'x'.repeat(Math.max(0, B - 24));
    const batch = (tag: string, n: number, p: number) => Array.from({ length: n }, (_, i) => ({ key: `${tag}-${p}-${i}`, value: `${tag}-${p}-${i}-${pad}`, headers: { tag }, partition: p }));
    for (let p = 0; p < P; p++) await nyc.produce(topic, batch('mirrored', R, p));
    await until(
      async () => {
        if (!(await lon.listTopics()).some((t) => t.name === `NYC.${topic}`)) return false;
        const ends = await lon.listOffsets(
          Array.from({ length: P }, (_, partition) => ({ topic: `NYC.${topic}`, partition })),
          'latest',
        );
        return ends.every((e) => e.offset === BigInt(R));
      },
      'the mirror',
      120_000,
      500,
    );
    await sandboxStop(stateDir, 'mirror');
    process.stderr.write(`MM2 stopped; producing a tail of ${T} records × ${P} partitions (${B} bytes each) on NYC ...\n`);
    for (let p = 0; p < P; p++) for (let i = 0; i < T; i += 5000) await nyc.produce(topic, batch(`tail${i}`, Math.min(5000, T - i), p));

    // The reference: kafka-console-consumer, one run per partition, from the tail's first offset.
    const libs = readSandboxState(stateDir)!.libs;
    const t0 = Date.now();
    let bytes = 0;
    for (let p = 0; p < P; p++) {
      const out = join(work, `console-${p}.txt`);
      const r = await runKafkaTool(
        'org.apache.kafka.tools.consumer.ConsoleConsumer',
        [
          '--bootstrap-server',
          config.clusters.NYC.bootstrapServers[0],
          '--topic',
          topic,
          '--partition',
          String(p),
          '--offset',
          String(R),
          '--max-messages',
          String(T),
          '--isolation-level',
          'read_committed',
          '--timeout-ms',
          '30000',
          '--property',
          'print.key=true',
          '--property',
          'print.headers=true',
          '--property',
          'print.timestamp=true',
          '--property',
          'print.offset=true',
        ],
        libs,
      );
      if (r.code !== 0 && !r.stdout) throw new Error(`console consumer failed: ${r.stderr.slice(-500)}`);
      writeFileSync(out, r.stdout);
      const lines = r.stdout.split('\n').filter((l) => l.startsWith('CreateTime:')).length;
      if (lines !== T) throw new Error(`console consumer printed ${lines} records of partition ${p}, not ${T}`);
      bytes += statSync(out).size;
    }
    const consoleMs = Date.now() - t0;

    const dir = join(work, 'salvage');
    const f0 = Date.now();
    const r = await runCli(['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--salvage-dir', dir, '--quiet-period', '0', '--execute', '--json'], { DRCTL_STATE_DIR: stateDir });
    const totalMs = Date.now() - f0;
    if (r.code !== 0) throw new Error(`failback failed (${r.code}): ${r.stdout.slice(-500)} ${r.stderr.slice(-500)}`);
    const { result } = JSON.parse(r.stdout);
    const step = (name: string) => result.steps.find((s: { step: string }) => s.step.startsWith(name)).ms as number;
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { files: { records: number; bytes: number }[] };
    const salvaged = manifest.files.reduce((n, f) => n + f.records, 0);
    const salvageBytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
    if (salvaged !== T * P) throw new Error(`salvaged ${salvaged} records, not ${T * P}`);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en-US')} records/s`;
    console.log(`\nbench/failback: a tail of ${(T * P).toLocaleString('en-US')} records (${P} partitions × ${T}, ${B} bytes), Kafka ${readSandboxState(stateDir)!.kafkaVersion}\n`);
    console.log(`drctl failback: salvage to files + manifest   ${s(step('salvage')).padStart(8)}   ${rate(T * P, step('salvage'))}, ${(salvageBytes / 1e6).toFixed(1)} MB`);
    console.log(`drctl failback: verify against NYC            ${s(step('verify salvage')).padStart(8)}   every record re-read, count and SHA-256 per partition`);
    console.log(`drctl failback: plan (reads, tail by identity) ${s(totalMs - result.totalMs).padStart(7)}   including process start`);
    console.log(`drctl failback: whole run                     ${s(totalMs).padStart(8)}   steps: ${result.steps.map((x: { step: string; ms: number }) => `${x.step} ${x.ms} ms`).join(', ')}`);
    console.log(`kafka-console-consumer, once per partition    ${s(consoleMs).padStart(8)}   ${rate(T * P, consoleMs)}, ${(bytes / 1e6).toFixed(1)} MB of text (no verification, no manifest)`);
    console.log(`ratio, console consumer / drctl salvage+verify ${(consoleMs / (step('salvage') + step('verify salvage'))).toFixed(1).padStart(6)} x`);
    benchFigures('failback', [
      {
        figure: `salvage + verify, ${(T * P).toLocaleString('en-US')} records`,
        drctl: (step('salvage') + step('verify salvage')) / 1000,
        reference: consoleMs / 1000,
        referenceName: 'kafka-console-consumer per partition (no verification)',
        unit: 's',
        target: 'complete and verified',
        met: salvaged === T * P,
      },
    ]);
  } finally {
    await Promise.all([nyc.close(), lon.close()]);
    rmSync(work, { recursive: true, force: true });
    await release();
  }
}

await main();
process.exit(process.exitCode ?? 0);

/**
 * bench/reset: reset G groups x P partitions to a datetime, with --execute, on the sandbox's LON:
 * drctl in one process for all groups, and kafka-consumer-groups with one invocation per group, as a script would.
 * Prints both wall times and the ratio (the target is drctl at least 10x faster), and checks both committed the
 * same offsets. Uses the running sandbox (DRCTL_STATE_DIR) or brings one up and tears it down.
 * Usage: npm run bench:reset [-- --groups 100 --partitions 12]
 */
import { loadConfig } from '../src/config/load.js';
import { arg, benchFigures, benchSandbox } from './harness.js';
import { KafkajsGateway } from '../src/kafka/kafkajs-gateway.js';
import { readSandboxState } from '../src/sandbox/sandbox.js';
import { runCli, runKafkaTool } from '../test/helpers/sandbox.js';

const G = arg('groups', 100);
const P = arg('partitions', 12);

async function main(): Promise<void> {
  const { stateDir, release } = await benchSandbox();
  const env = { ...process.env, DRCTL_STATE_DIR: stateDir, NO_COLOR: '1' };
  const config = loadConfig({ env });
  const lon = new KafkajsGateway(config.clusters.LON, { timeoutMs: 60000 });
  const libs = readSandboxState(stateDir)!.libs;
  try {
    const topic = `bench-reset-${Date.now()}`;
    const base = Date.now() - 3_600_000;
    await lon.createTopic(topic, P);
    process.stderr.write(`producing 100 records per partition on ${topic} (${P} partitions) ...\n`);
    for (let p = 0; p < P; p++)
      await lon.produce(
        topic,
        Array.from({ length: 100 }, (_, i) => ({ value: `r${i}`, partition: p, timestamp: base + i * 30_000 })),
      );
    const groups = Array.from({ length: G }, (_, i) => `bench-reset-${i}-${Date.now()}`);
    const end = Array.from({ length: P }, (_, partition) => ({ topic, partition, offset: 100n }));
    const commitAll = () => Promise.all(groups.map((g) => lon.commitOffsets(g, end)));
    const at = new Date(base + 50 * 30_000 - 1000).toISOString(); // -> offset 50 on every partition
    const check = async (who: string) => {
      for (const g of groups) {
        const offs = await lon.committedOffsets(g);
        if (offs.length !== P || offs.some((o) => o.offset !== 50n)) throw new Error(`${who}: group ${g} is not at 50 on every partition`);
      }
    };

    await commitAll();
    process.stderr.write(`drctl: one process, ${G} groups x ${P} partitions ...\n`);
    const t0 = Date.now();
    const d = await runCli(['offsets', 'reset', '--cluster', 'LON', ...groups.flatMap((g) => ['--group', g]), '--topic', topic, '--to-datetime', at, '--execute', '--json'], env);
    const drctlMs = Date.now() - t0;
    if (d.code !== 0) throw new Error(`drctl failed: ${d.stderr}`);
    await check('drctl');

    await commitAll();
    process.stderr.write(`kafka-consumer-groups: ${G} invocations ...\n`);
    const t1 = Date.now();
    for (const g of groups) {
      const r = await runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', config.clusters.LON.bootstrapServers[0], '--group', g, '--reset-offsets', '--topic', topic, '--to-datetime', at, '--execute'], libs);
      if (r.code !== 0) throw new Error(`kafka-consumer-groups failed: ${r.stderr}`);
    }
    const javaMs = Date.now() - t1;
    await check('kafka-consumer-groups');

    console.log(`\nbench/reset: ${G} groups x ${P} partitions reset to a datetime with --execute (Kafka ${readSandboxState(stateDir)!.kafkaVersion})\n`);
    console.log(`drctl (one process)                     ${(drctlMs / 1000).toFixed(2).padStart(8)} s`);
    console.log(`kafka-consumer-groups (one per group)   ${(javaMs / 1000).toFixed(2).padStart(8)} s`);
    console.log(`ratio                                   ${(javaMs / drctlMs).toFixed(1).padStart(8)} x   (target: >= 10x)`);
    console.log('both left every group at the same offsets (checked)');
    process.exitCode = javaMs / drctlMs >= 10 ? 0 : 1;
    benchFigures('reset', [{ figure: `offsets reset --execute, ${G} x ${P}`, drctl: drctlMs / 1000, reference: javaMs / 1000, referenceName: 'kafka-consumer-groups per group', unit: 's', target: '>= 10x faster', met: javaMs / drctlMs >= 10 }]);
  } finally {
    await lon.close();
    await release();
  }
}

await main();
process.exit(process.exitCode ?? 0);

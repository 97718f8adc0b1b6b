/**
 * Helpers of the secure-profile tests (test/secure): its state, drctl as the `drctl` principal, gateways as other
 * principals, Kafka's Java tools over SASL_SSL, and nodes to kill.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KafkajsGateway } from '../../src/kafka/kafkajs-gateway.js';
import { readSecureSandboxState, secureBootstrap, secureClusterConfig, secureJavaClientProperties, secureSandboxConfigPath, secureSandboxStop, secureSandboxUp, type SECURE_USERS, type SecureSandboxState } from '../../src/sandbox/secure-sandbox.js';
import { quorumByTool } from './quorum-tool.js';
import { eventually, runCli, runKafkaTool, sandboxStateDir, type RunResult } from './sandbox.js';

/** The profile's state (brought up by test/run.js). */
export const secureState = (): SecureSandboxState => readSecureSandboxState(sandboxStateDir())!;
/** The drctl.yaml the profile wrote (the `drctl` principal over SASL_SSL). */
export const secureConfig = (): string => secureSandboxConfigPath(sandboxStateDir());
/** drctl as the `drctl` principal. */
export const drctl = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> => runCli(args, { DRCTL_CONFIG: secureConfig(), ...env });
/** A gateway to `alias` as `user`. */
export const gatewayAs = (alias: string, user: (typeof SECURE_USERS)[number]): KafkajsGateway => new KafkajsGateway(secureClusterConfig(secureState(), alias, user), { timeoutMs: 20_000, clientId: 'drctl-test' });

/** A variant of the profile's drctl.yaml as another principal, written beside it. */
export function configAs(user: (typeof SECURE_USERS)[number]): string {
  const s = secureState();
  const file = join(s.dir, `drctl-as-${user}.yaml`);
  writeFileSync(
    file,
    readFileSync(secureConfig(), 'utf8')
      .replace(/username: drctl/g, `username: ${user}`)
      .replaceAll(s.passwordFiles.drctl, s.passwordFiles[user]),
    { mode: 0o600 },
  );
  return file;
}

/** Java client properties for `admin`, for Kafka's own tools. */
const adminClientProperties = (): string => secureJavaClientProperties(secureState(), 'admin');

/** kafka-consumer-groups on `alias` as `admin`. */
export const consumerGroupsTool = (alias: string, args: string[]): Promise<RunResult> =>
  runKafkaTool('org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', secureBootstrap(secureState(), alias)[0], '--command-config', adminClientProperties(), ...args], secureState().libs);

/** kafka-topics on `alias` as `admin`. */
export const topicsTool = (alias: string, args: string[]): Promise<RunResult> =>
  runKafkaTool('org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', secureBootstrap(secureState(), alias)[0], '--command-config', adminClientProperties(), ...args], secureState().libs);

/** The controller quorum of `alias` as kafka-metadata-quorum reports it, as `admin`. */
export const quorumOf = (alias: string): Promise<{ leaderId: number; voters: number[] }> => quorumByTool(secureBootstrap(secureState(), alias)[0], adminClientProperties(), secureState().libs);

/** A group's committed offsets per partition of `topic` as kafka-consumer-groups --describe --offsets shows them. */
export async function committedByTool(alias: string, group: string, topic: string): Promise<Record<string, string>> {
  const r = await consumerGroupsTool(alias, ['--describe', '--group', group, '--offsets']);
  if (r.code !== 0) throw new Error(`kafka-consumer-groups failed: ${r.stderr}`);
  const rows = r.stdout
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((x) => x[1] === topic);
  return Object.fromEntries(rows.map((x) => [x[2], x[3]]));
}

/** The node leading partition `partition` of `topic` on `alias`. */
export async function leaderOf(alias: string, topic: string, partition: number): Promise<number> {
  const g = gatewayAs(alias, 'admin');
  try {
    const leader = (await g.topicReplicas([topic])).get(topic)?.[partition]?.leader;
    if (leader === undefined || leader < 0) throw new Error(`${alias} ${topic}-${partition} has no leader`);
    return leader;
  } finally {
    await g.close();
  }
}

/** kill -9 one node of a cluster (or all of its nodes). */
export const killNode = (alias: string, node?: number): Promise<void> => secureSandboxStop(sandboxStateDir(), alias, { node, kill: true });
/** Start whatever of the profile is down and wait until it serves and MM2 replicates. */
export const restartDown = async (): Promise<void> => {
  await secureSandboxUp({ stateDir: sandboxStateDir() });
};

/** Every partition of `topic` on `alias` has all its replicas in sync (so killing one leaves a leader to elect). */
export async function fullyInSync(alias: string, topic: string): Promise<boolean> {
  const g = gatewayAs(alias, 'admin');
  try {
    return ((await g.topicReplicas([topic])).get(topic) ?? []).every((p) => p.leader >= 0 && p.isr.length === p.replicas.length);
  } finally {
    await g.close();
  }
}

/**
 * Run drctl while a killed leader's partitions move. It either succeeds, or fails with one classified line (exit 4,
 * the cluster partly down) having changed nothing (`unchanged` checks), and then the same command, run again once
 * `settled`, succeeds: it finishes or resumes, never leaves a partial silent state.
 */
export async function finishesOrResumes(args: string[], unchanged: () => Promise<void>, settled: () => Promise<boolean>): Promise<{ result: RunResult; attempts: number }> {
  const first = await drctl(args);
  if (first.code === 0) return { result: first, attempts: 1 };
  const err = JSON.parse(first.stdout).error as { kind: string; message: string };
  if (!['unreachable', 'timeout'].includes(err.kind) || err.message.includes('\n')) throw new Error(`not a clear, retriable failure: ${first.stdout}`);
  await unchanged();
  await eventually(settled, 120_000, 'the cluster to settle after the kill');
  return { result: await drctl(args), attempts: 2 };
}

/** Wait until MM2 has created NYC.`topic` on LON and copied every one of its `partitions` up to `end`. */
export async function awaitCopied(lon: KafkajsGateway, topic: string, partitions: number, end: bigint): Promise<void> {
  const remote = Array.from({ length: partitions }, (_, partition) => ({ topic: `NYC.${topic}`, partition }));
  await eventually(async () => (await lon.listTopics()).some((t) => t.name === `NYC.${topic}`) && (await lon.listOffsets(remote, 'latest')).every((o) => o.offset === end), 120_000, 'MM2 to copy the topic');
}

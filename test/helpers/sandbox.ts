/** Helpers for integration tests: the shared sandbox's config and gateways, random names, running the CLI. */
import { createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import type { DrctlConfig } from '../../src/config/types.js';
import type { ClusterGateway } from '../../src/kafka/gateway.js';
import { KafkajsGateway } from '../../src/kafka/kafkajs-gateway.js';
import { readSandboxState } from '../../src/sandbox/sandbox.js';

/** The repository root (tests run from dist/test/...). */
export const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..');

/** The shared sandbox's state dir; integration tests refuse to run without one (use `npm test`). */
export function sandboxStateDir(): string {
  const dir = process.env.DRCTL_STATE_DIR;
  if (!process.env.DRCTL_TEST_SANDBOX || !dir) throw new Error('integration tests need the shared sandbox: run them with `npm test`');
  return dir;
}

/** The sandbox's drctl config. */
export const sandboxConfig = (): DrctlConfig => loadConfig({ env: { ...process.env, DRCTL_STATE_DIR: sandboxStateDir() } });

/** A gateway to a sandbox cluster; close it in `after`. */
export const sandboxGateway = (alias: string, timeoutMs = 15000): ClusterGateway => new KafkajsGateway(sandboxConfig().clusters[alias], { timeoutMs, clientId: 'drctl-test' });

/** The folder of the sandbox's Maven-resolved Kafka jars (for the Java reference tools). */
export const kafkaLibs = (): string => readSandboxState(sandboxStateDir())!.libs;

/** A unique name for a topic or group, so tests can share one sandbox. */
export const randomName = (prefix: string): string => `${prefix}-${randomBytes(4).toString('hex')}`;

/** Poll until `check` returns a value other than undefined/false, or fail after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined | false>, timeoutMs: number, what: string): Promise<T> {
  const end = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${(lastError as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The result of running a process. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Run a command, capturing output. */
export function runProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env, timeoutMs = 120000): Promise<RunResult> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal) stderr += `\n[killed by ${signal} after ${Date.now() - t0} ms]`;
      resolve({ code: code ?? -1, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** Run the built `drctl` executable, as a user would, against the shared sandbox unless `env` says otherwise. */
export const runCli = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunResult> => runProcess(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], { ...process.env, NO_COLOR: '1', ...env });

/**
 * Run a Kafka reference tool from the sandbox's jars: a main class (e.g. kafka-consumer-groups' ConsumerGroupCommand)
 * or a Java source file, which Java's single-file launcher compiles on the fly.
 */
export function runKafkaTool(mainClassOrSource: string, args: string[], libs = kafkaLibs()): Promise<RunResult> {
  const [java, jvm] = javaCommand(libs);
  return runProcess(java, [...jvm, mainClassOrSource, ...args]);
}

/** The java executable and the JVM arguments for a tool on the sandbox's jars (small heap, quiet logging). */
export function javaCommand(libs = kafkaLibs()): [string, string[]] {
  const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  return [java, ['-Xmx256m', '-XX:+UseSerialGC', `-Dlog4j2.configurationFile=${join(libs, '..', 'log4j2.properties')}`, `-Dlog4j.configuration=file:${join(libs, '..', 'log4j.properties')}`, '-cp', join(libs, '*')]];
}

/** RemoteClusterUtils.translateOffsets(target, sourceAlias, group) as sorted "topic partition offset" lines. */
export async function runRemoteClusterUtils(targetBootstrap: string, sourceAlias: string, group: string, libs = kafkaLibs()): Promise<string[]> {
  const r = await runKafkaTool(join(repoRoot, 'test', 'fixtures', 'TranslateOffsets.java'), [targetBootstrap, sourceAlias, group], libs);
  if (r.code !== 0) throw new Error(`RemoteClusterUtils failed: ${r.stderr}`);
  return r.stdout.trim().split('\n').filter(Boolean);
}

/** drctl as a long-running child process (e.g. a continuous canary), with its output collected as it comes. */
export function startDrctl(args: string[]) {
  const child = spawn(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...args], { env: { ...process.env, DRCTL_STATE_DIR: sandboxStateDir(), NO_COLOR: '1' } });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

/**
 * The partitions of the sandbox flow whose RPO `report rpo` cannot measure now, with its reason ("" when every one
 * is measured): a flow-wide figure is unknown as soon as one of them is, so a test that needs one says which.
 */
export async function unmeasuredPartitions(): Promise<string> {
  const r = await runCli(['report', 'rpo', '--flow', 'NYC->LON', '--json', '--max-seconds', '3600']);
  try {
    const parts = (JSON.parse(r.stdout) as { flows: { partitions: { topic: string; partition: number; records: string | null; note: string | null }[] }[] }).flows[0].partitions;
    return parts
      .filter((p) => p.records === null)
      .map((p) => `${p.topic}-${p.partition}: ${p.note}`)
      .join('; ');
  } catch {
    return `report rpo exited ${r.code}: ${r.stderr}`;
  }
}

/** A port nothing listens on right now (for a metrics server). */
export const freePort = (): Promise<number> =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

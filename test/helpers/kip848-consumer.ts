/**
 * A live application consumer on the new group protocol (KIP-848): the Java consumer in
 * test/fixtures/Kip848Consumer.java, run from the sandbox's jars, since kafkajs cannot join such a group. It stands
 * in for the operator's applications; drctl itself never consumes with a group.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { eventually, javaCommand, repoRoot } from './sandbox.js';

/** One record the consumer consumed and committed. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: bigint;
  value: string;
}

/** A running KIP-848 consumer. */
export interface Kip848Consumer {
  /** What it consumed so far, each record committed before it is listed. */
  readonly records: ConsumedRecord[];
  /** Resolves once the coordinator assigned it partitions (the group has a member with an assignment). */
  assigned(timeoutMs?: number): Promise<void>;
  /** Resolves once it has consumed at least `n` records. */
  consumed(n: number, timeoutMs?: number): Promise<void>;
  /** Leave the group and exit (also when it already stopped at its record limit). */
  stop(): Promise<void>;
  /** Its stderr, for failure messages. */
  stderr(): string;
}

/** Start a KIP-848 consumer of `topic` in `group`; it stops by itself after `maxRecords` (-1: no limit). */
export function startKip848Consumer(bootstrap: string, topic: string, group: string, maxRecords = -1): Kip848Consumer {
  const [java, jvm] = javaCommand();
  const child = spawn(java, [...jvm, join(repoRoot, 'test', 'fixtures', 'Kip848Consumer.java'), bootstrap, topic, group, String(maxRecords)], { stdio: ['pipe', 'pipe', 'pipe'] });
  const records: ConsumedRecord[] = [];
  let isAssigned = false;
  let err = '';
  let buffered = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  child.stderr.on('data', (d) => (err += d));
  child.stdout.on('data', (d) => {
    buffered += d;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const [kind, ...rest] = line.split(' ');
      if (kind === 'ASSIGNED' && rest.join('').length > 0) isAssigned = true;
      if (kind === 'RECORD') records.push({ topic: rest[0], partition: Number(rest[1]), offset: BigInt(rest[2]), value: rest.slice(3).join(' ') });
    }
  });
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    records,
    assigned: (timeoutMs = 60_000) => eventually(async () => isAssigned || (!alive() && Promise.reject(new Error(`KIP-848 consumer exited: ${err.slice(-2000)}`))), timeoutMs, `KIP-848 consumer of ${group} assigned`).then(() => undefined),
    consumed: (n, timeoutMs = 60_000) => eventually(async () => records.length >= n, timeoutMs, `KIP-848 consumer of ${group} consumed ${n} records (has ${records.length})`).then(() => undefined),
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
    },
    stderr: () => err,
  };
}

/**
 * Resolves Apache Kafka's jars (broker, MirrorMaker 2, kafka-tools, connect-mirror-client) with Maven into a
 * per-version cache folder, once. The pom next to this file lists them; 3.x gets reload4j logging, 4.x log4j2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DrctlError, usageError } from '../errors.js';
import { cacheRoot } from '../config/cache-dir.js';
import { requireMaven } from './prerequisites.js';
import { installRoot } from './install-root.js';

/** The Kafka version the sandbox runs unless told otherwise. */
export const DEFAULT_KAFKA_VERSION = '4.3.1';

/** Shorthands accepted by --kafka-version / KAFKA_VERSION, mapped to the pinned patch release. */
const ALIASES: Record<string, string> = { '4': DEFAULT_KAFKA_VERSION, '4.x': DEFAULT_KAFKA_VERSION, '4.3': '4.3.1', '4.3.x': '4.3.1', '3.9': '3.9.1', '3.9.x': '3.9.1' };

/** Resolve a requested version ("3.9.x", "4.3.1", undefined) to an exact one; 3.9+ only (KRaft with MM2 fixes). */
export function resolveKafkaVersion(requested?: string): string {
  const v = (requested ?? '').trim() || DEFAULT_KAFKA_VERSION;
  const exact = ALIASES[v] ?? v;
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(exact);
  if (!m) throw usageError(`"${v}" is not a Kafka version`, 'use e.g. 4.3.1, 3.9.1, or 3.9.x');
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < 3 || (major === 3 && minor < 9)) throw usageError(`Kafka ${exact} is not supported by the sandbox`, 'use 3.9.x or 4.x');
  return exact;
}

/** Major version of an exact version string. */
export const kafkaMajor = (version: string): number => Number(version.split('.')[0]);

/** The pom shipped in src/sandbox. */
function pomPath(): string {
  const p = join(installRoot(), 'src', 'sandbox', 'pom.xml');
  if (existsSync(p)) return p;
  throw new DrctlError('DRCTL_INTERNAL', 'src/sandbox/pom.xml is missing from this installation');
}

/** Ensure the jars for `version` are in the cache, resolving them with Maven if needed; returns the libs folder. */
export function ensureKafkaJars(version: string, env: NodeJS.ProcessEnv = process.env, log: (m: string) => void = () => {}): string {
  const dir = join(cacheRoot(env), `kafka-${version}`, 'libs');
  const marker = join(dir, '.complete');
  if (existsSync(marker)) return dir;
  const mvn = requireMaven(env);
  log(`resolving Apache Kafka ${version} jars with Maven into ${dir} (once) ...`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const args = ['-B', '-q', '-f', pomPath(), `-Dkafka.version=${version}`, `-Dlibs.dir=${dir}`];
  if (kafkaMajor(version) < 4) args.push('-Dkafka3');
  args.push('dependency:copy-dependencies');
  const r = spawnSync(mvn, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    const why = `${r.stdout}${r.stderr}`.split('\n').find((l) => l.includes('[ERROR]')) ?? r.error?.message ?? `exit ${r.status}`;
    throw new DrctlError('DRCTL_PREREQUISITE', `Maven could not resolve Kafka ${version}: ${why.replace(/\u001b\[[0-9;]*m/g, '').trim()}`, {
      hint: 'check network access to Maven Central and the version number',
      retriable: true,
    });
  }
  const jars = readdirSync(dir).filter((f) => f.endsWith('.jar'));
  if (!jars.some((j) => j.startsWith('kafka_2.13-')) || !jars.some((j) => j.startsWith('connect-mirror-'))) {
    throw new DrctlError('DRCTL_PREREQUISITE', `Maven finished but ${dir} lacks the Kafka jars`);
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  return dir;
}

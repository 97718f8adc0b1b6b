/** Checks for the sandbox's prerequisites (Java 17+ and Maven), with one-line errors that say what to install. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { DrctlError } from '../errors.js';

/** The java executable: $JAVA_HOME/bin/java when JAVA_HOME is set, else `java` on the PATH. */
export const javaCommand = (env: NodeJS.ProcessEnv = process.env): string => (env.JAVA_HOME ? join(env.JAVA_HOME, 'bin', 'java') : 'java');

/** The Java feature version from `java -version` output ("17.0.15", "1.8.0_392" -> 8), or undefined. */
export function parseJavaMajor(versionOutput: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionOutput);
  if (!m) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] ? Number(m[2]) : first;
}

/** Throw DRCTL_PREREQUISITE unless Java 17+ runs. */
export function requireJava17(env: NodeJS.ProcessEnv = process.env): string {
  const java = javaCommand(env);
  const r = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    throw new DrctlError('DRCTL_PREREQUISITE', `Java not found (tried "${java}")`, {
      hint: 'the sandbox runs Apache Kafka and needs Java 17 or newer: install a JDK 17+ or set JAVA_HOME',
    });
  }
  const major = parseJavaMajor(`${r.stderr}${r.stdout}`);
  if (major === undefined || major < 17) {
    throw new DrctlError('DRCTL_PREREQUISITE', `Java ${major ?? '(unknown version)'} found at "${java}", but Kafka needs Java 17+`, {
      hint: 'install a JDK 17+ or point JAVA_HOME at one',
    });
  }
  return java;
}

/** Throw DRCTL_PREREQUISITE unless Maven runs. */
export function requireMaven(env: NodeJS.ProcessEnv = process.env): string {
  const mvn = env.DRCTL_MVN || 'mvn';
  const r = spawnSync(mvn, ['-v'], { encoding: 'utf8', env });
  if (r.error || r.status !== 0) {
    throw new DrctlError('DRCTL_PREREQUISITE', `Maven not found (tried "${mvn}")`, {
      hint: 'the sandbox resolves Kafka jars from Maven Central with Maven: install Maven 3.6+ (or set DRCTL_MVN)',
    });
  }
  return mvn;
}

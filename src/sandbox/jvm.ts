/**
 * How every sandbox JVM (brokers, MirrorMaker 2, the storage tool) starts: a small serial-GC heap, the Kafka jars on
 * the classpath, and quiet logging through the log4j config of the Kafka version's generation.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG4J1_PROPERTIES, LOG4J2_PROPERTIES } from './configs.js';
import { kafkaMajor } from './jars.js';

/**
 * A broker's heap (both profiles). At 512 MB, a broker holding the benches' 6,000 partitions spent 13 s in 24 full
 * collections (serial GC, old generation full) and stalled requests for up to 0.7 s; 1 GB is reserved only as it is
 * used.
 */
export const BROKER_HEAP_MB = 1024;
/**
 * MirrorMaker 2's heap (a dedicated process or a Connect worker, both profiles). At 512 MB, MM2 mirroring 20,000
 * partitions (bench/rpo-large) spent 410 s in 221 full collections and copied nothing.
 */
export const MIRROR_HEAP_MB = 1024;

/** The java arguments before the main class (`extra`: more JVM flags, e.g. for a faster start). */
export function kafkaJvmArgs(kafkaVersion: string, libs: string, heapMb = 512, extra: readonly string[] = []): string[] {
  const dir = join(libs, '..');
  const logging = kafkaMajor(kafkaVersion) >= 4 ? [`-Dlog4j2.configurationFile=${join(dir, 'log4j2.properties')}`] : [`-Dlog4j.configuration=file:${join(dir, 'log4j.properties')}`];
  return ['-Xms64m', `-Xmx${heapMb}m`, '-XX:+UseSerialGC', ...extra, '-Djava.awt.headless=true', ...logging, '-cp', join(libs, '*')];
}

/** Write both log4j configs next to the jars (the JVM picks the one its Kafka version reads). */
export function writeLogConfigs(libs: string): void {
  writeFileSync(join(libs, '..', 'log4j2.properties'), LOG4J2_PROPERTIES);
  writeFileSync(join(libs, '..', 'log4j.properties'), LOG4J1_PROPERTIES);
}

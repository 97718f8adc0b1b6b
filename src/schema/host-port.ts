/**
 * host:port, the one address form Kafka clients accept in bootstrap servers (drctl.yaml and MM2 properties alike).
 * Checked at load, because kafkajs takes "nyc-kafka" without complaint and fails at connect time with port NaN,
 * which looks like an unreachable cluster (exit 4) instead of a typo in a file (exit 2).
 */
import * as z from 'zod';

/** What is wrong with a bootstrap address, or undefined when it is a usable host:port (port 1..65535). */
export function hostPortProblem(s: string): string | undefined {
  const m = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]]+):([^:]*)$/.exec(s);
  if (!m) return `${JSON.stringify(s)} is not host:port`;
  const port = m[2];
  if (!/^\d{1,5}$/.test(port) || Number(port) < 1 || Number(port) > 65535) return `${JSON.stringify(s)} is not host:port: the port must be a number from 1 to 65535`;
  return undefined;
}

/** Kafka's `bootstrap.servers` list syntax: comma-separated, blanks around commas ignored. */
export const splitServers = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * A list of bootstrap servers, each host:port. A bad entry is an issue of the whole setting (not of its index):
 * the user wrote one string, and the message quotes the entry.
 */
export const bootstrapServers = z.array(z.string()).transform((servers, ctx) => {
  if (servers.length === 0) {
    ctx.issues.push({ code: 'custom', message: 'names no server', input: servers, params: { hint: 'e.g. kafka-1.nyc.example.com:9092,kafka-2.nyc.example.com:9092' } });
    return z.NEVER;
  }
  for (const s of servers) {
    const problem = hostPortProblem(s);
    if (problem) {
      ctx.issues.push({ code: 'custom', message: problem, input: s, params: { hint: 'e.g. kafka-1.nyc.example.com:9092' } });
      return z.NEVER;
    }
  }
  return servers;
});

/** `bootstrap.servers` as one property string. */
export const bootstrapServersProperty = z.string().transform(splitServers).pipe(bootstrapServers);

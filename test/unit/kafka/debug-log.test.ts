/**
 * DRCTL_DEBUG's kafkajs log lines: drctl's raw requests answer with bigint offsets, which kafkajs logs with the
 * response. A failover of 200 groups under DRCTL_DEBUG failed ("Do not know how to serialize a BigInt") before the
 * log wrote bigints as strings. Secrets stay redacted.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stderrLogCreator } from '../../../src/kafka/kafkajs-gateway.js';

/** The line the logger writes for one entry. */
function logLine(log: { message: string } & Record<string, unknown>): string {
  const write = process.stderr.write;
  let out = '';
  process.stderr.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stderr.write;
  try {
    stderrLogCreator()({ namespace: 'Connection', level: 5, log });
  } finally {
    process.stderr.write = write;
  }
  return out;
}

describe('DRCTL_DEBUG kafkajs log', () => {
  it('writes a response holding bigint offsets, as decimal strings', () => {
    const line = logLine({ message: 'Response OffsetFetch(key: 9, version: 8)', payload: { groups: [{ topics: [{ partitions: [{ offset: 9007199254740993n }] }] }] } });
    assert.match(line, /^kafkajs DEBUG \[Connection\] Response OffsetFetch/);
    assert.match(line, /"offset":"9007199254740993"/);
  });
  it('redacts secrets', () => {
    const line = logLine({ message: 'connecting', sasl: { mechanism: 'scram-sha-512', password: 'hunter2' } });
    assert.doesNotMatch(line, /hunter2/);
    assert.match(line, /"password":"\[redacted\]"/);
  });
});

import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { BROKER_DOWN_ERRORS, RETRIABLE_LEADER_ERRORS } from '../../../src/kafka/kafkajs-gateway.js';

const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error') as { errorCodes: { type: string; code: number }[] };

describe('the error types the gateway waits out', () => {
  it('are all names kafkajs gives its protocol errors (a Java name would never match)', () => {
    const known = new Set(errorCodes.map((e) => e.type));
    for (const t of [...RETRIABLE_LEADER_ERRORS, ...BROKER_DOWN_ERRORS]) assert.ok(known.has(t), `${t} is not a kafkajs error type`);
  });

  it('cover the coordinator moving or loading (codes 14, 15, 16) and a leader moving (6)', () => {
    const byCode = new Map(errorCodes.map((e) => [e.code, e.type]));
    for (const code of [6, 14, 15, 16]) assert.ok(RETRIABLE_LEADER_ERRORS.has(byCode.get(code)!), `code ${code} (${byCode.get(code)})`);
  });
});

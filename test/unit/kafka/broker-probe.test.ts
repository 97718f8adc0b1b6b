import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { anyBrokerAccepts } from '../../../src/kafka/kafkajs-gateway.js';

/** A port that was just free: a listener bound and closed again. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('anyBrokerAccepts tells one broker down from all of them', () => {
  it('true when one of the brokers accepts a connection, though the others refuse', async () => {
    const live = createServer((c) => c.destroy());
    await new Promise<void>((r) => live.listen(0, '127.0.0.1', r));
    try {
      const port = (live.address() as AddressInfo).port;
      assert.equal(await anyBrokerAccepts([`127.0.0.1:${await closedPort()}`, `127.0.0.1:${port}`]), true);
    } finally {
      await new Promise((r) => live.close(r));
    }
  });
  it('false when every broker refuses, and for no brokers', async () => {
    assert.equal(await anyBrokerAccepts([`127.0.0.1:${await closedPort()}`, `127.0.0.1:${await closedPort()}`]), false);
    assert.equal(await anyBrokerAccepts([]), false);
  });
});

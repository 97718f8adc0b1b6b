/**
 * `--timeout` bounds the whole wait, connection close included, against a listener that accepts TCP and never
 * answers (before: 10.7-14.5 s for --timeout 1s, 31-34 s with SASL and --timeout 2s). No broker needed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../helpers/sandbox.js';

describe('--timeout against a listener that is not Kafka', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drctl-timeout-'));
  const sockets = new Set<Socket>();
  let server: Server;
  let port = 0;
  before(async () => {
    server = createServer((s) => {
      sockets.add(s);
      s.on('error', () => {});
      s.on('data', () => {}); // reads every request, answers none
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const config = (name: string, extra: string[]) => {
    const file = join(dir, `${name}.yaml`);
    const cluster = (alias: string) => [`  ${alias}:`, `    bootstrap: 127.0.0.1:${port}`, ...extra.map((l) => `    ${l}`)];
    writeFileSync(file, ['clusters:', ...cluster('NYC'), ...cluster('LON'), 'flows:', '  - "NYC->LON"', ''].join('\n'));
    return file;
  };
  // The CLI's own start-up (Node, oclif) is on top of the timeout; 2.5 s of slack covers it on a busy 2-core machine.
  const SLACK_MS = 2500;
  const cases: [string, string[], string, string[]][] = [
    ['plaintext, --timeout 1s', [], '1s', ['status']],
    ['SASL configured, --timeout 2s', ['sasl:', '  mechanism: scram-sha-512', '  username: drctl', '  password: ${DRCTL_TEST_PW}'], '2s', ['status']],
    ['a read command, --timeout 1s', [], '1s', ['report', 'rpo']],
  ];
  for (const [name, extra, timeout, args] of cases) {
    it(`${name}: exit 4 within the timeout`, async () => {
      const r = await runCli([...args, '--config', config(name.replace(/\W+/g, '-'), extra), '--timeout', timeout], { DRCTL_TEST_PW: 'x', DRCTL_STATE_DIR: join(dir, 'state') });
      assert.equal(r.code, 4, r.stderr);
      const limit = (timeout === '1s' ? 1000 : 2000) + SLACK_MS;
      assert.ok(r.ms < limit, `took ${r.ms} ms, more than ${limit} ms`);
    });
  }
});

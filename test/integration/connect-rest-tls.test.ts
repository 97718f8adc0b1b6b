/**
 * The Connect REST API over https: a worker whose certificate comes from a private CA (made with keytool, as the
 * secure sandbox makes its brokers'). Without the CA drctl says it is a TLS problem (exit 4, kind tls) with the
 * way out; with NODE_EXTRA_CA_CERTS naming the CA it talks to the worker.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConnectRest } from '../../src/connect/connect-rest.js';
import { isDrctlError } from '../../src/errors.js';
import { ensureSandboxPki } from '../../src/sandbox/pki.js';
import { requireJava17 } from '../../src/sandbox/prerequisites.js';
import { runCli } from '../helpers/sandbox.js';

describe('Connect REST over https with a private CA', () => {
  let server: Server;
  let url = '';
  let caPem = '';
  before(async () => {
    const pki = ensureSandboxPki(mkdtempSync(join(tmpdir(), 'drctl-connect-tls-')), requireJava17(), []);
    caPem = pki.caPem;
    // A worker that runs no connector: GET / and GET /connectors answer as Connect does.
    server = createServer({ pfx: readFileSync(pki.brokerKeystore), passphrase: readFileSync(pki.storePasswordFile, 'utf8') }, (req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(req.url?.startsWith('/connectors') ? '{}' : JSON.stringify({ version: '4.3.1', commit: 'x', kafka_cluster_id: 'c' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://localhost:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a certificate drctl does not trust is a TLS error with the way out, not an unreachable worker', async () => {
    await assert.rejects(new ConnectRest({ url }, 5000).root(), (e: unknown) => isDrctlError(e) && e.kind === 'tls' && /NODE_EXTRA_CA_CERTS/.test(e.hint ?? ''));
    const r = await runCli(['mirror', 'status', '--connect', url, '--flow', 'NYC->LON']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, new RegExp(`^error: Connect ${url.replace(/\./g, '\\.')}: TLS handshake failed \\(`));
  });

  it('with NODE_EXTRA_CA_CERTS naming the CA, drctl talks to the worker (no connectors there: NO-GO, exit 1)', async () => {
    const r = await runCli(['mirror', 'status', '--connect', url, '--flow', 'NYC->LON', '--json'], { NODE_EXTRA_CA_CERTS: caPem });
    assert.equal(r.code, 1, r.stderr);
    const health = JSON.parse(r.stdout) as { verdict: string; connectors: { problems: string[] }[] };
    assert.equal(health.verdict, 'NO-GO');
    assert.match(health.connectors[0].problems.join(' '), /not deployed|missing/);
  });
});

/**
 * The HTTP endpoint of drctl's long-running commands (canary, agent): Prometheus metrics from a prom-client registry
 * on `/metrics`, and `/healthz` (200 while healthy, 503 with the reason otherwise) for a supervisor or a probe.
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';
import { preconditionError } from '../errors.js';

/** The health `/healthz` reports. */
export interface Health {
  ok: boolean;
  detail: string;
}

/**
 * Serve `registry` on `port` (127.0.0.1 unless `host` is given). A port that is taken or needs privileges is a
 * precondition (exit 3): the command refuses to start rather than run without the metrics it was asked for.
 */
export function serveMetrics(registry: Registry, port: number, host = '127.0.0.1', health: () => Health = () => ({ ok: true, detail: 'running' })): Promise<Server> {
  const server = createServer((req, res) => {
    const path = req.url?.split('?')[0];
    if (path === '/metrics') {
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (e: Error) => res.writeHead(500).end(`${e.message}\n`),
      );
      return;
    }
    if (path === '/healthz') {
      const h = health();
      res.writeHead(h.ok ? 200 : 503, { 'content-type': 'application/json' }).end(`${JSON.stringify(h)}\n`);
      return;
    }
    res.writeHead(404).end('not found: try /metrics or /healthz\n');
  });
  return new Promise((resolve, reject) => server.once('error', (e) => reject(listenError(e, port, host))).listen(port, host, () => resolve(server)));
}

/** Why the metrics server could not listen, as an error the operator can act on. */
function listenError(e: NodeJS.ErrnoException, port: number, host: string): Error {
  if (e.code === 'EADDRINUSE') return preconditionError('DRCTL_PRECONDITION', `port ${port} is in use`, `pick another --metrics-port, or stop what listens on ${host}:${port}`);
  if (e.code === 'EACCES') return preconditionError('DRCTL_PRECONDITION', `port ${port} needs privileges to listen on`, 'pick a --metrics-port above 1023');
  if (e.code === 'EADDRNOTAVAIL') return preconditionError('DRCTL_PRECONDITION', `cannot listen on ${host}:${port}: no such local address`, 'serve the metrics on an address of this machine');
  return e;
}

/**
 * A client of the Kafka Connect REST API, as far as MirrorMaker 2 on Connect needs it: the worker's identity, the
 * connectors with their status and config, create-or-update, pause, resume, stop and the KIP-875 offsets. Every call
 * is bounded by the deadline it is given; failures become DrctlErrors by kind (unreachable, timeout, authentication,
 * authorization, refused by Connect with its own message).
 */
import { DrctlError } from '../errors.js';

/** Where a Connect cluster's REST API is, and how to log in (basic auth, as Connect's JAAS REST extension asks). */
export interface ConnectTarget {
  url: string;
  username?: string;
  password?: string;
}

/** The Connect target of a `connect:` entry of drctl.yaml: the password comes from DRCTL_CONNECT_PASSWORD, never the file. */
export const configuredConnect = (entry: { url: string; username?: string }, env: NodeJS.ProcessEnv = process.env): ConnectTarget => ({
  url: entry.url,
  ...(entry.username !== undefined ? { username: entry.username, password: env.DRCTL_CONNECT_PASSWORD ?? '' } : {}),
});

/** Node's codes for a certificate it refused. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS|ERR_SSL|DEPTH_ZERO/;

/** A connector's or task's state as Connect reports it. */
export type ConnectState = 'UNASSIGNED' | 'RUNNING' | 'PAUSED' | 'FAILED' | 'RESTARTING' | 'STOPPED';

/** `GET /connectors/{name}/status`. */
export interface ConnectorStatus {
  name: string;
  connector: { state: ConnectState; worker_id: string; trace?: string };
  tasks: { id: number; state: ConnectState; worker_id: string; trace?: string }[];
  type: string;
}

/** One entry of `GET /connectors?expand=status&expand=info`. */
export interface ExpandedConnector {
  status: ConnectorStatus;
  info: { name: string; config: Record<string, string>; tasks: { connector: string; task: number }[]; type: string };
}

/** One KIP-875 offset of a connector. */
export interface ConnectorOffset {
  partition: Record<string, unknown>;
  offset: Record<string, unknown> | null;
}

/** The Connect REST API of one cluster. */
export class ConnectRest {
  private readonly base: string;

  constructor(
    private readonly target: ConnectTarget,
    private readonly timeoutMs: number,
  ) {
    let url: URL | null = null;
    try {
      url = new URL(target.url);
    } catch {
      /* not a URL */
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new DrctlError('DRCTL_USAGE', `--connect ${target.url}: not a URL`, { hint: 'pass the REST URL of a Connect worker, e.g. http://connect-1:8083' });
    this.base = target.url.replace(/\/+$/, '');
  }

  /** `GET /`: the worker's version and the Kafka cluster it stores its state in. */
  async root(): Promise<{ version: string; commit: string; kafka_cluster_id: string }> {
    return (await this.call('GET', '/')).body as { version: string; commit: string; kafka_cluster_id: string };
  }

  /** Every connector with its status and info (config, tasks). */
  async connectors(): Promise<Record<string, ExpandedConnector>> {
    return (await this.call('GET', '/connectors?expand=status&expand=info')).body as Record<string, ExpandedConnector>;
  }

  /** Create or update a connector's config: true when it was created. */
  async putConfig(name: string, config: Record<string, string>): Promise<boolean> {
    return (await this.call('PUT', `/connectors/${encodeURIComponent(name)}/config`, config)).status === 201;
  }

  /** A connector's status, or null when there is no such connector. */
  async status(name: string): Promise<ConnectorStatus | null> {
    const r = await this.call('GET', `/connectors/${encodeURIComponent(name)}/status`, undefined, [404]);
    return r.status === 404 ? null : (r.body as ConnectorStatus);
  }

  /** Pause, resume (also leaves STOPPED) or stop (0 tasks, offsets kept) a connector. */
  async setState(name: string, action: 'pause' | 'resume' | 'stop'): Promise<void> {
    await this.call('PUT', `/connectors/${encodeURIComponent(name)}/${action}`);
  }

  /** Remove a connector (its offsets stay in the worker's offset topic). */
  async delete(name: string): Promise<void> {
    await this.call('DELETE', `/connectors/${encodeURIComponent(name)}`, undefined, [404]);
  }

  /** A connector's KIP-875 offsets (Connect 3.5+). */
  async offsets(name: string): Promise<ConnectorOffset[]> {
    return ((await this.call('GET', `/connectors/${encodeURIComponent(name)}/offsets`)).body as { offsets: ConnectorOffset[] }).offsets;
  }

  private async call(method: string, path: string, body?: unknown, accept: number[] = []): Promise<{ status: number; body: unknown }> {
    const where = `Connect ${this.base}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.target.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${this.target.username}:${this.target.password ?? ''}`).toString('base64')}`;
    let res: Response;
    try {
      res = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === 'TimeoutError' || err.name === 'AbortError')
        throw new DrctlError('DRCTL_TIMEOUT', `${where}: ${method} ${path} timed out after ${this.timeoutMs} ms`, { hint: 'is the worker overloaded or rebalancing? raise --timeout', retriable: true });
      const cause = err.cause as { code?: string; message?: string } | undefined;
      // A certificate Node does not trust (a private CA), or a name it does not match: a TLS problem, not a dead worker.
      if (cause?.code && TLS_CODES.test(cause.code))
        throw new DrctlError('DRCTL_TLS', `${where}: TLS handshake failed (${cause.code}${cause.message ? `: ${cause.message}` : ''})`, {
          hint: "a worker certificate from a private CA: start drctl with NODE_EXTRA_CA_CERTS=/path/to/ca.pem; a name mismatch: use the name in the worker's certificate",
          cause: e,
        });
      throw new DrctlError('DRCTL_UNREACHABLE', `${where}: cannot connect (${cause?.code ?? cause?.message ?? err.message})`, { hint: 'check the URL and that a Connect worker listens there (its `listeners` setting)', retriable: true, cause: e });
    }
    const text = await res.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      parsed = text;
    }
    if (res.ok || accept.includes(res.status)) return { status: res.status, body: parsed };
    const message = (parsed as { message?: string } | null)?.message ?? (typeof parsed === 'string' ? parsed.slice(0, 200) : res.statusText);
    const first = String(message).split('\n')[0];
    if (res.status === 401) throw new DrctlError('DRCTL_AUTH_FAILED', `${where}: ${method} ${path}: 401 ${first}`, { hint: 'pass the REST user and password Connect expects (connect.username / connect.password)' });
    if (res.status === 403) throw new DrctlError('DRCTL_NOT_AUTHORIZED', `${where}: ${method} ${path}: 403 ${first}`, { hint: 'the REST user may not do this' });
    // 409: a rebalance is under way, or the leader is unknown: Connect asks to try again.
    if (res.status === 409) throw new DrctlError('DRCTL_TIMEOUT', `${where}: ${method} ${path}: 409 ${first}`, { hint: 'the Connect cluster is rebalancing: run the same command again in a few seconds', retriable: true });
    throw new DrctlError('DRCTL_CONNECT_REFUSED', `${where}: ${method} ${path}: ${res.status} ${first}`, { hint: res.status >= 500 ? "see the worker's log" : 'Connect refused the request as sent' });
  }
}

/**
 * Translates kafkajs failures into DrctlErrors with the exit codes of DESIGN.md, so commands never show raw
 * protocol errors or stack traces. The only place that knows kafkajs's error names.
 */
import { aclHint } from './acl-hint.js';
import { DrctlError, isDrctlError } from '../errors.js';

/** Protocol error types meaning "the group has live members" when an admin-style commit is refused. */
const GROUP_ACTIVE_TYPES = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'STALE_MEMBER_EPOCH', 'FENCED_MEMBER_EPOCH', 'UNRELEASED_INSTANCE_ID']);

interface KafkaJsLike {
  name?: string;
  type?: string;
  message?: string;
  retriable?: boolean;
  code?: string;
  originalError?: unknown;
  cause?: unknown;
}

/** The innermost kafkajs error (NumberOfRetriesExceeded wraps the real one). */
function root(e: KafkaJsLike): KafkaJsLike {
  let cur = e;
  for (let i = 0; i < 5 && cur?.originalError; i++) cur = cur.originalError as KafkaJsLike;
  return cur;
}

/** TLS failures a client sees when the certificate chain, its dates or its names are wrong. */
/** The broker's TLS alert when it does not accept the client's certificate (alerts 42 to 46 and 48). */
const CLIENT_CERT_REFUSED = /alert (bad certificate|certificate unknown|certificate expired|certificate revoked|unsupported certificate|unknown ca)/i;
const TLS_PROBLEM = /certificate|self[- ]signed|unable to verify|unable to get (local )?issuer|altnames|CERT_|SSL routines|wrong version number|tlsv1 alert|handshake failure|EPROTO/i;
/** Node's check of the server's name against the certificate's subject alternative names. */
const HOSTNAME_MISMATCH = /does not match certificate's altnames/i;
/** A TLS client talking to a listener that does not speak TLS: the broker drops the ClientHello. */
const NOT_TLS_LISTENER = /before secure TLS connection was established/i;

/**
 * Map any error thrown by kafkajs (or the network) to a DrctlError for the cluster `alias`, classified by kind.
 * Only a failure to reach the brokers (refused, reset, no route, DNS, connect timeout) is `unreachable`; the cluster
 * refusing our credentials, certificate or protocol is authentication, TLS or protocol, so that no caller mistakes
 * a misconfiguration for an outage.
 */
export function translateKafkaError(e: unknown, alias: string, op: string, bootstrap?: readonly string[], principal?: string): DrctlError {
  if (isDrctlError(e)) return e;
  const err = (e ?? {}) as KafkaJsLike;
  const inner = root(err);
  const name = inner.name ?? err.name ?? '';
  const msg = inner.message ?? err.message ?? String(e);
  const code = inner.code ?? err.code ?? '';
  const where = bootstrap ? ` (${bootstrap.join(',')})` : '';
  if (name === 'KafkaJSSASLAuthenticationError' || (/SASL|authentication/i.test(msg) && /fail/i.test(msg))) {
    return new DrctlError('DRCTL_AUTH_FAILED', `${alias}: authentication failed: ${firstLine(msg)}`, {
      hint: `check the SASL mechanism, username and password configured for ${alias}`,
      cause: e,
    });
  }
  if (inner.type === 'ILLEGAL_SASL_STATE') {
    return new DrctlError('DRCTL_PROTOCOL', `${alias}: the listener${where} does not speak SASL (the broker answered ${inner.type})`, {
      hint: `point ${alias}'s bootstrap at its SASL_SSL or SASL_PLAINTEXT listener, or remove sasl: from its config`,
      cause: e,
    });
  }
  if (inner.type === 'UNSUPPORTED_SASL_MECHANISM') {
    return new DrctlError('DRCTL_AUTH_FAILED', `${alias}: the listener${where} does not enable this SASL mechanism (${inner.type})`, {
      hint: `set clusters.${alias}.sasl.mechanism to one the listener enables (sasl.enabled.mechanisms on the broker)`,
      cause: e,
    });
  }
  if (NOT_TLS_LISTENER.test(msg)) {
    return new DrctlError('DRCTL_PROTOCOL', `${alias}: the listener${where} does not speak TLS: ${firstLine(msg)}`, {
      hint: `point ${alias}'s bootstrap at its SSL or SASL_SSL listener, or remove tls: from its config`,
      cause: e,
    });
  }
  if (CLIENT_CERT_REFUSED.test(msg)) {
    return new DrctlError('DRCTL_TLS', `${alias}: the brokers refused drctl's client certificate${where} (TLS alert "${CLIENT_CERT_REFUSED.exec(msg)![1]}"): it is expired or not yet valid, or not signed by a CA they trust`, {
      hint: `check the certificate in clusters.${alias}.tls (pfxFile, or certFile and keyFile): its validity dates and its issuer`,
      cause: e,
    });
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || HOSTNAME_MISMATCH.test(msg)) {
    const names = /cert's (?:list|altnames): (.*)$/.exec(firstLine(msg))?.[1];
    return new DrctlError('DRCTL_TLS', `${alias}: the broker's certificate is not for the host drctl connected to${where}${names ? `; it names ${names}` : ''}`, {
      hint: `connect to ${alias} by a name its certificate lists (clusters.${alias}.bootstrap), or re-issue the brokers' certificates with that name as a subject alternative name`,
      cause: e,
    });
  }
  if (TLS_PROBLEM.test(msg) || /^ERR_TLS|^CERT_|SELF_SIGNED|UNABLE_TO_/.test(code)) {
    return new DrctlError('DRCTL_TLS', `${alias}: TLS handshake failed${where}: ${firstLine(msg.replace(/^Connection error: /, ''))}`, {
      hint: `check clusters.${alias}.tls: the CA file must sign the brokers' certificates, which must be valid now and name the host in the bootstrap`,
      cause: e,
    });
  }
  if (name === 'KafkaJSConnectionClosedError' || /^Closed connection$/.test(msg)) {
    // The broker took the TCP connection and then closed it on our first request, every retry: a down broker
    // refuses or resets instead. The listener expects TLS or SASL that this client does not use.
    return new DrctlError('DRCTL_PROTOCOL', `${alias}: the broker closed the connection on the first request${where}: the listener likely expects TLS or SASL that ${alias}'s config does not use`, {
      hint: `check the security protocol of the listener in ${alias}'s bootstrap (PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL) against clusters.${alias}.tls and .sasl`,
      cause: e,
    });
  }
  if (inner.type && /AUTHORIZATION_FAILED/.test(inner.type)) {
    return new DrctlError('DRCTL_NOT_AUTHORIZED', `${alias}: not authorized to ${op} (${inner.type})`, {
      hint: aclHint(op, alias, principal ?? null),
      cause: e,
    });
  }
  if (inner.type && GROUP_ACTIVE_TYPES.has(inner.type) && op.startsWith('commit')) {
    return new DrctlError('DRCTL_GROUP_ACTIVE', `${alias}: ${op}: group is active (the broker refused the commit: ${inner.type})`, {
      hint: 'stop every consumer of the group, wait until it is Empty, then retry',
      cause: e,
    });
  }
  if (inner.type === 'OFFSET_OUT_OF_RANGE') {
    return new DrctlError('DRCTL_PRECONDITION', `${alias}: ${op}: offset out of range`, { hint: 'the records were deleted (retention or DeleteRecords); start from the log start offset', cause: e });
  }
  if (inner.type === 'UNKNOWN_TOPIC_OR_PARTITION') {
    return new DrctlError('DRCTL_UNKNOWN_TOPIC', `${alias}: ${op}: unknown topic or partition`, { hint: 'check the topic name and partition numbers', cause: e });
  }
  if (name === 'KafkaJSConnectionError' || name === 'KafkaJSBrokerNotFound' || name === 'KafkaJSNoBrokerAvailableError' || /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EAI_AGAIN|Connection timeout/i.test(msg)) {
    return new DrctlError('DRCTL_UNREACHABLE', `${alias}: cluster unreachable${where}: ${firstLine(msg)}`, {
      hint: `check that ${alias}'s brokers are up and its bootstrap servers are right`,
      retriable: true,
      cause: e,
    });
  }
  // A partition without a leader (an election under way, or no in-sync replica alive) after every retry: the cluster
  // is partly down, a wait-and-retry condition, never an internal error.
  if (/no leader for this topic-partition|LEADER_NOT_AVAILABLE/i.test(`${inner.type ?? ''} ${msg}`)) {
    return new DrctlError('DRCTL_TIMEOUT', `${alias}: ${op}: a partition has no leader (an election is under way, or none of its in-sync replicas is alive)`, {
      hint: `wait until ${alias} has elected leaders again (a broker restarting), then run the same command again`,
      retriable: true,
      cause: e,
    });
  }
  // A stable read of a group's offsets while a transaction that commits offsets for it is open (KIP-447): retrying
  // gives the answer once the transaction commits or aborts, at the latest after its transaction.timeout.ms.
  if (inner.type === 'UNSTABLE_OFFSET_COMMIT') {
    return new DrctlError('DRCTL_TIMEOUT', `${alias}: ${op}: a transaction that commits offsets for the group is still open`, {
      hint: 'wait until the transactional producer commits or aborts (at most its transaction.timeout.ms), then run the same command again',
      retriable: true,
      cause: e,
    });
  }
  if (name === 'KafkaJSRequestTimeoutError' || name === 'KafkaJSTimeout' || /timed? ?out/i.test(msg)) {
    return new DrctlError('DRCTL_TIMEOUT', `${alias}: ${op} timed out${where}`, { hint: 'the cluster is slow or partly down; retry, or raise --timeout', retriable: true, cause: e });
  }
  if (name.startsWith('KafkaJS')) {
    return new DrctlError('DRCTL_KAFKA', `${alias}: ${op} failed: ${inner.type ?? name}: ${firstLine(msg)}`, {
      retriable: Boolean(inner.retriable),
      cause: e,
    });
  }
  return new DrctlError('DRCTL_INTERNAL', `${alias}: ${op} failed: ${firstLine(msg)}`, { cause: e });
}

const firstLine = (s: string): string => s.split('\n')[0];

/** Run `fn`, giving up with DRCTL_TIMEOUT (exit 4) after `ms`, so an unreachable cluster never hangs a command. */
export async function withDeadline<T>(fn: () => Promise<T>, ms: number, alias: string, op: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new DrctlError('DRCTL_TIMEOUT', `${alias}: ${op} timed out after ${ms} ms`, {
            hint: `check that ${alias} is up; raise --timeout if it is just slow`,
            retriable: true,
          }),
        ),
      ms,
    );
    // Not unref'd: while a call is pending the process must stay alive. kafkajs can leave nothing but unref'd
    // timers behind during a retry, and Node would then exit with code 13 mid-command, silently.
  });
  try {
    return await Promise.race([fn(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isUnreachable } from '../../../src/errors.js';
import { translateKafkaError, withDeadline } from '../../../src/kafka/errors.js';

const kjs = (name: string, message: string, extra: object = {}) => Object.assign(new Error(message), { name, ...extra });

describe('translateKafkaError maps kafkajs failures to kinds and exit codes', () => {
  const cases: [string, unknown, string, number][] = [
    ['connection refused', kjs('KafkaJSConnectionError', 'Connection error: connect ECONNREFUSED 127.0.0.1:9'), 'DRCTL_UNREACHABLE', 4],
    ['retries exhausted around a connection error', kjs('KafkaJSNumberOfRetriesExceeded', 'x', { originalError: kjs('KafkaJSConnectionError', 'Connection timeout') }), 'DRCTL_UNREACHABLE', 4],
    ['request timeout', kjs('KafkaJSRequestTimeoutError', 'Request Metadata(key: 3, version: 6) timed out'), 'DRCTL_TIMEOUT', 4],
    ['bad credentials', kjs('KafkaJSSASLAuthenticationError', 'SASL SCRAM SHA512 authentication failed'), 'DRCTL_AUTH_FAILED', 4],
    ['missing ACL', kjs('KafkaJSProtocolError', 'Not authorized', { type: 'GROUP_AUTHORIZATION_FAILED' }), 'DRCTL_NOT_AUTHORIZED', 3],
    ['offsets an open transaction holds (stable read)', kjs('KafkaJSProtocolError', 'There are unstable offsets that need to be cleared', { type: 'UNSTABLE_OFFSET_COMMIT' }), 'DRCTL_TIMEOUT', 4],
    ['unknown topic', kjs('KafkaJSProtocolError', 'This server does not host this topic-partition', { type: 'UNKNOWN_TOPIC_OR_PARTITION' }), 'DRCTL_UNKNOWN_TOPIC', 2],
    ['a wrong CA', kjs('KafkaJSConnectionError', 'Connection error: self-signed certificate in certificate chain', { code: 'SELF_SIGNED_CERT_IN_CHAIN' }), 'DRCTL_TLS', 4],
    ['an expired certificate', kjs('KafkaJSNumberOfRetriesExceeded', 'x', { originalError: kjs('KafkaJSConnectionError', 'Connection error: certificate has expired', { code: 'CERT_HAS_EXPIRED' }) }), 'DRCTL_TLS', 4],
    [
      'a host name the certificate does not name',
      kjs('KafkaJSConnectionError', "Connection error: Hostname/IP does not match certificate's altnames: IP: 127.0.0.2 is not in the cert's list: 127.0.0.1", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }),
      'DRCTL_TLS',
      4,
    ],
    ['no leader after every retry (an election under way)', kjs('KafkaJSNumberOfRetriesExceeded', 'There is no leader for this topic-partition as we are in the middle of a leadership election'), 'DRCTL_TIMEOUT', 4],
    ['TLS against a plaintext listener', kjs('KafkaJSNumberOfRetriesExceeded', 'Connection error: Client network socket disconnected before secure TLS connection was established'), 'DRCTL_PROTOCOL', 4],
    ['plaintext against a TLS or SASL listener (closed at once, every retry)', kjs('KafkaJSNumberOfRetriesExceeded', 'Closed connection', { originalError: kjs('KafkaJSConnectionClosedError', 'Closed connection') }), 'DRCTL_PROTOCOL', 4],
    ['SASL against a plaintext listener', kjs('KafkaJSProtocolError', 'Request is not valid given the current SASL state', { type: 'ILLEGAL_SASL_STATE' }), 'DRCTL_PROTOCOL', 4],
    ['a SASL mechanism the listener does not enable', kjs('KafkaJSProtocolError', 'The broker does not support the requested SASL mechanism', { type: 'UNSUPPORTED_SASL_MECHANISM' }), 'DRCTL_AUTH_FAILED', 4],
    ['a topic ACL missing', kjs('KafkaJSProtocolError', 'Not authorized to access topics', { type: 'TOPIC_AUTHORIZATION_FAILED' }), 'DRCTL_NOT_AUTHORIZED', 3],
    ['other protocol errors', kjs('KafkaJSProtocolError', 'Broker: Corrupt message', { type: 'CORRUPT_MESSAGE' }), 'DRCTL_KAFKA', 10],
  ];
  for (const [name, err, code, exit] of cases) {
    it(name, () => {
      const e = translateKafkaError(err, 'NYC', 'list topics');
      assert.equal(e.code, code);
      assert.equal(e.exitCode, exit);
      assert.match(e.message, /^NYC: /);
      assert.ok(!e.message.includes('\n'));
      // Only a network failure or a timeout may make a caller treat the cluster as down.
      assert.equal(isUnreachable(e), code === 'DRCTL_UNREACHABLE' || code === 'DRCTL_TIMEOUT');
      if (code !== 'DRCTL_KAFKA') assert.ok(e.hint, 'every classified failure has a hint');
    });
  }
  it('a host name the certificate does not name: the message says so and lists the names it has', () => {
    const e = translateKafkaError(
      kjs('KafkaJSConnectionError', "Connection error: Hostname/IP does not match certificate's altnames: Host: vm. is not in the cert's altnames: DNS:localhost, IP Address:127.0.0.1", { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }),
      'NYC',
      'list topics',
      ['vm:9093'],
    );
    assert.equal(e.message, "NYC: the broker's certificate is not for the host drctl connected to (vm:9093); it names DNS:localhost, IP Address:127.0.0.1");
    assert.match(e.hint!, /subject alternative name/);
  });
  it('an admin commit refused with UNKNOWN_MEMBER_ID means the group is active (exit 3)', () => {
    const e = translateKafkaError(kjs('KafkaJSProtocolError', 'The coordinator is not aware of this member', { type: 'UNKNOWN_MEMBER_ID' }), 'LON', 'commit offsets of group g');
    assert.equal(e.code, 'DRCTL_GROUP_ACTIVE');
    assert.equal(e.exitCode, 3);
    assert.match(e.message, /group is active/);
  });
  it('withDeadline turns a hang into DRCTL_TIMEOUT (exit 4)', async () => {
    let pending: NodeJS.Timeout | undefined;
    const hang = () => new Promise<void>((resolve) => (pending = setTimeout(resolve, 10_000))); // a request that never answers in time
    await assert.rejects(
      () => withDeadline(hang, 20, 'NYC', 'describe cluster'),
      (e: { code: string; exitCode: number }) => e.code === 'DRCTL_TIMEOUT' && e.exitCode === 4,
    );
    clearTimeout(pending);
  });
});

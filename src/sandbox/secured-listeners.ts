/**
 * The sandbox brokers' secured client listeners, next to their PLAINTEXT one: SASL_PLAINTEXT with the PLAIN
 * mechanism (one user, `drctl`, with a random password) and SSL with a self-signed certificate made by keytool.
 * They let tests meet real authentication and TLS failures (a wrong password, a wrong CA, TLS or SASL against the
 * wrong listener) on real brokers. MM2 and the sandbox's drctl.yaml keep using PLAINTEXT.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { keytoolOf, runKeytool } from './pki.js';

/** The SASL user the sandbox's SASL listener knows. */
export const SANDBOX_SASL_USER = 'drctl';

/** Where the sandbox keeps its secrets and its certificate (files readable by the owner only). */
export interface SandboxSecrets {
  /** File holding the SASL password of SANDBOX_SASL_USER. */
  saslPasswordFile: string;
  /** The brokers' PKCS12 keystore and its password file. */
  keystore: string;
  keystorePasswordFile: string;
  /** The brokers' certificate (self-signed: also the CA a client must trust), PEM. */
  caPem: string;
}

/** The secrets' paths under the sandbox folder. */
export const sandboxSecretsPaths = (sandboxDir: string): SandboxSecrets => ({
  saslPasswordFile: join(sandboxDir, 'secrets', 'sasl-password'),
  keystore: join(sandboxDir, 'secrets', 'broker.p12'),
  keystorePasswordFile: join(sandboxDir, 'secrets', 'keystore-password'),
  caPem: join(sandboxDir, 'secrets', 'ca.pem'),
});

/**
 * Make the sandbox's secrets once: random passwords, and a self-signed certificate for 127.0.0.1 and localhost in a
 * PKCS12 keystore (keytool comes with the JDK the sandbox needs anyway).
 */
export function ensureSandboxSecrets(sandboxDir: string, java: string): SandboxSecrets {
  const s = sandboxSecretsPaths(sandboxDir);
  if (existsSync(s.caPem)) return s;
  mkdirSync(dirname(s.caPem), { recursive: true, mode: 0o700 });
  const secret = (file: string) => {
    writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
    chmodSync(file, 0o600);
  };
  secret(s.saslPasswordFile);
  secret(s.keystorePasswordFile);
  const storepass = readFileSync(s.keystorePasswordFile, 'utf8');
  const keytool = keytoolOf(java);
  const run = (args: string[]) => runKeytool(keytool, args);
  const pass = ['-storetype', 'PKCS12', '-storepass', storepass];
  run(['-genkeypair', '-keystore', s.keystore, ...pass, '-alias', 'broker', '-dname', 'CN=localhost', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '825', '-ext', 'bc:c', '-ext', 'SAN=dns:localhost,ip:127.0.0.1', '-ext', 'EKU=serverAuth,clientAuth']);
  run(['-exportcert', '-keystore', s.keystore, ...pass, '-alias', 'broker', '-rfc', '-file', `${s.caPem}.tmp`]);
  renameSync(`${s.caPem}.tmp`, s.caPem); // last: its presence means every secret is complete
  return s;
}

/** What a broker's secured listeners need: their ports, the SASL password and the keystore. */
export interface SecuredListeners {
  saslPort: number;
  sslPort: number;
  saslPassword: string;
  keystore: string;
  keystorePassword: string;
}

/** The secured-listener settings of one broker, from its ports and the sandbox's secrets. */
export const securedListeners = (ports: { saslPort: number; sslPort: number }, s: SandboxSecrets): SecuredListeners => ({
  ...ports,
  saslPassword: readFileSync(s.saslPasswordFile, 'utf8'),
  keystore: s.keystore,
  keystorePassword: readFileSync(s.keystorePasswordFile, 'utf8'),
});

/**
 * server.properties lines for the two secured listeners. `plaintext` and `controller` are the broker's existing
 * listener entries (`NAME://host:port`), which stay first.
 */
export function securedListenerProperties(l: SecuredListeners, plaintext: string, controller: string): string[] {
  return [
    `listeners=${plaintext},${controller},SASL_PLAINTEXT://127.0.0.1:${l.saslPort},SSL://127.0.0.1:${l.sslPort}`,
    `advertised.listeners=${plaintext},SASL_PLAINTEXT://127.0.0.1:${l.saslPort},SSL://127.0.0.1:${l.sslPort}`,
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SSL:SSL',
    'listener.name.sasl_plaintext.sasl.enabled.mechanisms=PLAIN',
    `listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_${SANDBOX_SASL_USER}="${l.saslPassword}";`,
    'listener.name.ssl.ssl.keystore.type=PKCS12',
    `listener.name.ssl.ssl.keystore.location=${l.keystore}`,
    `listener.name.ssl.ssl.keystore.password=${l.keystorePassword}`,
    `listener.name.ssl.ssl.key.password=${l.keystorePassword}`,
    'listener.name.ssl.ssl.client.auth=none',
  ];
}

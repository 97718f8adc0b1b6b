/**
 * The secure sandbox's certificates, made with keytool only (it comes with the JDK the sandbox needs): a CA, one
 * broker certificate it signs for localhost and 127.0.0.1 (server and client use: brokers talk TLS to each other),
 * and client certificates for mutual TLS, as PKCS12 files that Java and Node both read. One random store password,
 * in a file readable by the owner only; nothing secret is ever written into a file drctl writes.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DrctlError } from '../errors.js';

/** The files of the sandbox's PKI. */
export interface SandboxPki {
  dir: string;
  /** The CA certificate, PEM: what every client and broker trusts. */
  caPem: string;
  /** The brokers' key and certificate chain (PKCS12). */
  brokerKeystore: string;
  /** Client key and certificate for mutual TLS, per principal name (CN), PKCS12. */
  clientKeystore: (cn: string) => string;
  /** The password of every store, in a file (mode 600). */
  storePasswordFile: string;
}

/** keytool next to the java that runs the sandbox. */
export const keytoolOf = (java: string): string => (java.includes('/') ? join(dirname(java), 'keytool') : 'keytool');

/** Run keytool; a failure is a sandbox error naming the subcommand and keytool's last line. */
export function runKeytool(keytool: string, args: string[]): void {
  const r = spawnSync(keytool, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new DrctlError('DRCTL_SANDBOX', `keytool ${args[0]} failed: ${(r.stderr || r.stdout || r.error?.message || '').trim().split('\n').pop()}`, { hint: 'keytool comes with the JDK; check JAVA_HOME' });
}

/** The PKI's paths under `dir`. */
export function sandboxPki(dir: string): SandboxPki {
  return {
    dir,
    caPem: join(dir, 'ca.pem'),
    brokerKeystore: join(dir, 'broker.p12'),
    clientKeystore: (cn) => join(dir, `client-${cn}.p12`),
    storePasswordFile: join(dir, 'store-password'),
  };
}

/** A certificate the CA signs into a new PKCS12 keystore: key pair, request, signature, then the chain imported. */
function issue(keytool: string, pki: SandboxPki, pass: string, keystore: string, o: { cn: string; san?: string; eku: string; validity?: { startdate: string; days: number } }): void {
  const store = ['-storetype', 'PKCS12', '-storepass', pass];
  const csr = `${keystore}.csr`;
  const signed = `${keystore}.pem`;
  runKeytool(keytool, ['-genkeypair', '-keystore', keystore, ...store, '-alias', 'key', '-dname', `CN=${o.cn}`, '-keyalg', 'RSA', '-keysize', '2048', '-validity', '825']);
  runKeytool(keytool, ['-certreq', '-keystore', keystore, ...store, '-alias', 'key', '-file', csr]);
  const when = o.validity ? ['-startdate', o.validity.startdate, '-validity', String(o.validity.days)] : ['-validity', '825'];
  runKeytool(keytool, [
    '-gencert',
    '-keystore',
    join(pki.dir, 'ca.p12'),
    ...store,
    '-alias',
    'ca',
    '-infile',
    csr,
    '-outfile',
    signed,
    '-rfc',
    ...when,
    ...(o.san ? ['-ext', `SAN=${o.san}`] : []),
    '-ext',
    `EKU=${o.eku}`,
    '-ext',
    'KU=digitalSignature,keyEncipherment',
  ]);
  runKeytool(keytool, ['-importcert', '-noprompt', '-keystore', keystore, ...store, '-alias', 'ca', '-file', pki.caPem]);
  runKeytool(keytool, ['-importcert', '-noprompt', '-keystore', keystore, ...store, '-alias', 'key', '-file', signed]);
}

/**
 * Make the PKI once (a complete one is kept): the CA, the broker keystore, and a client keystore for each of
 * `clients`; `expiredClients` get a certificate whose validity ended yesterday (to test what an expired one does).
 */
export function ensureSandboxPki(dir: string, java: string, clients: readonly string[], expiredClients: readonly string[] = []): SandboxPki {
  const pki = sandboxPki(dir);
  const done = join(dir, '.complete');
  if (existsSync(done)) return pki;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(pki.storePasswordFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  chmodSync(pki.storePasswordFile, 0o600);
  const pass = readFileSync(pki.storePasswordFile, 'utf8');
  const keytool = keytoolOf(java);
  const store = ['-storetype', 'PKCS12', '-storepass', pass];
  runKeytool(keytool, ['-genkeypair', '-keystore', join(dir, 'ca.p12'), ...store, '-alias', 'ca', '-dname', 'CN=drctl-sandbox-ca', '-keyalg', 'RSA', '-keysize', '2048', '-validity', '3650', '-ext', 'bc:c', '-ext', 'ku:c=keyCertSign,cRLSign']);
  runKeytool(keytool, ['-exportcert', '-keystore', join(dir, 'ca.p12'), ...store, '-alias', 'ca', '-rfc', '-file', pki.caPem]);
  issue(keytool, pki, pass, pki.brokerKeystore, { cn: 'localhost', san: 'dns:localhost,ip:127.0.0.1', eku: 'serverAuth,clientAuth' });
  for (const cn of clients) issue(keytool, pki, pass, pki.clientKeystore(cn), { cn, eku: 'clientAuth' });
  for (const cn of expiredClients) issue(keytool, pki, pass, pki.clientKeystore(cn), { cn, eku: 'clientAuth', validity: { startdate: '-3d', days: 1 } });
  writeFileSync(`${done}.tmp`, '');
  renameSync(`${done}.tmp`, done); // last: its presence means every file is complete
  return pki;
}

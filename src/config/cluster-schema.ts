/**
 * The schema of one `clusters.<alias>` entry of drctl.yaml: bootstrap servers, expected cluster id, TLS files and
 * SASL credentials. Resolves what it can at load time (`${VAR}` references, password files, relative paths) so that
 * a missing variable or file is refused before any cluster is contacted.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as z from 'zod';
import { bootstrapServers, splitServers } from '../schema/host-port.js';
import { hasEnvReference, interpolated, resolveEnvReferences, unsetVariableIssue } from './interpolate.js';
import { expandPath } from './expand-path.js';
import type { SaslConfig, TlsConfig } from './types.js';

/** What resolving a cluster entry needs: where relative paths start and the environment for `${VAR}`. */
export interface ClusterSchemaContext {
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

/** One cluster as drctl.yaml states it; `bootstrapServers` and `tls` may still come from an MM2 file. */
export interface ClusterEntry {
  bootstrapServers?: string[];
  clusterId?: string;
  /** null: `tls: false`, which turns off TLS an MM2 file configured; undefined: not set here. */
  tls?: TlsConfig | null;
  sasl?: SaslConfig;
}

/** A cluster alias as MM2 allows it in `clusters = ...` and in `A->B` flow names. */
export const ALIAS = /^[A-Za-z0-9_-]+$/;

/** An alias used as a key (`clusters.<alias>`). */
export const aliasKey = z.string().regex(ALIAS, { error: 'an alias may only contain letters, digits, "_" and "-"' });

const bootstrapField = (env: NodeJS.ProcessEnv) =>
  z
    .union([z.string(), z.array(z.string())], { error: 'must be "host:port[,host:port]" or a list of host:port' })
    .transform((b, ctx) => {
      // A string is resolved before it is split, so one variable may hold a whole server list.
      const out: string[] = [];
      for (const s of typeof b === 'string' ? [b] : b) {
        const r = resolveEnvReferences(s, env);
        if ('unset' in r) {
          ctx.issues.push(unsetVariableIssue(r.unset, s));
          return z.NEVER;
        }
        out.push(...(typeof b === 'string' ? splitServers(r.value) : [r.value]));
      }
      return out;
    })
    .pipe(bootstrapServers);

/** A PEM file path that must exist now (kafkajs would only find out at connect time, as a TLS failure). */
const existingFile = (baseDir: string) =>
  z
    .string()
    // A refinement, not a transform, so that the union in tlsField reports this problem instead of its own.
    .refine((v) => existsSync(expandPath(v, baseDir)), { error: (iss) => `${expandPath(String(iss.input), baseDir)}: no such file` })
    .transform((v) => expandPath(v, baseDir));

const tlsField = ({ baseDir, env }: ClusterSchemaContext) =>
  z
    .union(
      [
        z.boolean(),
        z.strictObject({
          caFile: existingFile(baseDir).optional(),
          certFile: existingFile(baseDir).optional(),
          keyFile: existingFile(baseDir).optional(),
          pfxFile: existingFile(baseDir).optional(),
          // Never echo the value (safety rule 7), as for SASL passwords.
          passphrase: z.string({ error: 'must be a ${ENV_VAR} reference' }).optional(),
          passphraseFile: z.string().optional(),
          rejectUnauthorized: z.boolean().optional(),
        }),
      ],
      { error: 'must be true, false or a mapping with caFile, certFile, keyFile, pfxFile, passphrase, passphraseFile, rejectUnauthorized' },
    )
    .transform((t, ctx): TlsConfig | null => {
      if (t === false) return null;
      if (t === true) return { rejectUnauthorized: true };
      const out: TlsConfig = { caFile: t.caFile, certFile: t.certFile, keyFile: t.keyFile, rejectUnauthorized: t.rejectUnauthorized !== false };
      if (t.pfxFile === undefined) {
        if (t.passphrase !== undefined || t.passphraseFile !== undefined) ctx.issues.push({ code: 'custom', message: 'is given without pfxFile', path: [t.passphrase !== undefined ? 'passphrase' : 'passphraseFile'], input: undefined });
        return out;
      }
      if (t.certFile !== undefined || t.keyFile !== undefined) ctx.issues.push({ code: 'custom', message: 'is given as well as certFile/keyFile: a PKCS12 file holds both', path: ['pfxFile'], input: t.pfxFile });
      const passphrase = resolveSecret(ctx, { value: t.passphrase, file: t.passphraseFile }, { value: 'passphrase', file: 'passphraseFile' }, { baseDir, env }, 'use passphrase: ${ENV_VAR} or passphraseFile: /path');
      return passphrase === z.NEVER ? z.NEVER : { ...out, pfxFile: t.pfxFile, passphrase };
    });

/**
 * A secret given as a ${ENV_VAR} reference (`value`) or in a file (`file`), never as a literal (safety rule 7).
 * Problems are added to `ctx` at the key that has them; the result is then z.NEVER.
 */
function resolveSecret(ctx: z.RefinementCtx, given: { value?: string; file?: string }, keys: { value: string; file: string }, { baseDir, env }: ClusterSchemaContext, hint: string): string | typeof z.NEVER {
  const fail = (key: string, message: string, h?: string) => {
    ctx.issues.push({ code: 'custom', message, path: [key], input: undefined, params: { hint: h } });
    return z.NEVER;
  };
  if (given.value !== undefined && given.file !== undefined) return fail(keys.file, `is given as well as ${keys.value}: give one of them`, hint);
  if (given.file !== undefined) {
    const r = resolveEnvReferences(given.file, env);
    if ('unset' in r) return fail(keys.file, `environment variable ${r.unset} is not set`);
    const p = expandPath(r.value, baseDir);
    if (!existsSync(p)) return fail(keys.file, `${p}: no such file`);
    return readFileSync(p, 'utf8').replace(/\r?\n$/, '');
  }
  if (given.value === undefined) return fail(keys.value, 'is missing', hint);
  if (!hasEnvReference(given.value)) return fail(keys.value, 'is a literal secret', hint);
  const r = resolveEnvReferences(given.value, env);
  if ('unset' in r) return fail(keys.value, `environment variable ${r.unset} is not set`);
  return r.value;
}

const MECHANISMS: readonly SaslConfig['mechanism'][] = ['plain', 'scram-sha-256', 'scram-sha-512'];
const SECRET_HINT = 'use password: ${ENV_VAR} or passwordFile: /path';

/** Kafka spells mechanisms in capitals (SCRAM-SHA-512); either spelling is accepted. */
const mechanismField = z.unknown().transform((m, ctx) => {
  const lower = typeof m === 'string' ? m.toLowerCase() : m;
  if (MECHANISMS.includes(lower as SaslConfig['mechanism'])) return lower as SaslConfig['mechanism'];
  ctx.issues.push({ code: 'custom', message: `must be plain, scram-sha-256 or scram-sha-512, not ${JSON.stringify(m ?? null)}`, input: m });
  return z.NEVER;
});

const saslField = ({ baseDir, env }: ClusterSchemaContext) =>
  z
    .strictObject({
      mechanism: mechanismField,
      username: z.string({ error: 'is missing' }).min(1, { error: 'is missing' }).pipe(interpolated(env)),
      // Never echo the value (safety rule 7): `password: 12345` parses as a number and would be shown otherwise.
      password: z.string({ error: 'must be a ${ENV_VAR} reference' }).optional(),
      passwordFile: z.string().optional(),
    })
    .transform((s, ctx): SaslConfig => {
      const password = resolveSecret(ctx, { value: s.password, file: s.passwordFile }, { value: 'password', file: 'passwordFile' }, { baseDir, env }, SECRET_HINT);
      return password === z.NEVER ? z.NEVER : { mechanism: s.mechanism, username: s.username, password };
    });

/** The schema of one `clusters.<alias>` entry (an empty entry is allowed: an MM2 file may supply the rest). */
export const clusterEntry = (c: ClusterSchemaContext) =>
  z.preprocess(
    (v) => v ?? {},
    z
      .strictObject({
        bootstrap: bootstrapField(c.env).optional(),
        bootstrapServers: bootstrapField(c.env).optional(),
        clusterId: z.string().min(1).optional(),
        tls: tlsField(c).optional(),
        sasl: saslField(c).optional(),
      })
      .transform((m, ctx): ClusterEntry => {
        if (m.bootstrap !== undefined && m.bootstrapServers !== undefined) {
          ctx.issues.push({ code: 'custom', message: 'is given as well as bootstrap: give one of them', path: ['bootstrapServers'], input: m });
          return z.NEVER;
        }
        return { bootstrapServers: m.bootstrap ?? m.bootstrapServers, clusterId: m.clusterId, tls: m.tls, sasl: m.sasl };
      }),
  );

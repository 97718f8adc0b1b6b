/**
 * The schema of one `clusters.<alias>` entry of drctl.yaml: bootstrap servers, expected cluster id, TLS files and
 * SASL credentials. Resolves what it can at load time (`${VAR}` references, password files, relative paths) so that
 * a missing variable or file is refused before any cluster is contacted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { bootstrapServers, splitServers } from '../schema/host-port.js';
import { hasEnvReference, interpolated, resolveEnvReferences, unsetVariableIssue } from './interpolate.js';
import { expandPath } from './state-dir.js';
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

const tlsField = (baseDir: string) =>
  z
    .union([z.boolean(), z.strictObject({ caFile: existingFile(baseDir).optional(), certFile: existingFile(baseDir).optional(), keyFile: existingFile(baseDir).optional(), rejectUnauthorized: z.boolean().optional() })], {
      error: 'must be true, false or a mapping with caFile, certFile, keyFile, rejectUnauthorized',
    })
    .transform((t): TlsConfig | null => {
      if (t === false) return null;
      if (t === true) return { rejectUnauthorized: true };
      return { caFile: t.caFile, certFile: t.certFile, keyFile: t.keyFile, rejectUnauthorized: t.rejectUnauthorized !== false };
    });

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
      const fail = (key: string, message: string, hint?: string) => {
        ctx.issues.push({ code: 'custom', message, path: [key], input: s[key as keyof typeof s], params: { hint } });
        return z.NEVER;
      };
      if (s.password !== undefined && s.passwordFile !== undefined) return fail('passwordFile', 'is given as well as password: give one of them', SECRET_HINT);
      if (s.passwordFile !== undefined) {
        const r = resolveEnvReferences(s.passwordFile, env);
        if ('unset' in r) return fail('passwordFile', `environment variable ${r.unset} is not set`);
        const p = expandPath(r.value, baseDir);
        if (!existsSync(p)) return fail('passwordFile', `${p}: no such file`);
        return { mechanism: s.mechanism, username: s.username, password: readFileSync(p, 'utf8').replace(/\r?\n$/, '') };
      }
      if (s.password === undefined) return fail('password', 'is missing', SECRET_HINT);
      // Safety rule 7: a secret never sits in the config file itself.
      if (!hasEnvReference(s.password)) return fail('password', 'is a literal secret', SECRET_HINT);
      const r = resolveEnvReferences(s.password, env);
      if ('unset' in r) return fail('password', `environment variable ${r.unset} is not set`);
      return { mechanism: s.mechanism, username: s.username, password: r.value };
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
        tls: tlsField(c.baseDir).optional(),
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

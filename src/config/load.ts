/**
 * Finds, reads and validates drctl's configuration.
 * Discovery order: --config, then DRCTL_CONFIG, then ./drctl.yaml, then the running sandbox's drctl.yaml.
 * An MM2 properties file (--mm2-config or `mm2Config:`) supplies clusters, flows, filters and the policy; whatever
 * drctl.yaml says wins over it. Secrets are `${ENV_VAR}` references or `passwordFile:` paths, never literals.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DrctlError, configError } from '../errors.js';
import { importMm2Properties, type Mm2Import } from './mm2-import.js';
import { defaultStateDir, expandPath, sandboxConfigPath } from './state-dir.js';
import {
  MM2_DEFAULT_FILTERS,
  type ClusterConfig,
  type DrctlConfig,
  type FlowConfig,
  type ReplicationPolicyConfig,
  type SaslConfig,
  type TlsConfig,
} from './types.js';

/** Where a config may come from, as the CLI collects it. */
export interface ConfigSources {
  configFlag?: string;
  mm2ConfigFlag?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** Which file drctl would read, and why (for messages and `drctl status`). */
export function locateConfig(src: ConfigSources): { path: string; via: string } | undefined {
  const env = src.env ?? process.env;
  const cwd = src.cwd ?? process.cwd();
  if (src.configFlag) return { path: expandPath(src.configFlag, cwd), via: '--config' };
  if (env.DRCTL_CONFIG) return { path: expandPath(env.DRCTL_CONFIG, cwd), via: 'DRCTL_CONFIG' };
  const local = expandPath('drctl.yaml', cwd);
  if (existsSync(local)) return { path: local, via: './drctl.yaml' };
  const sandbox = sandboxConfigPath(defaultStateDir(env));
  if (existsSync(sandbox)) return { path: sandbox, via: 'the running sandbox' };
  return undefined;
}

/** Load and validate the configuration; throws a DrctlError naming file and key on any problem. */
export function loadConfig(src: ConfigSources = {}): DrctlConfig {
  const env = src.env ?? process.env;
  const cwd = src.cwd ?? process.cwd();
  const located = locateConfig(src);
  if (!located && !src.mm2ConfigFlag) {
    throw new DrctlError('DRCTL_CONFIG_NOT_FOUND', 'no drctl configuration found', {
      hint: 'pass --config drctl.yaml or --mm2-config mm2.properties, set DRCTL_CONFIG, or run `drctl sandbox up`',
    });
  }
  let raw: Record<string, unknown> = {};
  let file = src.mm2ConfigFlag ? expandPath(src.mm2ConfigFlag, cwd) : '';
  if (located) {
    file = located.path;
    if (!existsSync(file)) {
      throw new DrctlError('DRCTL_CONFIG_NOT_FOUND', `${file}: no such file (from ${located.via})`);
    }
    let doc: unknown;
    try {
      doc = parseYaml(readFileSync(file, 'utf8'));
    } catch (e) {
      throw configError(file, '(syntax)', firstLine((e as Error).message));
    }
    if (doc === null || doc === undefined) doc = {};
    if (typeof doc !== 'object' || Array.isArray(doc)) throw configError(file, '(top level)', 'must be a mapping');
    raw = doc as Record<string, unknown>;
  }
  const baseDir = located ? dirname(file) : cwd;
  const mm2Path = src.mm2ConfigFlag ? expandPath(src.mm2ConfigFlag, cwd) : typeof raw.mm2Config === 'string' ? expandPath(raw.mm2Config, baseDir) : undefined;
  let mm2: Mm2Import | undefined;
  if (mm2Path) {
    if (!existsSync(mm2Path)) throw configError(located ? file : mm2Path, 'mm2Config', `${mm2Path}: no such file`);
    mm2 = importMm2Properties(mm2Path);
  }
  return validate(raw, file, baseDir, env, mm2);
}

const firstLine = (s: string): string => s.split('\n')[0];

const KNOWN_TOP = new Set(['clusters', 'flows', 'replicationPolicy', 'offsetSyncs', 'objectives', 'stateDir', 'mm2Config', 'discovery', 'groupPrincipals']);

/** Validate a parsed drctl.yaml document (merged over an MM2 import) into a DrctlConfig. Exported for unit tests. */
export function validate(raw: Record<string, unknown>, file: string, baseDir: string, env: NodeJS.ProcessEnv, mm2?: Mm2Import): DrctlConfig {
  for (const k of Object.keys(raw)) {
    if (!KNOWN_TOP.has(k)) throw configError(file, k, 'unknown key', `known keys: ${[...KNOWN_TOP].join(', ')}`);
  }
  const clusters: Record<string, ClusterConfig> = { ...(mm2?.clusters ?? {}) };
  const rawClusters = raw.clusters ?? {};
  if (typeof rawClusters !== 'object' || Array.isArray(rawClusters)) throw configError(file, 'clusters', 'must be a mapping of alias to cluster settings');
  for (const [alias, c] of Object.entries(rawClusters as Record<string, unknown>)) {
    clusters[alias] = parseCluster(alias, c, file, baseDir, env, clusters[alias]);
  }
  for (const p of mm2?.deferred ?? []) {
    const fromYaml = (rawClusters as Record<string, Record<string, unknown> | undefined>)[p.alias]?.[p.field];
    if (fromYaml === undefined) throw configError(mm2!.file, p.key, p.problem, `set clusters.${p.alias}.${p.field} in drctl.yaml`);
  }
  if (Object.keys(clusters).length === 0) throw configError(file, 'clusters', 'no clusters are defined', 'define at least two aliases, e.g. NYC and LON');

  const flows = raw.flows === undefined ? (mm2?.flows ?? []) : parseFlows(raw.flows, file, clusters);
  for (const f of flows) {
    for (const a of [f.source, f.target]) {
      if (!clusters[a]) throw configError(file, 'flows', `flow ${f.source}->${f.target} names unknown alias "${a}"`, `defined aliases: ${Object.keys(clusters).join(', ')}`);
    }
  }

  const replicationPolicy = raw.replicationPolicy === undefined ? (mm2?.replicationPolicy ?? { type: 'default', separator: '.', internalTopicSeparatorEnabled: true }) : parsePolicy(raw.replicationPolicy, file);
  const syncs = obj(raw.offsetSyncs, file, 'offsetSyncs');
  const location = syncs.location ?? mm2?.offsetSyncsLocation ?? 'source';
  if (location !== 'source' && location !== 'target') throw configError(file, 'offsetSyncs.location', `must be "source" or "target", not ${JSON.stringify(location)}`);

  const objectives = obj(raw.objectives, file, 'objectives');
  for (const k of Object.keys(objectives)) {
    if (k !== 'rpoSeconds' && k !== 'rtoSeconds') throw configError(file, `objectives.${k}`, 'unknown key', 'known keys: rpoSeconds, rtoSeconds');
    const v = objectives[k];
    if (typeof v !== 'number' || !(v >= 0)) throw configError(file, `objectives.${k}`, 'must be a non-negative number of seconds');
  }
  const discovery = obj(raw.discovery, file, 'discovery');
  if (discovery.switchCommand !== undefined && typeof discovery.switchCommand !== 'string') throw configError(file, 'discovery.switchCommand', 'must be a string');
  if (raw.stateDir !== undefined && typeof raw.stateDir !== 'string') throw configError(file, 'stateDir', 'must be a path');
  const groupPrincipals = obj(raw.groupPrincipals, file, 'groupPrincipals');
  for (const [g, p] of Object.entries(groupPrincipals)) {
    if (typeof p !== 'string' || !/^[A-Za-z]+:.+$/.test(p)) throw configError(file, `groupPrincipals.${g}`, 'must be a principal such as User:orders-svc', 'map a group name (or "*" for every group) to the principal its consumers use');
  }
  const stateDir = env.DRCTL_STATE_DIR ? expandPath(env.DRCTL_STATE_DIR) : typeof raw.stateDir === 'string' ? expandPath(raw.stateDir, baseDir) : defaultStateDir({});

  return {
    source: file,
    clusters,
    flows,
    replicationPolicy,
    offsetSyncsLocation: location,
    objectives: objectives as DrctlConfig['objectives'],
    stateDir,
    switchCommand: discovery.switchCommand as string | undefined,
    groupPrincipals: groupPrincipals as Record<string, string>,
  };
}

function obj(v: unknown, file: string, key: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw configError(file, key, 'must be a mapping');
  return v as Record<string, unknown>;
}

/** Resolve `${VAR}` references; an unset variable is an error naming the key. */
function interpolate(v: string, file: string, key: string, env: NodeJS.ProcessEnv): string {
  return v.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const val = env[name];
    if (val === undefined) throw configError(file, key, `environment variable ${name} is not set`);
    return val;
  });
}

const CLUSTER_KEYS = new Set(['bootstrap', 'bootstrapServers', 'clusterId', 'tls', 'sasl']);

function parseCluster(alias: string, c: unknown, file: string, baseDir: string, env: NodeJS.ProcessEnv, imported?: ClusterConfig): ClusterConfig {
  const key = `clusters.${alias}`;
  if (!/^[A-Za-z0-9_-]+$/.test(alias)) throw configError(file, key, 'an alias may only contain letters, digits, "_" and "-"');
  const m = obj(c, file, key);
  for (const k of Object.keys(m)) if (!CLUSTER_KEYS.has(k)) throw configError(file, `${key}.${k}`, 'unknown key', `known keys: ${[...CLUSTER_KEYS].join(', ')}`);
  const b = m.bootstrap ?? m.bootstrapServers;
  let servers: string[] | undefined;
  if (typeof b === 'string') servers = b.split(',').map((s) => s.trim()).filter(Boolean);
  else if (Array.isArray(b) && b.every((s) => typeof s === 'string')) servers = b as string[];
  else if (b !== undefined) throw configError(file, `${key}.bootstrap`, 'must be "host:port[,host:port]" or a list of host:port');
  servers = servers?.map((s) => interpolate(s, file, `${key}.bootstrap`, env)) ?? imported?.bootstrapServers;
  if (!servers || servers.length === 0) throw configError(file, `${key}.bootstrap`, 'is missing', 'e.g. bootstrap: kafka-1.nyc:9092,kafka-2.nyc:9092');
  for (const s of servers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(s) && !/^\[[0-9a-fA-F:]+\]:\d{1,5}$/.test(s)) throw configError(file, `${key}.bootstrap`, `"${s}" is not host:port`);
  }
  if (m.clusterId !== undefined && typeof m.clusterId !== 'string') throw configError(file, `${key}.clusterId`, 'must be a string');
  return {
    alias,
    bootstrapServers: servers,
    clusterId: m.clusterId as string | undefined,
    tls: m.tls === undefined ? imported?.tls : parseTls(m.tls, file, `${key}.tls`, baseDir),
    sasl: m.sasl === undefined ? imported?.sasl : parseSasl(m.sasl, file, `${key}.sasl`, baseDir, env),
  };
}

function parseTls(t: unknown, file: string, key: string, baseDir: string): TlsConfig | undefined {
  if (t === false) return undefined;
  if (t === true) return { rejectUnauthorized: true };
  const m = obj(t, file, key);
  const path = (k: string): string | undefined => {
    const v = m[k];
    if (v === undefined) return undefined;
    if (typeof v !== 'string') throw configError(file, `${key}.${k}`, 'must be a file path');
    const p = expandPath(v, baseDir);
    if (!existsSync(p)) throw configError(file, `${key}.${k}`, `${p}: no such file`);
    return p;
  };
  for (const k of Object.keys(m)) if (!['caFile', 'certFile', 'keyFile', 'rejectUnauthorized'].includes(k)) throw configError(file, `${key}.${k}`, 'unknown key', 'known keys: caFile, certFile, keyFile, rejectUnauthorized');
  if (m.rejectUnauthorized !== undefined && typeof m.rejectUnauthorized !== 'boolean') throw configError(file, `${key}.rejectUnauthorized`, 'must be true or false');
  return { caFile: path('caFile'), certFile: path('certFile'), keyFile: path('keyFile'), rejectUnauthorized: m.rejectUnauthorized !== false };
}

function parseSasl(s: unknown, file: string, key: string, baseDir: string, env: NodeJS.ProcessEnv): SaslConfig {
  const m = obj(s, file, key);
  const mechanism = String(m.mechanism ?? '').toLowerCase();
  if (mechanism !== 'plain' && mechanism !== 'scram-sha-256' && mechanism !== 'scram-sha-512') {
    throw configError(file, `${key}.mechanism`, `must be plain, scram-sha-256 or scram-sha-512, not ${JSON.stringify(m.mechanism ?? null)}`);
  }
  if (typeof m.username !== 'string' || m.username === '') throw configError(file, `${key}.username`, 'is missing');
  let password: string;
  if (typeof m.passwordFile === 'string') {
    const p = expandPath(interpolate(m.passwordFile, file, `${key}.passwordFile`, env), baseDir);
    if (!existsSync(p)) throw configError(file, `${key}.passwordFile`, `${p}: no such file`);
    password = readFileSync(p, 'utf8').replace(/\r?\n$/, '');
  } else if (typeof m.password === 'string') {
    // Safety rule 7: a secret never sits in the config file itself.
    if (!/\$\{[A-Za-z_][A-Za-z0-9_]*\}/.test(m.password)) {
      throw configError(file, `${key}.password`, 'is a literal secret', 'use password: ${ENV_VAR} or passwordFile: /path');
    }
    password = interpolate(m.password, file, `${key}.password`, env);
  } else {
    throw configError(file, `${key}.password`, 'is missing', 'use password: ${ENV_VAR} or passwordFile: /path');
  }
  return { mechanism, username: interpolate(m.username, file, `${key}.username`, env), password };
}

/** Parse a flow string `A->B` (also used for the `--flow` flag). */
export function parseFlowName(s: string): { source: string; target: string } | undefined {
  const m = /^\s*([A-Za-z0-9_-]+)\s*->\s*([A-Za-z0-9_-]+)\s*$/.exec(s);
  return m && m[1] !== m[2] ? { source: m[1], target: m[2] } : undefined;
}

function parseFlows(v: unknown, file: string, clusters: Record<string, ClusterConfig>): FlowConfig[] {
  if (!Array.isArray(v)) throw configError(file, 'flows', 'must be a list such as ["NYC->LON"]');
  return v.map((f, i) => {
    const key = `flows[${i}]`;
    const m: Record<string, unknown> = typeof f === 'string' ? { flow: f } : obj(f, file, key);
    const name = typeof m.flow === 'string' ? parseFlowName(m.flow) : undefined;
    if (!name) throw configError(file, `${key}.flow`, `must look like "NYC->LON", not ${JSON.stringify(m.flow ?? f)}`);
    for (const a of [name.source, name.target]) {
      if (!clusters[a]) throw configError(file, key, `flow ${name.source}->${name.target} names unknown alias "${a}"`, `defined aliases: ${Object.keys(clusters).join(', ')}`);
    }
    const strs = (k: string, dflt: readonly string[]): string[] => {
      const x = m[k];
      if (x === undefined) return [...dflt];
      if (!Array.isArray(x) || !x.every((s) => typeof s === 'string')) throw configError(file, `${key}.${k}`, 'must be a list of regexes');
      for (const re of x as string[]) {
        try {
          new RegExp(re);
        } catch {
          throw configError(file, `${key}.${k}`, `${JSON.stringify(re)} is not a valid regex`);
        }
      }
      return x as string[];
    };
    return {
      ...name,
      topics: strs('topics', MM2_DEFAULT_FILTERS.topics),
      topicsExclude: strs('topicsExclude', MM2_DEFAULT_FILTERS.topicsExclude),
      groups: strs('groups', MM2_DEFAULT_FILTERS.groups),
      groupsExclude: strs('groupsExclude', MM2_DEFAULT_FILTERS.groupsExclude),
    };
  });
}

function parsePolicy(v: unknown, file: string): ReplicationPolicyConfig {
  const m = obj(v, file, 'replicationPolicy');
  const rules = m.internalTopicRules ?? 'kafka4';
  if (rules !== 'kafka4' && rules !== 'kafka3') throw configError(file, 'replicationPolicy.internalTopicRules', `must be "kafka4" or "kafka3", not ${JSON.stringify(rules)}`);
  return { ...parsePolicyType(m, file), internalTopicRules: rules };
}

function parsePolicyType(m: Record<string, unknown>, file: string): ReplicationPolicyConfig {
  if (m.type === undefined || m.type === 'default') {
    const separator = m.separator ?? '.';
    if (typeof separator !== 'string' || separator === '') throw configError(file, 'replicationPolicy.separator', 'must be a non-empty string');
    const flag = m.internalTopicSeparatorEnabled ?? true;
    if (typeof flag !== 'boolean') throw configError(file, 'replicationPolicy.internalTopicSeparatorEnabled', 'must be true or false');
    return { type: 'default', separator, internalTopicSeparatorEnabled: flag };
  }
  if (m.type === 'identity') {
    if (m.sourceAlias !== undefined && typeof m.sourceAlias !== 'string') throw configError(file, 'replicationPolicy.sourceAlias', 'must be a cluster alias');
    return { type: 'identity', sourceAlias: m.sourceAlias as string | undefined };
  }
  throw configError(file, 'replicationPolicy.type', `must be "default" or "identity", not ${JSON.stringify(m.type)}`);
}

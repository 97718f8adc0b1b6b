/**
 * Finds, reads and validates drctl's configuration.
 * Discovery order: --config, then DRCTL_CONFIG, then ./drctl.yaml, then the running sandbox's drctl.yaml.
 * An MM2 properties file (--mm2-config or `mm2Config:`) supplies clusters, flows, filters and the policy; whatever
 * drctl.yaml says wins over it. Secrets are `${ENV_VAR}` references or `passwordFile:` paths, never literals.
 * What a valid drctl.yaml is, and every message about an invalid one, is the schema in schema.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { DrctlError, configError } from '../errors.js';
import { parseFile } from '../schema/parse-file.js';
import { importMm2Properties, type Mm2Import } from './mm2-import.js';
import { drctlConfigSchema } from './schema.js';
import { defaultStateDir, sandboxConfigPath } from './state-dir.js';
import { expandPath } from './expand-path.js';
import type { DrctlConfig } from './types.js';

export { parseFlowName } from './flow-name.js';

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
  let raw: unknown = {};
  let file = src.mm2ConfigFlag ? expandPath(src.mm2ConfigFlag, cwd) : '';
  if (located) {
    file = located.path;
    if (!existsSync(file)) {
      throw new DrctlError('DRCTL_CONFIG_NOT_FOUND', `${file}: no such file (from ${located.via})`);
    }
    try {
      raw = parseYaml(readFileSync(file, 'utf8')) ?? {};
    } catch (e) {
      throw configError(file, '(syntax)', firstLine((e as Error).message));
    }
  }
  const baseDir = located ? dirname(file) : cwd;
  // The MM2 file is read first because the schema merges it under the document; a non-string mm2Config is left
  // for the schema to refuse.
  const mm2Config = isMapping(raw) && typeof raw.mm2Config === 'string' ? raw.mm2Config : undefined;
  const mm2Path = src.mm2ConfigFlag ? expandPath(src.mm2ConfigFlag, cwd) : mm2Config !== undefined ? expandPath(mm2Config, baseDir) : undefined;
  let mm2: Mm2Import | undefined;
  if (mm2Path) {
    if (!existsSync(mm2Path)) throw configError(located ? file : mm2Path, 'mm2Config', `${mm2Path}: no such file`);
    mm2 = importMm2Properties(mm2Path);
  }
  return validate(raw, file, baseDir, env, mm2);
}

const firstLine = (s: string): string => s.split('\n')[0];

const isMapping = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Validate a parsed drctl.yaml document (merged over an MM2 import) into a DrctlConfig. Exported for unit tests. */
export function validate(raw: unknown, file: string, baseDir: string, env: NodeJS.ProcessEnv, mm2?: Mm2Import): DrctlConfig {
  const config = parseFile(drctlConfigSchema({ file, baseDir, env, mm2 }), raw, file, { objectNoun: 'a mapping', hint: 'every key of drctl.yaml is described under "Configuration" in README.md' });
  // What the MM2 file has but drctl cannot use (a JKS truststore, GSSAPI) is an error of the MM2 file, unless
  // drctl.yaml supplies the setting itself.
  for (const p of mm2?.deferred ?? []) {
    const entry = isMapping(raw) && isMapping(raw.clusters) ? raw.clusters[p.alias] : undefined;
    if (!isMapping(entry) || entry[p.field] === undefined) throw configError(mm2!.file, p.key, p.problem, `set clusters.${p.alias}.${p.field} in drctl.yaml`);
  }
  return config;
}

/**
 * The schema of drctl.yaml. One zod schema gives the validation, the types (`DrctlYaml` is the document a user
 * writes, `DrctlConfig` what it resolves to) and the messages; `parseFile` turns its issues into
 * `<file>: <key path>: <problem>` errors (exit 2). Every mapping is closed: an unknown key is refused with the known
 * ones as the hint, since a misspelt key silently ignored is a setting the operator believes in and drctl does not.
 *
 * The schema also merges what an MM2 properties file supplies (clusters, flows, policy, offset-syncs location)
 * under the document: whatever drctl.yaml says wins. The cross-checks run on the merged result, so a flow listed
 * twice or a loop of flows under the identity policy is refused wherever it came from.
 */
import * as z from 'zod';
import type { Mm2Import } from './mm2-import.js';
import { ALIAS, aliasKey, clusterEntry, type ClusterSchemaContext } from './cluster-schema.js';
import { parseFlowName } from './flow-name.js';
import { flowCycle, repeatedFlow } from './flow-topology.js';
import { defaultStateDir } from './state-dir.js';
import { expandPath } from './expand-path.js';
import { MM2_DEFAULT_FILTERS, type ClusterConfig, type DrctlConfig, type FlowConfig, type ReplicationPolicyConfig } from './types.js';

/** What resolving drctl.yaml needs besides the document. */
export interface ConfigSchemaContext extends ClusterSchemaContext {
  /** The file the document came from (DrctlConfig.source). */
  file: string;
  mm2?: Mm2Import;
}

/** A JavaScript regex (MM2's filters are Java regexes; the common subset is what drctl supports). */
const regex = z.string().refine(
  (re) => {
    try {
      new RegExp(re);
      return true;
    } catch {
      return false;
    }
  },
  { error: (iss) => `${JSON.stringify(iss.input)} is not a valid regex` },
);

const flowName = z.string().transform((f, ctx) => {
  const name = parseFlowName(f);
  if (name) return name;
  ctx.issues.push({ code: 'custom', message: `must look like "NYC->LON", not ${JSON.stringify(f)}`, input: f });
  return z.NEVER;
});

/** A flow: `"NYC->LON"`, or a mapping with the flow and MM2's four filters (MM2's defaults when left out). */
const flowEntry = z.preprocess(
  (f) => (typeof f === 'string' ? { flow: f } : f),
  z.strictObject({ flow: flowName, topics: z.array(regex).optional(), topicsExclude: z.array(regex).optional(), groups: z.array(regex).optional(), groupsExclude: z.array(regex).optional() }).transform(({ flow, ...f }): FlowConfig => ({
    ...flow,
    topics: f.topics ?? [...MM2_DEFAULT_FILTERS.topics],
    topicsExclude: f.topicsExclude ?? [...MM2_DEFAULT_FILTERS.topicsExclude],
    groups: f.groups ?? [...MM2_DEFAULT_FILTERS.groups],
    groupsExclude: f.groupsExclude ?? [...MM2_DEFAULT_FILTERS.groupsExclude],
  })),
);

/** DefaultReplicationPolicy (`NYC.orders`) or IdentityReplicationPolicy (`orders`); keys of the other are refused. */
const replicationPolicy = z
  .strictObject({
    type: z.enum(['default', 'identity']).optional(),
    separator: z.string().min(1).optional(),
    internalTopicSeparatorEnabled: z.boolean().optional(),
    sourceAlias: z.string().regex(ALIAS, { error: 'must be a cluster alias' }).optional(),
    internalTopicRules: z.enum(['kafka4', 'kafka3']).optional(),
  })
  .transform((p, ctx): ReplicationPolicyConfig => {
    const internalTopicRules = p.internalTopicRules ?? 'kafka4';
    const misplaced = (p.type === 'identity' ? (['separator', 'internalTopicSeparatorEnabled'] as const) : (['sourceAlias'] as const)).find((k) => p[k] !== undefined);
    if (misplaced) {
      ctx.issues.push({ code: 'custom', message: `only applies to type: ${p.type === 'identity' ? 'default' : 'identity'}`, path: [misplaced], input: p[misplaced] });
      return z.NEVER;
    }
    if (p.type === 'identity') return { type: 'identity', sourceAlias: p.sourceAlias, internalTopicRules };
    return { type: 'default', separator: p.separator ?? '.', internalTopicSeparatorEnabled: p.internalTopicSeparatorEnabled ?? true, internalTopicRules };
  });

const seconds = z.number({ error: 'must be a non-negative number of seconds' }).min(0, { error: 'must be a non-negative number of seconds' });

/** A mapping that may also be written as an empty key (`objectives:` parses as null). */
const optionalMapping = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/** The drctl.yaml document, as a user writes it. */
export const drctlYamlDocument = (c: ClusterSchemaContext) =>
  z.strictObject({
    clusters: optionalMapping(z.record(aliasKey, clusterEntry(c))),
    flows: z.array(flowEntry, { error: 'must be a list such as ["NYC->LON"]' }).optional(),
    replicationPolicy: optionalMapping(replicationPolicy),
    offsetSyncs: optionalMapping(z.strictObject({ location: z.enum(['source', 'target']).optional() })),
    objectives: optionalMapping(z.strictObject({ rpoSeconds: seconds.optional(), rtoSeconds: seconds.optional() })),
    connect: optionalMapping(
      z.record(
        z.string(),
        z.strictObject({
          url: z.string({ error: 'must be the REST URL of a Connect worker' }).regex(/^https?:\/\/\S+$/, { error: 'must be an http(s) URL such as http://connect-1:8083' }),
          username: z.string().min(1).optional(),
          attachedTo: z.string().min(1).optional(),
        }),
      ),
    ),
    mirrorSettings: optionalMapping(z.record(z.string(), z.union([z.string(), z.number(), z.boolean()], { error: 'must map MM2 setting names to values, e.g. replication.factor: 3' }).transform(String))),
    stateDir: z.string({ error: 'must be a path' }).min(1).optional(),
    mm2Config: z.string({ error: 'must be the path of an MM2 properties file' }).min(1).optional(),
    discovery: optionalMapping(z.strictObject({ switchCommand: z.string().min(1).optional(), switchTimeoutSeconds: seconds.positive({ error: 'must be a positive number of seconds' }).max(3600, { error: 'must be at most 3600 seconds' }).optional() })),
    groupPrincipals: optionalMapping(
      z.record(
        z.string(),
        z.string().refine((p) => /^[A-Za-z]+:.+$/.test(p), {
          error: 'must be a principal such as User:orders-svc',
          params: { hint: 'map a group name (or "*" for every group) to the principal its consumers use' },
        }),
      ),
    ),
  });

/** drctl.yaml as a user writes it (the schema's input type). */
export type DrctlYaml = z.input<ReturnType<typeof drctlYamlDocument>>;

const DEFAULT_POLICY: ReplicationPolicyConfig = { type: 'default', separator: '.', internalTopicSeparatorEnabled: true };

/** drctl.yaml, merged over an MM2 import and resolved into a DrctlConfig. */
export const drctlConfigSchema = (c: ConfigSchemaContext) =>
  drctlYamlDocument(c).transform((doc, ctx): DrctlConfig => {
    // zod runs this even after an unknown key; the cross-checks below would only report its consequences.
    if (ctx.issues.length > 0) return z.NEVER;
    const issue = (path: PropertyKey[], message: string, hint?: string) => {
      ctx.issues.push({ code: 'custom', message, path, input: doc, params: { hint } });
      return z.NEVER;
    };
    const clusters: Record<string, ClusterConfig> = { ...(c.mm2?.clusters ?? {}) };
    for (const [alias, entry] of Object.entries(doc.clusters ?? {})) {
      const imported = clusters[alias];
      const bootstrapServers = entry.bootstrapServers ?? imported?.bootstrapServers;
      if (!bootstrapServers) return issue(['clusters', alias, 'bootstrap'], 'is missing', 'e.g. bootstrap: kafka-1.nyc:9092,kafka-2.nyc:9092');
      const tls = entry.tls === undefined ? imported?.tls : (entry.tls ?? undefined);
      clusters[alias] = { alias, bootstrapServers, clusterId: entry.clusterId, tls, sasl: entry.sasl ?? imported?.sasl };
    }
    const aliases = Object.keys(clusters);
    if (aliases.length === 0) return issue(['clusters'], 'no clusters are defined', 'define at least two aliases, e.g. NYC and LON');

    const flows = doc.flows ?? c.mm2?.flows ?? [];
    for (const [i, f] of flows.entries()) {
      const unknown = [f.source, f.target].find((a) => !clusters[a]);
      if (unknown) return issue(doc.flows ? ['flows', i] : ['flows'], `flow ${f.source}->${f.target} names unknown alias "${unknown}"`, `defined aliases: ${aliases.join(', ')}`);
    }
    // A setting drctl.yaml leaves to the MM2 file is named with that file, since the error names drctl.yaml.
    const fromMm2 = (key: 'flows' | 'replicationPolicy'): string => (doc[key] === undefined && c.mm2 && c.mm2.file !== c.file ? ` (from ${c.mm2.file})` : '');
    const repeated = repeatedFlow(flows);
    if (repeated !== undefined) {
      const f = flows[repeated];
      return issue(doc.flows ? ['flows', repeated] : ['flows'], `flow ${f.source}->${f.target} is listed twice${fromMm2('flows')}`, 'list each flow once, with all its topic and group filters in that one entry');
    }
    const replicationPolicy = doc.replicationPolicy ?? c.mm2?.replicationPolicy ?? DEFAULT_POLICY;
    // Identity keeps topic names, so MM2's cycle detection (which reads the source alias off a remote topic's prefix)
    // cannot see a record coming back: around a cycle of flows it is copied without end. The default policy is safe.
    if (replicationPolicy.type === 'identity') {
      const cycle = flowCycle(flows);
      if (cycle)
        return issue(
          ['flows'],
          `flows ${cycle.join('->')} form a loop under the identity replication policy${fromMm2('replicationPolicy') || fromMm2('flows')}: mirrored topics keep their names, so MM2 would copy every record around it without end`,
          `use replicationPolicy type: default (remote topics named ${cycle[0]}.<topic>, which MM2 never copies back to ${cycle[0]}), or remove a flow of the loop`,
        );
      const sources = [...new Set(flows.map((f) => f.source))];
      if (replicationPolicy.sourceAlias !== undefined && sources.length > 1)
        return issue(
          doc.replicationPolicy ? ['replicationPolicy', 'sourceAlias'] : ['replicationPolicy'],
          `the identity policy's source alias is fixed to ${replicationPolicy.sourceAlias}${fromMm2('replicationPolicy')}, but flows come from ${sources.join(', ')}: topics mirrored from the others would be taken for ${replicationPolicy.sourceAlias}'s`,
          "leave sourceAlias (source.cluster.alias in an MM2 file) out: drctl then takes each flow's own source, as MM2 does",
        );
    }
    for (const [key, entry] of Object.entries(doc.connect ?? {})) {
      const flow = flows.find((f) => `${f.source}->${f.target}` === key);
      if (!flow) return issue(['connect', key], `names no configured flow`, `configured flows: ${flows.map((f) => `${f.source}->${f.target}`).join(', ') || 'none'}`);
      if (entry.attachedTo !== undefined && entry.attachedTo !== flow.source && entry.attachedTo !== flow.target)
        return issue(['connect', key, 'attachedTo'], `must be ${flow.source} or ${flow.target}, the cluster the Connect workers store their state in`, `the flow's target (${flow.target}) is the usual one, and the default`);
    }
    const stateDir = c.env.DRCTL_STATE_DIR ? expandPath(c.env.DRCTL_STATE_DIR) : doc.stateDir ? expandPath(doc.stateDir, c.baseDir) : defaultStateDir({});
    return {
      source: c.file,
      clusters,
      flows,
      replicationPolicy,
      offsetSyncsLocation: doc.offsetSyncs?.location ?? c.mm2?.offsetSyncsLocation ?? 'source',
      objectives: doc.objectives ?? {},
      mirrorSettings: doc.mirrorSettings ?? {},
      connect: doc.connect ?? {},
      stateDir,
      switchCommand: doc.discovery?.switchCommand,
      switchTimeoutMs: doc.discovery?.switchTimeoutSeconds === undefined ? undefined : doc.discovery.switchTimeoutSeconds * 1000,
      groupPrincipals: doc.groupPrincipals ?? {},
    };
  });

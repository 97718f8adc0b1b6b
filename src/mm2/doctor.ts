/**
 * `drctl mirror doctor`: reads a MirrorMaker 2 configuration and flags the settings that hurt disaster recovery, each
 * with why and the fix. Pure: it takes the properties (already parsed) and returns findings, one per setting and
 * flow. Scoping follows MirrorMakerConfig: `A->B.key` overrides the top-level `key` for that flow, and `A.consumer.…`
 * / `B.producer.…` configure the clients of cluster A / B. Defaults are MM2's (Kafka 3.x/4.x).
 */

/** How bad a finding is: `error` fails CI (exit 1). */
export type FindingLevel = 'error' | 'warning' | 'info';

/** One thing the doctor found. */
export interface Finding {
  /** Stable id of the rule (for scripts and suppression lists). */
  rule: string;
  level: FindingLevel;
  /** The flow it concerns (`NYC->LON`), or null for a setting of the whole file. */
  flow: string | null;
  setting: string;
  /** The effective value, `(default)` appended when the file does not set it. */
  value: string;
  problem: string;
  fix: string;
}

/** What the doctor reads besides the properties. */
export interface DoctorOptions {
  /** The RPO objective (drctl.yaml `objectives.rpoSeconds` or --rpo-objective), to weigh the checkpoint interval. */
  rpoSeconds?: number;
}

/** MM2's defaults for the settings the rules read. */
const DEFAULTS: Record<string, string> = {
  'tasks.max': '1',
  'refresh.groups.enabled': 'true',
  'refresh.groups.interval.seconds': '600',
  'emit.checkpoints.enabled': 'true',
  'emit.checkpoints.interval.seconds': '60',
  'sync.group.offsets.enabled': 'false',
  'offset-syncs.topic.location': 'source',
  'offset.lag.max': '100',
  'emit.heartbeats.enabled': 'true',
  'replication.policy.class': 'org.apache.kafka.connect.mirror.DefaultReplicationPolicy',
  'replication.factor': '2',
  'offset-syncs.topic.replication.factor': '3',
  'checkpoints.topic.replication.factor': '3',
  'heartbeats.topic.replication.factor': '3',
  'config.storage.replication.factor': '3',
  'offset.storage.replication.factor': '3',
  'status.storage.replication.factor': '3',
};

/** Refreshing groups more rarely than this leaves new groups without checkpoints for too long. */
const MAX_REFRESH_SECONDS = 60;
/** Without an RPO objective, checkpoints older than this are flagged. */
const MAX_CHECKPOINT_SECONDS = 60;

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
const isTrue = (v: string): boolean => v.trim().toLowerCase() === 'true';

/** The enabled flows of the file (`A->B.enabled = true` for aliases listed in `clusters`). */
export function enabledFlows(get: (key: string) => string | undefined): { source: string; target: string }[] {
  const aliases = list(get('clusters'));
  const flows: { source: string; target: string }[] = [];
  for (const source of aliases) for (const target of aliases) if (source !== target && isTrue(get(`${source}->${target}.enabled`) ?? 'false')) flows.push({ source, target });
  return flows;
}

/** Diagnose a MirrorMaker 2 configuration: every finding, errors first. */
export function diagnoseMm2(get: (key: string) => string | undefined, o: DoctorOptions = {}): Finding[] {
  const out: Finding[] = [];
  const flows = enabledFlows(get);
  if (flows.length === 0) {
    out.push({
      rule: 'no-flow',
      level: 'error',
      flow: null,
      setting: 'clusters / A->B.enabled',
      value: get('clusters') ?? '(missing)',
      problem: 'no flow is enabled: MM2 would copy nothing',
      fix: 'list the aliases in "clusters" and set e.g. "NYC->LON.enabled = true"',
    });
    return out;
  }
  for (const { source, target } of flows) {
    const flow = `${source}->${target}`;
    /** A flow-scoped setting: `A->B.key`, else `key`, else MM2's default. */
    const setting = (key: string): { value: string; set: boolean } => {
      const v = get(`${flow}.${key}`) ?? get(key);
      return v === undefined ? { value: DEFAULTS[key], set: false } : { value: v.trim(), set: true };
    };
    const shown = (s: { value: string; set: boolean }) => (s.set ? s.value : `${s.value} (default)`);
    const add = (rule: string, level: FindingLevel, key: string, s: { value: string; set: boolean }, problem: string, fix: string) => out.push({ rule, level, flow, setting: key, value: shown(s), problem, fix });

    const tasks = setting('tasks.max');
    if (Number(tasks.value) < 2)
      add(
        'tasks-max',
        'warning',
        'tasks.max',
        tasks,
        'one task copies every partition and checkpoints every group of the flow: one stuck or restarting task stops all of it, and throughput cannot grow',
        `${flow}.tasks.max = 4 (at least 2; up to the number of partitions to copy)`,
      );

    const refreshOn = setting('refresh.groups.enabled');
    const refresh = setting('refresh.groups.interval.seconds');
    if (!isTrue(refreshOn.value))
      add('refresh-groups', 'error', 'refresh.groups.enabled', refreshOn, 'MM2 never looks for new groups: a group created after MM2 started gets no checkpoint, and no failover can translate it', `${flow}.refresh.groups.enabled = true`);
    else if (Number(refresh.value) > MAX_REFRESH_SECONDS)
      add(
        'refresh-groups',
        'warning',
        'refresh.groups.interval.seconds',
        refresh,
        `a new group gets no checkpoint for up to ${refresh.value} s: an unplanned failover in that window has no MM2 evidence for it (and each change of the group set restarts the checkpoint tasks)`,
        `${flow}.refresh.groups.interval.seconds = ${MAX_REFRESH_SECONDS} (drctl agent also covers new groups within its interval)`,
      );

    const cpOn = setting('emit.checkpoints.enabled');
    const cp = setting('emit.checkpoints.interval.seconds');
    if (!isTrue(cpOn.value)) add('checkpoints', 'error', 'emit.checkpoints.enabled', cpOn, 'MM2 writes no checkpoints: an unplanned failover has nothing to translate committed offsets with', `${flow}.emit.checkpoints.enabled = true`);
    else if (Number(cp.value) <= 0) add('checkpoints', 'error', 'emit.checkpoints.interval.seconds', cp, 'an interval of 0 or less makes the checkpoint task spin, listing offsets continuously', `${flow}.emit.checkpoints.interval.seconds = 10`);
    else if (o.rpoSeconds !== undefined && Number(cp.value) > o.rpoSeconds)
      add(
        'checkpoints',
        'error',
        'emit.checkpoints.interval.seconds',
        cp,
        `checkpoints every ${cp.value} s exceed the RPO objective of ${o.rpoSeconds} s: a group's newest checkpoint can be older than the data you accept to lose or repeat`,
        `${flow}.emit.checkpoints.interval.seconds = ${Math.max(1, Math.floor(o.rpoSeconds / 2))}`,
      );
    else if (o.rpoSeconds === undefined && Number(cp.value) > MAX_CHECKPOINT_SECONDS)
      add(
        'checkpoints',
        'warning',
        'emit.checkpoints.interval.seconds',
        cp,
        `a group's newest checkpoint can be ${cp.value} s old: an unplanned failover repeats everything it consumed since`,
        `${flow}.emit.checkpoints.interval.seconds = 10 (or set objectives.rpoSeconds in drctl.yaml to weigh it)`,
      );

    const sync = setting('sync.group.offsets.enabled');
    if (isTrue(sync.value))
      add(
        'sync-group-offsets',
        'warning',
        'sync.group.offsets.enabled',
        sync,
        "MM2 writes translated offsets into the target's groups while drctl moves them too: two writers of the same offsets, and MM2's sync can rewind a group that has just started on the target",
        `${flow}.sync.group.offsets.enabled = false (drctl failover commits the exact offsets when you fail over)`,
      );

    // The source consumer: MM2 reads `A.consumer.…` (cluster A's consumers), overridden per flow.
    const isolationKeys = [`${flow}.${source}.consumer.isolation.level`, `${flow}.consumer.isolation.level`, `${source}.consumer.isolation.level`, 'consumer.isolation.level', `${flow}.source.consumer.isolation.level`, 'source.consumer.isolation.level'];
    const isolationKey = isolationKeys.find((k) => get(k) !== undefined);
    const isolation = isolationKey ? get(isolationKey)!.trim() : 'read_uncommitted';
    if (isolation !== 'read_committed')
      out.push({
        rule: 'isolation',
        level: 'warning',
        flow,
        setting: isolationKey ?? `${source}.consumer.isolation.level`,
        value: isolationKey ? isolation : 'read_uncommitted (default)',
        problem: 'if any source topic is written in transactions, MM2 copies aborted and still-open transactions as plain records, which consumers on the target then read',
        fix: `${source}.consumer.isolation.level = read_committed`,
      });

    const location = setting('offset-syncs.topic.location');
    const lag = setting('offset.lag.max');
    if (location.value !== 'target')
      add(
        'offset-syncs-location',
        'warning',
        'offset-syncs.topic.location',
        location,
        `the offset syncs live on ${source}: when ${source} is lost, translation falls back to MM2's checkpoints alone, up to offset.lag.max (${lag.value}) records behind per partition`,
        `offset-syncs.topic.location = target (on both the source and the checkpoint connector), or run drctl agent beside MM2`,
      );
    if (Number(lag.value) > 0)
      add(
        'offset-lag-max',
        Number(lag.value) > 100 ? 'warning' : 'info',
        'offset.lag.max',
        lag,
        `a sync is written every ${lag.value} records at most: MM2's translation can be up to ${lag.value} records behind per partition, that many duplicates per partition after an unplanned failover without drctl agent`,
        `${flow}.offset.lag.max = 10 for tighter translation (more sync records), or run drctl agent for exact checkpoints`,
      );

    const hb = setting('emit.heartbeats.enabled');
    if (!isTrue(hb.value))
      add(
        'heartbeats',
        'warning',
        'emit.heartbeats.enabled',
        hb,
        `no heartbeats flow from ${source} to ${target}: nothing shows the link alive when no data moves, and RemoteClusterUtils on ${target} cannot find ${source} upstream`,
        `${flow}.emit.heartbeats.enabled = true`,
      );

    // The target producer: records acknowledged by one replica can vanish with it; without idempotence, a retried
    // batch can land after the next one.
    const producerValue = (key: string): { key: string; value: string } | null => {
      for (const k of [`${flow}.${target}.producer.${key}`, `${flow}.producer.${key}`, `${target}.producer.${key}`, `producer.${key}`, `${flow}.target.producer.${key}`, `target.producer.${key}`]) {
        const v = get(k);
        if (v !== undefined) return { key: k, value: v.trim() };
      }
      return null;
    };
    const acks = producerValue('acks');
    if (acks && acks.value !== 'all' && acks.value !== '-1')
      out.push({
        rule: 'producer-acks',
        level: 'error',
        flow,
        setting: acks.key,
        value: acks.value,
        problem: `records MM2 copies are acknowledged before every in-sync replica of ${target} has them: losing one broker can lose them on the DR copy`,
        fix: `${target}.producer.acks = all`,
      });
    const idem = producerValue('enable.idempotence');
    const inflight = producerValue('max.in.flight.requests.per.connection');
    const inflightN = inflight ? Number(inflight.value) : 5;
    if (idem && !isTrue(idem.value) && inflightN > 1)
      out.push({
        rule: 'producer-ordering',
        level: 'error',
        flow,
        setting: idem.key,
        value: `${idem.value} with max.in.flight.requests.per.connection ${inflight ? inflight.value : '5 (default)'}`,
        problem: `without idempotence and with more than one request in flight, a retried batch can land after the next one: records reordered on ${target}`,
        fix: `${target}.producer.enable.idempotence = true (or max.in.flight.requests.per.connection = 1)`,
      });
    else if ((!idem || isTrue(idem.value)) && inflight && inflightN > 5)
      out.push({
        rule: 'producer-ordering',
        level: 'error',
        flow,
        setting: inflight.key,
        value: inflight.value,
        problem: 'idempotence, which keeps order across retries, allows at most 5 requests in flight: the producer fails to start or, with idempotence off, reorders',
        fix: `${target}.producer.max.in.flight.requests.per.connection = 5`,
      });
  }

  // Settings of the whole deployment (MM2 creates these topics once).
  for (const key of [
    'replication.factor',
    'offset-syncs.topic.replication.factor',
    'checkpoints.topic.replication.factor',
    'heartbeats.topic.replication.factor',
    'config.storage.replication.factor',
    'offset.storage.replication.factor',
    'status.storage.replication.factor',
  ]) {
    const v = get(key)?.trim();
    const value = v ?? DEFAULTS[key];
    const n = Number(value);
    if (n === -1 || n >= 3) continue; // -1: the broker's default.replication.factor
    out.push({
      rule: 'replication-factor',
      level: n <= 1 ? 'error' : 'warning',
      flow: null,
      setting: key,
      value: v === undefined ? `${value} (default)` : value,
      problem: `${key === 'replication.factor' ? 'remote topics' : `MM2's ${key.split('.')[0]} topic`} ${n <= 1 ? 'would have one copy: one broker lost loses it' : 'would have two copies: a broker lost leaves one, and min.insync.replicas 2 then stops writes'}`,
      fix: `${key} = 3 (or -1 for the broker's default)`,
    });
  }

  // An identity policy keeps topic names, so with both directions on, every record cycles between the clusters.
  const policy = (get('replication.policy.class') ?? DEFAULTS['replication.policy.class']).trim();
  if (policy.endsWith('IdentityReplicationPolicy'))
    for (const { source, target } of flows)
      if (source < target && flows.some((f) => f.source === target && f.target === source))
        out.push({
          rule: 'identity-loop',
          level: 'error',
          flow: `${source}<->${target}`,
          setting: 'replication.policy.class',
          value: policy,
          problem: `both ${source}->${target} and ${target}->${source} are enabled with an identity policy: remote topics keep their names, so MM2 copies every record back and forth without end`,
          fix: `use DefaultReplicationPolicy (remote topics named ${source}.<topic>) for a two-way setup, or disable one direction`,
        });

  const order: Record<FindingLevel, number> = { error: 0, warning: 1, info: 2 };
  return out.sort((a, b) => order[a.level] - order[b.level]);
}

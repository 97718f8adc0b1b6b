/**
 * MM2's replication policies (DefaultReplicationPolicy with its separator, IdentityReplicationPolicy with a source
 * alias): remote and upstream topic names and internal-topic detection, with Java `String.split` semantics.
 */
import type { InternalTopicRules, ReplicationPolicyConfig } from '../config/types.js';

/** The naming rules of one MM2 replication policy. */
export interface ReplicationPolicy {
  formatRemoteTopic(sourceAlias: string, topic: string): string;
  /** The alias a remote topic came from, or null for a local topic. */
  topicSource(topic: string): string | null;
  /** The topic name one hop upstream, or null for a local topic. */
  upstreamTopic(topic: string): string | null;
  heartbeatsTopic(): string;
  checkpointsTopic(sourceAlias: string): string;
  offsetSyncsTopic(alias: string): string;
  isHeartbeatsTopic(topic: string): boolean;
  isCheckpointsTopic(topic: string): boolean;
  isMM2InternalTopic(topic: string): boolean;
  isInternalTopic(topic: string): boolean;
}

/** Java's `Pattern.split` on a literal separator: trailing empty strings are removed. */
export function javaSplit(s: string, sep: string): string[] {
  const parts = s.split(sep);
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  return parts;
}

/** DefaultReplicationPolicy: `<source><sep><topic>`. */
export class DefaultReplicationPolicy implements ReplicationPolicy {
  constructor(
    readonly separator = '.',
    readonly internalTopicSeparatorEnabled = true,
    readonly internalTopicRules: InternalTopicRules = 'kafka4',
  ) {}

  private get internalSep(): string {
    return this.internalTopicSeparatorEnabled ? this.separator : '.';
  }

  formatRemoteTopic(sourceAlias: string, topic: string): string {
    return `${sourceAlias}${this.separator}${topic}`;
  }

  topicSource(topic: string): string | null {
    // javaSplit(topic, sep)[0] when the split has two parts or more, without splitting: asked for every committed
    // partition of a failover. Java drops trailing empty parts, so a name whose rest is only separators has no source.
    const sep = this.separator;
    const i = topic.indexOf(sep);
    if (i < 0) return null;
    for (let j = i + sep.length; j < topic.length; j += sep.length) if (!topic.startsWith(sep, j)) return topic.slice(0, i);
    return null;
  }

  upstreamTopic(topic: string): string | null {
    const source = this.topicSource(topic);
    return source === null ? null : topic.slice(source.length + this.separator.length);
  }

  /** Follow upstreamTopic until a local name (guarding against identity-style fixpoints). */
  originalTopic(topic: string): string {
    let cur = topic;
    for (;;) {
      const up = this.upstreamTopic(cur);
      if (up === null || up === cur) return cur;
      cur = up;
    }
  }

  heartbeatsTopic(): string {
    return 'heartbeats';
  }

  checkpointsTopic(sourceAlias: string): string {
    return `${sourceAlias}${this.internalSep}checkpoints${this.internalSep}internal`;
  }

  offsetSyncsTopic(alias: string): string {
    return `mm2-offset-syncs${this.internalSep}${alias}${this.internalSep}internal`;
  }

  isHeartbeatsTopic(topic: string): boolean {
    return this.originalTopic(topic) === this.heartbeatsTopic();
  }

  isCheckpointsTopic(topic: string): boolean {
    return topic.endsWith(`${this.internalSep}checkpoints${this.internalSep}internal`);
  }

  /** 4.x (KIP-1074): `mm2*.internal` or a checkpoints topic. 3.x: anything ending in `.internal`. */
  isMM2InternalTopic(topic: string): boolean {
    if (this.internalTopicRules === 'kafka3') return topic.endsWith(`${this.internalSep}internal`);
    return (topic.startsWith('mm2') && topic.endsWith(`${this.internalSep}internal`)) || this.isCheckpointsTopic(topic);
  }

  /** 4.x: MM2-internal, `__*` or `.*`. 3.x additionally any topic ending in `-internal` or `.internal`. */
  isInternalTopic(topic: string): boolean {
    const common = this.isMM2InternalTopic(topic) || topic.startsWith('__') || topic.startsWith('.');
    return this.internalTopicRules === 'kafka3' ? common || topic.endsWith('-internal') || topic.endsWith('.internal') : common;
  }
}

/** IdentityReplicationPolicy: remote topics keep their names (heartbeats still get the prefix). */
export class IdentityReplicationPolicy extends DefaultReplicationPolicy {
  constructor(
    readonly sourceAlias?: string,
    internalTopicRules: InternalTopicRules = 'kafka4',
  ) {
    super('.', true, internalTopicRules);
  }

  private looksLikeHeartbeat(topic: string): boolean {
    return topic.endsWith(this.heartbeatsTopic());
  }

  override formatRemoteTopic(sourceAlias: string, topic: string): string {
    return this.looksLikeHeartbeat(topic) ? super.formatRemoteTopic(sourceAlias, topic) : topic;
  }

  override topicSource(topic: string): string | null {
    return this.looksLikeHeartbeat(topic) ? super.topicSource(topic) : (this.sourceAlias ?? null);
  }

  override upstreamTopic(topic: string): string | null {
    return this.looksLikeHeartbeat(topic) ? super.upstreamTopic(topic) : topic;
  }
}

/** The policy object for a configured policy; identity needs the flow's source alias. */
export function replicationPolicyFor(cfg: ReplicationPolicyConfig, flowSource?: string): ReplicationPolicy {
  const rules = cfg.internalTopicRules ?? 'kafka4';
  return cfg.type === 'identity' ? new IdentityReplicationPolicy(cfg.sourceAlias ?? flowSource, rules) : new DefaultReplicationPolicy(cfg.separator, cfg.internalTopicSeparatorEnabled, rules);
}

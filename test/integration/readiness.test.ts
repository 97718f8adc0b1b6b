import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import kafkajs from 'kafkajs';
import { readCheckpoints } from '../../src/mm2/checkpoint-reader.js';
import { startAppConsumer } from '../helpers/app-consumer.js';
import { eventually, randomName, runCli, sandboxConfig, sandboxGateway } from '../helpers/sandbox.js';

type Verdict = { flow: string; group: string | null; go: boolean; reasons: string[]; skipped: string[] };

async function readiness(group: string, maxCheckpointAge = '2s', extra: string[] = []): Promise<{ code: number; group: Verdict }> {
  const r = await runCli(['status', '--group', group, '--max-checkpoint-age', maxCheckpointAge, '--json', ...extra]);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const v = (JSON.parse(r.stdout).readiness as Verdict[]).find((x) => x.group === group)!;
  return { code: r.code, group: v };
}

describe('drctl status: GO / NO-GO readiness', () => {
  const nyc = sandboxGateway('NYC');
  const lon = sandboxGateway('LON');
  after(() => Promise.all([nyc.close(), lon.close()]));

  it('GO when checkpointed; NO-GO when active on LON, and when the checkpoint goes stale behind the group', async () => {
    const topic = randomName('ready');
    const group = randomName('ready-svc');
    await nyc.createTopic(topic, 1);
    await nyc.produce(
      topic,
      Array.from({ length: 100 }, (_, i) => ({ value: `r${i}`, partition: 0 })),
    );
    await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 50n }]);
    await eventually(async () => (await readCheckpoints(lon, 'NYC.checkpoints.internal', 10_000)).groups.get(group)?.get(`NYC.${topic}:0`)?.upstreamOffset === 50n, 60_000, 'the checkpoint');
    const go = await readiness(group);
    assert.deepEqual([go.code, go.group.go, go.group.reasons], [0, true, []]);

    const app = await startAppConsumer(sandboxConfig().clusters.LON.bootstrapServers, group, `NYC.${topic}`);
    try {
      const busy = await readiness(group);
      assert.equal(busy.code, 1);
      assert.match(busy.group.reasons.join('\n'), /^active on LON \(Stable, 1 member, classic\)/m);
    } finally {
      await app.disconnect();
    }

    assert.equal((await runCli(['sandbox', 'stop', 'mirror'])).code, 0);
    try {
      await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 80n }]);
      const stale = await eventually(
        async () => {
          const r = await readiness(group);
          return r.group.go ? undefined : r;
        },
        30_000,
        'the checkpoint to go stale',
      );
      assert.equal(stale.code, 1);
      assert.match(stale.group.reasons.join('\n'), new RegExp(`stale checkpoint for ${topic}-0: [0-9.]+ s old at offset 50, the group has committed 80 on NYC since`));
    } finally {
      assert.equal((await runCli(['sandbox', 'start', 'mirror'])).code, 0);
    }
    await eventually(async () => (await readiness(group)).group.go, 60_000, 'GO again once MM2 checkpoints the new offset');
  });

  it('NO-GO when the target keeps records for less time than the group lags behind', async () => {
    const topic = randomName('slow');
    const group = randomName('slow-svc');
    // LON's copy already exists with a 1-hour retention (MM2 keeps an existing topic's config until its next sync).
    await lon.createTopic(`NYC.${topic}`, 1, { 'retention.ms': '3600000' });
    await nyc.createTopic(topic, 1, { 'retention.ms': '-1' });
    const old = Date.now() - 2 * 3600_000;
    try {
      await nyc.produce(
        topic,
        Array.from({ length: 10 }, (_, i) => ({ value: `s${i}`, partition: 0, timestamp: old + i })),
      );
      await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 4n }]);
      const r = await eventually(
        async () => {
          const x = await readiness(group, '10m');
          return x.group.reasons.some((m) => m.includes('retention.ms')) ? x : undefined;
        },
        60_000,
        'the retention verdict',
      );
      assert.equal(r.code, 1);
      assert.match(r.group.reasons.join('\n'), new RegExp(`retention.ms of NYC.${topic} on LON is 3600000, but the group's next record in ${topic}-0 is [0-9.]+ s old`));
    } finally {
      // LON's retention check (every 5 minutes) empties the copy of these 2-hour-old records: from then on no record
      // is common to both logs, so the flow-wide RPO the later tests of the shared sandbox read would be unknown (it
      // failed report-rpo and zz-sandbox-faults in CI). The source first, or MM2 would copy it again.
      await nyc.deleteTopics([topic]);
      await lon.deleteTopics([`NYC.${topic}`]);
    }
  });

  it("with an authorizer on LON: NO-GO until the group's principal may read its group and topics there", async () => {
    const topic = randomName('secure');
    const group = randomName('secure-svc');
    await nyc.createTopic(topic, 1);
    await nyc.produce(
      topic,
      Array.from({ length: 10 }, (_, i) => ({ value: `x${i}`, partition: 0 })),
    );
    await nyc.commitOffsets(group, [{ topic, partition: 0, offset: 5n }]);
    await eventually(async () => (await readCheckpoints(lon, 'NYC.checkpoints.internal', 10_000)).groups.get(group)?.get(`NYC.${topic}:0`)?.upstreamOffset === 5n, 60_000, 'the checkpoint');
    const unnamed = await readiness(group, '10m');
    assert.ok(
      unnamed.group.skipped.some((s) => s.includes(`no principal configured for ${group}`)),
      unnamed.group.skipped.join('\n'),
    );

    // The same sandbox config, plus the principal the group's consumers use.
    const file = join(mkdtempSync(join(tmpdir(), 'drctl-acl-')), 'drctl.yaml');
    writeFileSync(file, `${readFileSync(sandboxConfig().source, 'utf8')}\ngroupPrincipals:\n  ${group}: User:alice\n`);
    const none = await readiness(group, '10m', ['--config', file]);
    assert.equal(none.code, 1);
    assert.ok(none.group.reasons.includes(`User:alice lacks READ on group ${group}, READ on topic NYC.${topic} on LON: its consumers would be refused there`), none.group.reasons.join('\n'));

    const admin = new kafkajs.Kafka({ clientId: 'test-acl', brokers: sandboxConfig().clusters.LON.bootstrapServers, logLevel: kafkajs.logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const allow = { principal: 'User:alice', host: '*', operation: kafkajs.AclOperationTypes.READ, permissionType: kafkajs.AclPermissionTypes.ALLOW };
      await admin.createAcls({ acl: [{ ...allow, resourceType: kafkajs.AclResourceTypes.TOPIC, resourceName: `NYC.${topic}`, resourcePatternType: kafkajs.ResourcePatternTypes.LITERAL }] });
      const half = await eventually(
        async () => {
          const r = await readiness(group, '10m', ['--config', file]);
          return r.group.reasons.some((m) => m.includes(`READ on topic`)) ? undefined : r;
        },
        30_000,
        'the topic ACL to be seen',
      );
      assert.ok(half.group.reasons.includes(`User:alice lacks READ on group ${group} on LON: its consumers would be refused there`), half.group.reasons.join('\n'));
      await admin.createAcls({ acl: [{ ...allow, resourceType: kafkajs.AclResourceTypes.GROUP, resourceName: group.split('-')[0], resourcePatternType: kafkajs.ResourcePatternTypes.PREFIXED }] });
      const ok = await eventually(
        async () => {
          const r = await readiness(group, '10m', ['--config', file]);
          return r.group.go ? r : undefined;
        },
        30_000,
        'GO once the prefixed group ACL exists',
      );
      assert.equal(ok.code, 0);
    } finally {
      await admin.disconnect();
    }
  });
});

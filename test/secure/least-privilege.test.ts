/**
 * Least privilege on the secure profile: the README's table, tested. `viewer` holds only the rows of the read-only
 * commands (CLUSTER DESCRIBE; TOPIC READ and DESCRIBE_CONFIGS; GROUP DESCRIBE): every read-only command works as it,
 * and a command that changes offsets is refused with exit 3 naming what to grant, with nothing changed.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { awaitCopied, configAs, drctl, gatewayAs, secureState } from '../helpers/secure.js';
import { randomName, runCli } from '../helpers/sandbox.js';

describe('least privilege: the read-only principal', () => {
  const nyc = gatewayAs('NYC', 'app');
  const lon = gatewayAs('LON', 'admin');
  const topic = randomName('lp-orders');
  const group = randomName('lp-svc');
  const asViewer = (args: string[]) => runCli(args, { DRCTL_CONFIG: configAs('viewer') });
  after(() => Promise.all([nyc.close(), lon.close()]));

  before(async () => {
    await nyc.createTopic(topic, 3);
    await nyc.produce(
      topic,
      Array.from({ length: 30 }, (_, i) => ({ value: `lp-${i}`, partition: i % 3 })),
    );
    await nyc.commitOffsets(
      group,
      [0, 1, 2].map((partition) => ({ topic, partition, offset: 4n })),
    );
    await awaitCopied(lon, topic, 3, 10n);
  });

  const readOnly: [string, string[]][] = [
    ['status', ['status', '--json']],
    ['report rpo', ['report', 'rpo', '--flow', 'NYC->LON', '--json']],
    ['offsets translate', ['offsets', 'translate', '--group', '<group>', '--method', 'exact', '--json']],
    ['a failover dry run', ['failover', '--group', '<group>', '--to', 'LON', '--dry-run', '--json']],
    ['a failback plan', ['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', '<topic>', '--json']],
  ];
  for (const [what, args] of readOnly)
    it(`${what} works with the read-only ACLs, and gives what drctl's full ACLs give`, async () => {
      const a = args.map((x) => (x === '<group>' ? group : x === '<topic>' ? topic : x));
      const [viewer, full] = [await asViewer(a), await drctl(a)];
      assert.equal(viewer.code, full.code, `${viewer.stderr}\n${full.stderr}`);
      assert.ok(viewer.code === 0, viewer.stderr);
      assert.doesNotMatch(viewer.stdout, /not authorized|AUTHORIZATION_FAILED/);
    });

  it('a failover as viewer: exit 3 naming the ACL to grant; nothing committed on LON', async () => {
    const r = await asViewer(['failover', '--group', group, '--to', 'LON', '--yes', '--reason', 'least privilege']);
    assert.equal(r.code, 3, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.match(lines.at(-2)!, new RegExp(`^error: nothing changed: the group was refused: ${group}: LON: not authorized to commit offsets of group ${group} \\(GROUP_AUTHORIZATION_FAILED\\)$`));
    assert.equal(lines.at(-1), `hint: grant User:viewer READ on GROUP ${group} and READ on its topics on LON (the README's least-privilege table lists what each command needs)`);
    assert.deepEqual(await lon.committedOffsets(group), []);
  });
});

describe('least privilege: a missing ACL', () => {
  it('is refused with exit 3, naming the operation, the ACL to grant and the principal; nothing changes', async () => {
    // `app` may read and write topics and join groups, but not read topic configs: failback's plan reads them.
    const nyc = gatewayAs('NYC', 'admin');
    try {
      const before = await nyc.listTopics();
      const r = await runCli(['failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--salvage-dir', join(secureState().dir, 'salvage')], { DRCTL_CONFIG: configAs('app') });
      assert.equal(r.code, 3, r.stderr);
      const [cause, hint] = r.stderr.trim().split('\n');
      assert.equal(cause, 'error: NYC: not authorized to describe topic configs (TOPIC_AUTHORIZATION_FAILED)');
      assert.equal(hint, "hint: grant User:app DESCRIBE_CONFIGS on the topics in scope on NYC (the README's least-privilege table lists what each command needs)");
      assert.deepEqual(await nyc.listTopics(), before);
    } finally {
      await nyc.close();
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { validate } from '../../../src/config/load.js';
import { isDrctlError } from '../../../src/errors.js';
import { FakeGateway } from '../../../src/kafka/fake-gateway.js';
import { encodeCheckpoint } from '../../../src/mm2/codecs.js';
import { buildRpoReport, checkFlows, flowBreaches } from '../../../src/report/rpo-report.js';

const config = validate({ clusters: { NYC: { bootstrap: 'n:1' }, LON: { bootstrap: 'l:1' } }, flows: ['NYC->LON'], offsetSyncs: { location: 'target' } }, 'drctl.yaml', '/', { DRCTL_STATE_DIR: '/nonexistent/drctl-state' });

/** NYC with orders (committed by orders-svc), LON with its copy and a checkpoint of billing (not on NYC). */
async function clusters(): Promise<{ NYC: FakeGateway; LON: FakeGateway }> {
  const nyc = new FakeGateway('NYC');
  const lon = new FakeGateway('LON');
  await nyc.createTopic('orders', 1);
  // Fixed timestamps: a copy is the same record only with the same timestamp, and two produce calls can straddle a
  // millisecond (the test then saw the copies as other records: "records at risk unknown").
  await nyc.produce('orders', [
    { value: 'a', timestamp: 1000 },
    { value: 'b', timestamp: 1001 },
  ]);
  await nyc.commitOffsets('orders-svc', [{ topic: 'orders', partition: 0, offset: 1n }]);
  await lon.createTopic('NYC.orders', 1);
  await lon.produce('NYC.orders', [
    { value: 'a', timestamp: 1000 },
    { value: 'b', timestamp: 1001 },
  ]);
  await lon.createTopic('NYC.checkpoints.internal', 1);
  await lon.produce('NYC.checkpoints.internal', [encodeCheckpoint({ group: 'billing', topic: 'NYC.orders', partition: 0, upstreamOffset: 2n, downstreamOffset: 2n, metadata: '' })]);
  return { NYC: nyc, LON: lon };
}
const request = (groups?: string[]) => ({ flows: config.flows, groups, objectives: {}, timeoutMs: 1000 });
const unknownGroup = (re: RegExp) => (e: unknown) => isDrctlError(e) && e.code === 'DRCTL_UNKNOWN_GROUP' && e.exitCode === 2 && re.test(e.message);

describe('buildRpoReport --group', () => {
  it('takes a named group known by its committed offsets on the source or by its checkpoints on the target', async () => {
    const r = await buildRpoReport(config, request(['orders-svc', 'billing']), await clusters());
    assert.deepEqual(
      r.flows[0].groups.map((g) => g.group),
      ['orders-svc'],
      'with the source, exposure is measured from committed offsets',
    );
    assert.deepEqual(r.flows[0].unknownGroups, []);
    await buildRpoReport(config, request(['billing']), await clusters());
  });
  it('refuses a named group with neither (a typo), naming it: exit 2, DRCTL_UNKNOWN_GROUP', async () => {
    await assert.rejects(async () => buildRpoReport(config, request(['typo']), await clusters()), unknownGroup(/^unknown group typo: no committed offsets on NYC and no checkpoints on LON$/));
  });
  it('refuses the unknown ones among known groups', async () => {
    await assert.rejects(async () => buildRpoReport(config, request(['orders-svc', 'typo', 'typo2']), await clusters()), unknownGroup(/^unknown groups typo, typo2:/));
  });
  it('says the source was unreachable when only the target could be asked', async () => {
    const gws = await clusters();
    gws.NYC.unreachable = true;
    await assert.rejects(() => buildRpoReport(config, request(['orders-svc']), gws), unknownGroup(/no committed offsets on NYC \(unreachable\) and no checkpoints on LON/));
    assert.deepEqual(
      (await buildRpoReport(config, request(['billing']), gws)).flows[0].groups.map((g) => g.group),
      ['billing'],
    );
  });
  it('with several flows, refuses only a group that no flow knows', async () => {
    const both = validate({ clusters: { NYC: { bootstrap: 'n:1' }, LON: { bootstrap: 'l:1' } }, flows: ['NYC->LON', 'LON->NYC'], offsetSyncs: { location: 'target' } }, 'drctl.yaml', '/', { DRCTL_STATE_DIR: '/nonexistent/drctl-state' });
    const req = (groups: string[]) => ({ flows: both.flows, groups, objectives: {}, timeoutMs: 1000 });
    const r = await buildRpoReport(both, req(['orders-svc']), await clusters());
    assert.deepEqual(
      r.flows.map((f) => [f.flow, f.unknownGroups]),
      [
        ['NYC->LON', []],
        ['LON->NYC', ['orders-svc']],
      ],
    );
    await assert.rejects(async () => buildRpoReport(both, req(['typo']), await clusters()), unknownGroup(/^unknown group typo: no committed offsets on the source and no checkpoints on the target of any flow \(NYC->LON, LON->NYC\)$/));
  });
  it('without --group, refuses nothing', async () => {
    const r = await buildRpoReport(config, request(), await clusters());
    assert.deepEqual(r.flows[0].unknownGroups, []);
  });
});

describe('report rpo verdicts per flow (issue 19)', () => {
  const both = validate({ clusters: { NYC: { bootstrap: 'n:1' }, LON: { bootstrap: 'l:1' } }, flows: ['NYC->LON', 'LON->NYC'], offsetSyncs: { location: 'target' } }, 'drctl.yaml', '/', { DRCTL_STATE_DIR: '/nonexistent/drctl-state' });
  /** Active-active: NYC->LON caught up on orders; LON->NYC with payments never copied (nothing on NYC to measure it by). */
  async function activeActive() {
    const gws = await clusters();
    await gws.LON.createTopic('payments', 1);
    await gws.LON.produce('payments', [{ value: 'x' }, { value: 'y' }, { value: 'z' }]);
    await gws.NYC.createTopic('LON.payments', 1);
    return gws;
  }

  it("gives each flow its own ok and breaches, and keeps the report's ok and breaches over all flows", async () => {
    const r = await buildRpoReport(both, { flows: both.flows, objectives: { maxRecords: 0n }, timeoutMs: 1000 }, await activeActive());
    assert.deepEqual(
      r.flows.map((f) => [f.flow, f.ok, f.breaches]),
      [
        ['NYC->LON', true, []],
        ['LON->NYC', false, ['LON->NYC payments: records at risk unknown (objective 0)']],
      ],
    );
    assert.equal(r.ok, false);
    assert.deepEqual(r.breaches, ['LON->NYC payments: records at risk unknown (objective 0)']);
  });

  it('checkFlows: breaches belong to the flow whose topics or partitions they name', () => {
    const flow = (name: string, topics: { topic: string; records: bigint | null; seconds: number | null }[], lost = 0n) => ({
      flow: name,
      source: name.split('->')[0],
      topics,
      partitions: lost ? [{ topic: 'orders', partition: 0, sourceEnd: 10n, mm2CopiedBelow: 5n, lostBeforeCopy: lost, recreated: false }] : [],
    });
    const checked = checkFlows([flow('NYC->AGG', [{ topic: 'orders', records: 0n, seconds: 0 }]), flow('LON->AGG', [{ topic: 'orders', records: 5n, seconds: 40 }]), flow('PAR->AGG', [{ topic: 'orders', records: null, seconds: null }], 2n)], {
      maxSeconds: 30,
    });
    assert.deepEqual(
      checked.map((f) => [f.flow, f.ok, f.breaches]),
      [
        ['NYC->AGG', true, []],
        ['LON->AGG', false, ['LON->AGG orders: 40 s of data at risk > 30 s']],
        ['PAR->AGG', false, ['PAR->AGG orders: seconds of data at risk unknown (objective 30 s)', 'PAR orders-0: 2 record(s) deleted (retention or DeleteRecords) before MM2 copied them: offsets 5..6 are lost to the target']],
      ],
    );
    assert.deepEqual(flowBreaches(flow('NYC->AGG', [{ topic: 'orders', records: 9n, seconds: 99 }]), {}), [], 'no objective, no loss: no breach');
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bigintAsString } from '../../../src/cli/base-command.js';
import { isDrctlError } from '../../../src/errors.js';
import type { FailoverPlan } from '../../../src/failover/failover-plan.js';
import { loadFailoverPlan } from '../../../src/failover/plan-file.js';

const dir = mkdtempSync(join(tmpdir(), 'drctl-plan-file-'));

/** A plan as planFailover makes it: every field, bigint offsets, an untranslated partition (upstream -1). */
const PLAN: FailoverPlan = {
  kind: 'failover',
  version: 1,
  createdAt: '2025-01-02T03:04:05.678Z',
  flow: 'NYC->LON',
  clusters: [{ alias: 'LON', clusterId: 'lon-id', role: 'target' }],
  checks: [{ name: 'target reachable', status: 'pass', detail: 'LON lon-id' }],
  source: 'NYC',
  target: 'LON',
  mode: 'unplanned',
  groups: [
    {
      group: 'orders-svc',
      targetState: 'Empty',
      status: 'planned',
      reason: null,
      partitions: [
        { sourceTopic: 'orders', topic: 'NYC.orders', partition: 0, upstream: 120n, currentTarget: null, newOffset: 118n, method: 'checkpoints', expectedDuplicates: null, recordsAtRisk: null, note: null },
        { sourceTopic: 'orders', topic: 'NYC.orders', partition: 1, upstream: -1n, currentTarget: 4n, newOffset: 9n, method: 'fallback', expectedDuplicates: null, recordsAtRisk: null, note: 'no checkpoint for this partition; fallback: the log end' },
        { sourceTopic: 'orders', topic: 'NYC.orders', partition: 2, upstream: 7n, currentTarget: 7n, newOffset: 7n, method: 'exact', expectedDuplicates: 0n, recordsAtRisk: 2n, note: null },
      ],
    },
    { group: 'busy-svc', targetState: 'Stable', status: 'refused', reason: 'group is active on LON', partitions: [] },
  ],
  rpo: [{ topic: 'orders', records: null, seconds: 3.5, exact: false, note: 'NYC is unreachable' }],
  warnings: ['a warning'],
};

/** The plan as --plan-out writes it. */
const saved = (): Record<string, any> => JSON.parse(JSON.stringify(PLAN, bigintAsString));
const writePlan = (name: string, v: unknown, raw = false) => {
  const p = join(dir, name);
  writeFileSync(p, raw ? String(v) : `${JSON.stringify(v, null, 2)}\n`);
  return p;
};

describe('loadFailoverPlan', () => {
  it('reads back what --plan-out wrote, offsets as bigint', () => {
    assert.deepEqual(loadFailoverPlan(writePlan('good.json', saved())), PLAN);
  });

  it('takes a plan without rpo (saved before failovers measured it) as an empty RPO', () => {
    const p = saved();
    delete p.rpo;
    assert.deepEqual(loadFailoverPlan(writePlan('no-rpo.json', p)).rpo, []);
  });

  const bad: [string, (p: Record<string, any>) => unknown, RegExp][] = [
    ['a negative new offset', (p) => (p.groups[0].partitions[0].newOffset = '-7'), /groups\[0\]\.partitions\[0\]\.newOffset: must be a non-negative integer offset, not "-7"/],
    ['a new offset that is not a number', (p) => (p.groups[0].partitions[1].newOffset = '12abc'), /groups\[0\]\.partitions\[1\]\.newOffset: must be a non-negative integer offset, not "12abc"/],
    ['a new offset as a JSON number', (p) => (p.groups[0].partitions[0].newOffset = 118), /groups\[0\]\.partitions\[0\]\.newOffset: must be a non-negative integer offset as a decimal string such as "42", not 118/],
    ['a new offset beyond 64 bits', (p) => (p.groups[0].partitions[0].newOffset = '9223372036854775808'), /groups\[0\]\.partitions\[0\]\.newOffset: is beyond a 64-bit offset/],
    ['a missing new offset', (p) => delete p.groups[0].partitions[2].newOffset, /groups\[0\]\.partitions\[2\]\.newOffset: is missing/],
    ['a negative current offset', (p) => (p.groups[0].partitions[0].currentTarget = '-1'), /groups\[0\]\.partitions\[0\]\.currentTarget: must be a non-negative integer offset/],
    ['a group without partitions', (p) => delete p.groups[0].partitions, /groups\[0\]\.partitions: is missing/],
    ['partitions that are not a list', (p) => (p.groups[0].partitions = {}), /groups\[0\]\.partitions: must be a list, not a mapping/],
    ['a negative partition number', (p) => (p.groups[0].partitions[0].partition = -1), /groups\[0\]\.partitions\[0\]\.partition: must be at least 0, not -1/],
    ['a fractional partition number', (p) => (p.groups[0].partitions[0].partition = 0.5), /groups\[0\]\.partitions\[0\]\.partition: must be an integer, not 0\.5/],
    ['a partition planned twice', (p) => (p.groups[0].partitions[2].partition = 0), /groups\[0\]\.partitions\[2\]: NYC\.orders-0 is planned twice \(also at partitions\[0\]\)/],
    ['a group planned twice', (p) => (p.groups[1].group = 'orders-svc'), /groups\[1\]\.group: group orders-svc is planned twice/],
    ['an unknown method', (p) => (p.groups[0].partitions[0].method = 'magic'), /groups\[0\]\.partitions\[0\]\.method: must be "exact" or "checkpoints" or "syncs" or "agent" or "fallback", not "magic"/],
    ['a misspelt key', (p) => (p.groups[0].partitions[0].newOfset = '1'), /groups\[0\]\.partitions\[0\]\.newOfset: unknown key/],
    ['an unknown group status', (p) => (p.groups[0].status = 'done'), /groups\[0\]\.status: must be "planned" or "refused", not "done"/],
    ['an unknown group state', (p) => (p.groups[0].targetState = 'Sleeping'), /groups\[0\]\.targetState: must be "Empty" or/],
    ['an unknown check status', (p) => (p.checks[0].status = 'ok'), /checks\[0\]\.status: must be "pass" or "warn" or "fail", not "ok"/],
    ['a plan of another kind', (p) => (p.kind = 'failback'), /kind: must be "failover": this file holds a plan of kind "failback"/],
    ['a plan without a kind', (p) => delete p.kind, /kind: is missing/],
    [
      'no target cluster id',
      (p) => {
        p.clusters = [{ alias: 'NYC', clusterId: 'nyc-id', role: 'source' }];
      },
      /clusters: must name the target LON \(role "target"\) and its cluster id/,
    ],
    ['an unknown cluster role', (p) => (p.clusters[0].role = 'primary'), /clusters\[0\]\.role: must be "changed" or/],
    ['another version', (p) => (p.version = 2), /version: must be 1 \(this drctl reads plan version 1\), not 2/],
    ['an unknown mode', (p) => (p.mode = 'sideways'), /mode: must be "planned" or "unplanned", not "sideways"/],
    ['a flow that does not match source and target', (p) => (p.flow = 'LON->NYC'), /flow: must be "NYC->LON" \(source->target\), not "LON->NYC"/],
    ['a creation time that is not ISO-8601', (p) => (p.createdAt = 'yesterday'), /createdAt: must be an ISO-8601 UTC time/],
    ['a negative RPO in seconds', (p) => (p.rpo[0].seconds = -1), /rpo\[0\]\.seconds: must be at least 0/],
    ['a document that is a list', () => [], /\(top level\): must be an object, not a list/],
  ];
  for (const [name, edit, re] of bad) {
    it(`refuses ${name}, naming the file and the JSON path (exit 2)`, () => {
      const p = saved();
      const replaced = edit(p);
      const file = writePlan('bad.json', Array.isArray(replaced) ? replaced : p);
      assert.throws(
        () => loadFailoverPlan(file),
        (e: unknown) => isDrctlError(e) && e.exitCode === 2 && e.message.startsWith(`${file}: `) && re.test(e.message),
      );
    });
  }

  it('refuses a file that is not JSON, or not there (exit 2)', () => {
    const file = writePlan('broken.json', '{"version": 1,', true);
    assert.throws(
      () => loadFailoverPlan(file),
      (e: unknown) => isDrctlError(e) && e.exitCode === 2 && e.message.startsWith(`${file}: (syntax): not JSON`),
    );
    assert.throws(
      () => loadFailoverPlan(join(dir, 'nope.json')),
      (e: unknown) => isDrctlError(e) && e.exitCode === 2 && /nope\.json: cannot read the file \(ENOENT\)/.test(e.message),
    );
  });
});

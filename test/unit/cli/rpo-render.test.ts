import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rpoVerdictLines } from '../../../src/cli/rpo-render.js';

const flow = (name: string, breaches: string[] = []) => ({ flow: name, ok: breaches.length === 0, breaches }) as Parameters<typeof rpoVerdictLines>[0]['flows'][number];
const lines = (flows: ReturnType<typeof flow>[], objectives: { maxSeconds?: number; maxRecords?: bigint }) => rpoVerdictLines({ flows, objectives, ok: flows.every((f) => f.ok) }).map((l) => `${l.ok ? '+' : '-'} ${l.text}`);

describe('rpoVerdictLines', () => {
  it('one line per flow, then the overall line naming the flows in breach', () => {
    assert.deepEqual(lines([flow('NYC->LON'), flow('LON->NYC', ['LON->NYC payments: 45 s of data at risk > 30 s', 'LON->NYC refunds: 31 s of data at risk > 30 s'])], { maxSeconds: 30 }), [
      '+ OK      NYC->LON',
      '- BREACH  LON->NYC: LON->NYC payments: 45 s of data at risk > 30 s; LON->NYC refunds: 31 s of data at risk > 30 s',
      '- overall: BREACH: RPO objective (30 s) NOT met on LON->NYC (1 of 2 flows)',
    ]);
  });

  it('overall OK over every flow', () => {
    assert.deepEqual(lines([flow('NYC->AGG'), flow('LON->AGG')], { maxSeconds: 30, maxRecords: 100n }), ['+ OK      NYC->AGG', '+ OK      LON->AGG', '+ overall: OK: RPO objective (30 s, 100 records) met on all 2 flows']);
    assert.deepEqual(lines([flow('NYC->LON')], { maxSeconds: 30 }).at(-1), '+ overall: OK: RPO objective (30 s) met on the flow');
  });

  it('without an objective, only records lost on the way breach, and the line says no objective is set', () => {
    assert.deepEqual(lines([flow('NYC->LON')], {}).at(-1), '+ overall: OK: no records lost on the way; no RPO objective set (config objectives.rpoSeconds, --max-seconds, --max-records)');
    assert.deepEqual(
      lines([flow('NYC->LON', ['NYC orders-0: 2 record(s) deleted before MM2 copied them'])], {}).at(-1),
      '- overall: BREACH: records lost on the way on NYC->LON (1 of 1 flow); no RPO objective set (config objectives.rpoSeconds, --max-seconds, --max-records)',
    );
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { flowCycle, repeatedFlow } from '../../../src/config/flow-topology.js';

const flows = (...names: string[]) =>
  names.map((n) => {
    const [source, target] = n.split('->');
    return { source, target };
  });

describe('repeatedFlow', () => {
  it('finds the second listing of a flow, and nothing when every flow is listed once', () => {
    assert.equal(repeatedFlow(flows('NYC->LON', 'LON->NYC', 'NYC->LON')), 2);
    assert.equal(repeatedFlow(flows('NYC->LON', 'LON->NYC', 'NYC->AGG')), undefined);
    assert.equal(repeatedFlow([]), undefined);
  });
});

describe('flowCycle', () => {
  const table: [string, string[], string[] | undefined][] = [
    ['one flow', ['NYC->LON'], undefined],
    ['active-active', ['NYC->LON', 'LON->NYC'], ['NYC', 'LON', 'NYC']],
    ['hub and spoke', ['NYC->AGG', 'LON->AGG'], undefined],
    ['fan-out', ['AGG->NYC', 'AGG->LON'], undefined],
    ['a chain', ['NYC->LON', 'LON->PAR'], undefined],
    ['a ring of three', ['NYC->LON', 'LON->PAR', 'PAR->NYC'], ['NYC', 'LON', 'PAR', 'NYC']],
    ['a diamond (two paths, no cycle)', ['A->B', 'A->C', 'B->D', 'C->D'], undefined],
    ['a cycle away from the first flow', ['A->B', 'C->D', 'D->C'], ['C', 'D', 'C']],
  ];
  for (const [name, f, cycle] of table) it(`${name}: ${cycle ? cycle.join('->') : 'no cycle'}`, () => assert.deepEqual(flowCycle(flows(...f)), cycle));
});

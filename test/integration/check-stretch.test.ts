/**
 * `drctl check stretch` on the default sandbox: single-broker clusters without racks are no stretch cluster, and
 * the controller quorum drctl reads (DescribeQuorum) is the one kafka-metadata-quorum reports. Bad input is refused
 * with exit 2 before anything is read.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quorumByTool } from '../helpers/quorum-tool.js';
import { runCli, sandboxConfig } from '../helpers/sandbox.js';

describe('check stretch on the default sandbox', () => {
  it('no broker.rack and one voter: unsafe (exit 1), saying why; the quorum is what kafka-metadata-quorum reports', async () => {
    const r = await runCli(['check', 'stretch', '--cluster', 'NYC', '--json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as {
      safe: boolean;
      racks: string[];
      problems: string[];
      quorum: { leaderId: number; voters: { nodeId: number; rack: string | null }[]; problems: string[] };
      topics: { topic: string; safe: boolean; problems: string[] }[];
    };
    assert.deepEqual([report.safe, report.racks], [false, []]);
    assert.match(report.problems.join('\n'), /broker\(s\) 1 have no broker\.rack/);
    assert.match(report.problems.join('\n'), /0 rack\(s\) \(none\): a stretch cluster needs 3 data centers/);
    assert.ok(report.topics.length > 0 && report.topics.every((t) => !t.safe && /without a rack/.test(t.problems[0])));
    const tool = await quorumByTool(sandboxConfig().clusters.NYC.bootstrapServers[0]);
    assert.deepEqual({ leaderId: report.quorum.leaderId, voters: report.quorum.voters.map((v) => v.nodeId) }, tool);
    assert.match(report.quorum.problems.join('\n'), /1 voter\(s\): one lost data center can take the quorum/);
  });

  it('prints the verdict and the problems for a person', async () => {
    const r = await runCli(['check', 'stretch', '--cluster', 'LON', '--topics', '__consumer_offsets']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /^LON: UNSAFE for the loss of one rack$/m);
    assert.match(r.stdout, /^controller quorum: UNSAFE, voters 1\* \(\?\)$/m);
    assert.match(r.stdout, /^topics: 0 safe, 1 unsafe$/m);
  });

  const bad: [string, string[], RegExp][] = [
    ['an unknown cluster', ['--cluster', 'PAR'], /unknown cluster alias "PAR"/],
    ['a bad --controller-rack', ['--cluster', 'NYC', '--controller-rack', '3000'], /--controller-rack 3000: expected NODE_ID=RACK/],
    ['a bad --topics regex', ['--cluster', 'NYC', '--topics', 'orders('], /--topics orders\(: not a regular expression/],
  ];
  for (const [what, args, message] of bad)
    it(`${what}: exit 2 with a cause and a hint`, async () => {
      const r = await runCli(['check', 'stretch', ...args]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^hint: /m);
    });
});

/** kafka-metadata-quorum (MetadataQuorumCommand), the reference for the controller quorum drctl reads. */
import { runKafkaTool } from './sandbox.js';

/** The leader and the voters' ids as `kafka-metadata-quorum describe --status` reports them. */
export async function quorumByTool(bootstrap: string, commandConfig?: string, libs?: string): Promise<{ leaderId: number; voters: number[] }> {
  const r = await runKafkaTool('org.apache.kafka.tools.MetadataQuorumCommand', ['--bootstrap-server', bootstrap, ...(commandConfig ? ['--command-config', commandConfig] : []), 'describe', '--status'], libs);
  if (r.code !== 0) throw new Error(`kafka-metadata-quorum failed: ${r.stderr}`);
  const leader = /^LeaderId:\s+(\d+)$/m.exec(r.stdout);
  const voters = /^CurrentVoters:\s+(.*)$/m.exec(r.stdout);
  if (!leader || !voters) throw new Error(`kafka-metadata-quorum: unexpected output:\n${r.stdout}`);
  // 4.x prints [{"id": 1, "directoryId": ..., "endpoints": [...]}, ...]; older versions [1,2,3].
  const ids = [...voters[1].matchAll(/"id":\s*(\d+)/g)].map((m) => Number(m[1]));
  return { leaderId: Number(leader[1]), voters: (ids.length ? ids : [...voters[1].matchAll(/\d+/g)].map((m) => Number(m[0]))).sort((a, b) => a - b) };
}

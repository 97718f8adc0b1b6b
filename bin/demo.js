#!/usr/bin/env node
// `npm run demo`: a small DR drill on the sandbox. Brings NYC and LON up with MirrorMaker 2, produces orders on
// NYC, lets an "orders-svc" group commit, waits until LON has the data and the group's checkpoint, then shows
// `drctl status`. The sandbox keeps running afterwards; `drctl sandbox down` (or `node bin/run.js sandbox down`)
// stops it. Later issues grow this into a full failover drill.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const drctl = (...args) => {
  process.stderr.write(`\n$ drctl ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
const { loadConfig } = await import(join(root, 'dist/src/config/load.js'));
const { KafkajsGateway } = await import(join(root, 'dist/src/kafka/kafkajs-gateway.js'));
const { readRange } = await import(join(root, 'dist/src/kafka/read-range.js'));

drctl('sandbox', 'up');
const config = loadConfig({});
const nyc = new KafkajsGateway(config.clusters.NYC);
const lon = new KafkajsGateway(config.clusters.LON);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const until = async (check, what) => {
  for (const end = Date.now() + 60000; Date.now() < end; await sleep(250)) if (await check()) return;
  throw new Error(`timed out waiting for ${what}`);
};
try {
  await nyc.createTopic('orders', 3);
  process.stderr.write('\nproducing 300 orders on NYC ...\n');
  await nyc.produce('orders', Array.from({ length: 300 }, (_, i) => ({ key: `order-${i}`, value: JSON.stringify({ id: i, amount: (i * 7) % 100 }), partition: i % 3 })));
  // orders-svc has processed 80 records per partition (an admin-style commit stands in for the application).
  await nyc.commitOffsets('orders-svc', [0, 1, 2].map((partition) => ({ topic: 'orders', partition, offset: 80n })));
  const tps = [0, 1, 2].map((partition) => ({ topic: 'NYC.orders', partition }));
  await until(async () => (await lon.listTopics()).some((t) => t.name === 'NYC.orders') && (await lon.listOffsets(tps, 'latest')).every((o) => o.offset === 100n), 'NYC.orders on LON');
  process.stderr.write('LON has all 300 orders in NYC.orders; waiting for the orders-svc checkpoint ...\n');
  await until(async () => {
    for await (const rec of readRange(lon, { topic: 'NYC.checkpoints.internal', partition: 0 })) {
      if (rec.key?.includes(Buffer.from('orders-svc'))) return true;
    }
    return false;
  }, 'the orders-svc checkpoint');
} finally {
  await Promise.all([nyc.close(), lon.close()]);
}
drctl('status');
process.stderr.write('\nThe sandbox is still running. Try `node bin/run.js status --json`, `node bin/run.js sandbox stop mirror`;\nstop it with `node bin/run.js sandbox down`.\n');
process.exit(0);

#!/usr/bin/env node
// `npm run demo`: a DR drill on the sandbox.
//  1. brings NYC and LON up with MirrorMaker 2 between them (`drctl sandbox up`);
//  2. traffic: 600 orders on NYC;
//  3. the orders-svc application (a real consumer group member) processes part of them on NYC and stops;
//  4. `drctl failover --group orders-svc --to LON`: planned, so drctl waits for the mirror, translates exactly,
//     commits on LON and reports RPO and RTO;
//  5. orders-svc starts on LON and finishes the stream; the drill checks, order by order, that nothing was lost
//     and nothing was processed twice;
//  6. MM2 stops and a stray producer still writes 5 orders to NYC: the tail only NYC holds;
//  7. `drctl failback --old-primary NYC --new-primary LON`: the 5 orders are salvaged to a directory and checked
//     against NYC, NYC's topic and group are cleaned, MM2 runs LON->NYC, and a canary round passes through it.
// The sandbox keeps running afterwards (mirroring LON->NYC; a new demo points it back at NYC->LON);
// `node bin/run.js sandbox down` stops it. Each run uses fresh names.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => process.stderr.write(`\n== ${m}\n`);
const drctl = (...args) => {
  process.stderr.write(`\n$ drctl ${args.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}\n`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`drill failed: drctl ${args[0]} exited with ${r.status}\n`);
    process.exit(r.status ?? 1);
  }
};
const { loadConfig } = await import(join(root, 'dist/src/config/load.js'));
const { KafkajsGateway } = await import(join(root, 'dist/src/kafka/kafkajs-gateway.js'));
const { readRange } = await import(join(root, 'dist/src/kafka/read-range.js'));
const { consumeUntil } = await import(join(root, 'dist/test/helpers/app-consumer.js'));
const { sandboxSetMirrorFlow } = await import(join(root, 'dist/src/sandbox/sandbox.js'));
const { parseSalvageLine } = await import(join(root, 'dist/src/failback/salvage-lines.js'));

drctl('sandbox', 'up');
// An earlier demo failed back: point MM2 at NYC->LON again.
if (await sandboxSetMirrorFlow(loadConfig({}).stateDir, { source: 'NYC', target: 'LON' })) process.stderr.write('MirrorMaker 2 points NYC->LON again\n');
const config = loadConfig({});
const nyc = new KafkajsGateway(config.clusters.NYC);
const lon = new KafkajsGateway(config.clusters.LON);
const run = Date.now().toString(36).slice(-5);
const topic = `orders-${run}`;
const group = `orders-svc-${run}`;
let processedOnNyc;
let toDo;
try {
  say(`traffic: 600 orders on NYC topic ${topic} (3 partitions)`);
  await nyc.createTopic(topic, 3);
  await nyc.produce(topic, Array.from({ length: 600 }, (_, i) => ({ key: `order-${i}`, value: JSON.stringify({ id: i, amount: (i * 7) % 100 }), partition: i % 3 })));
  say(`the application: ${group} processes 250 orders on NYC, commits, and is stopped for the drill`);
  processedOnNyc = await consumeUntil(config.clusters.NYC.bootstrapServers, group, topic, (seen) => seen.length >= 250);
  const committed = await nyc.committedOffsets(group);
  toDo = [];
  for (const partition of [0, 1, 2]) {
    const from = committed.find((c) => c.partition === partition)?.offset ?? 0n;
    for await (const r of readRange(nyc, { topic, partition }, from)) toDo.push(r.value.toString());
  }
  process.stderr.write(`processed ${processedOnNyc.length} on NYC; ${toDo.length} orders still to process\n`);
} finally {
  await Promise.all([nyc.close(), lon.close()]);
}

say('planned failover of the group to LON');
drctl('failover', '--group', group, '--to', 'LON', '--yes', '--reason', 'demo drill');

say(`the application starts on LON (same group, reading NYC.${topic}) and finishes the stream`);
const want = new Set(toDo);
const onLon = await consumeUntil(config.clusters.LON.bootstrapServers, group, `NYC.${topic}`, (seen) => seen.length >= toDo.length, 60_000);
const done = new Set(processedOnNyc.map((x) => x.value));
const twice = onLon.filter((x) => done.has(x.value)).length;
const missing = toDo.filter((v) => !onLon.some((x) => x.value === v)).length;
const extra = onLon.filter((x) => !want.has(x.value)).length;
process.stderr.write(`LON processed ${onLon.length} orders: ${missing} missing, ${twice} processed twice, ${extra} unexpected\n`);

say('MM2 stops, and a stray producer still writes 5 orders to NYC after the failover: records only NYC holds');
drctl('sandbox', 'stop', 'mirror');
const late = Array.from({ length: 5 }, (_, i) => ({ key: `late-${i}`, value: JSON.stringify({ id: 600 + i, late: true }), partition: i % 3 }));
const nyc2 = new KafkajsGateway(config.clusters.NYC);
try {
  await nyc2.produce(topic, late);
} finally {
  await nyc2.close();
}

say('fail back: salvage what only NYC holds, clean NYC, mirror LON->NYC (the drill wrote to NYC seconds ago, so it waives the 60 s quiet period)');
const salvageDir = join(config.stateDir, `salvage-${run}`);
drctl('failback', '--old-primary', 'NYC', '--new-primary', 'LON', '--topics', topic, '--salvage-dir', salvageDir, '--quiet-period', '0', '--execute', '--reason', 'demo drill');
const { readdirSync, readFileSync } = await import('node:fs');
const salvaged = readdirSync(salvageDir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => readFileSync(join(salvageDir, f), 'utf8').trim().split('\n').map(parseSalvageLine));
const lateMissing = late.filter((l) => !salvaged.some((x) => x.value.toString() === l.value)).length;
process.stderr.write(`salvaged ${salvaged.length} record(s) to ${salvageDir}: ${lateMissing} of the 5 stray orders missing\n`);

drctl('status');
const ok = missing === 0 && twice === 0 && extra === 0 && lateMissing === 0 && salvaged.length === late.length;
say(ok ? 'drill passed: no order lost, none processed twice, the stray orders salvaged, NYC mirrors LON' : 'drill FAILED');
process.stderr.write('\nThe sandbox is still running (MM2 LON->NYC): try `node bin/run.js status --json` or `node bin/run.js canary --once`;\nstop it with `node bin/run.js sandbox down`.\n');
process.exit(ok ? 0 : 1);

#!/usr/bin/env node
// `npm run demo`: a DR drill on the sandbox, with the commands an operator would type.
//  1. `drctl sandbox up`: NYC and LON with MirrorMaker 2 NYC->LON (an earlier demo or test may have reversed it);
//  2. `drctl drill`: its own topic and group on NYC, traffic, part of it processed, a planned failover to LON,
//     a record-by-record check that the group resumes exactly where it stopped, then back to NYC (--failback),
//     RPO and RTO per step, clean-up;
//  3. `drctl status` and `drctl report rto`: the flow, and the drill counted in the RTO history.
// The sandbox keeps running afterwards; `node bin/run.js sandbox down` stops it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => process.stderr.write(`\n== ${m}\n`);
const drctl = (...args) => {
  process.stderr.write(`\n$ drctl ${args.map((a) => (/[\s>]/.test(a) ? `"${a}"` : a)).join(' ')}\n`);
  return spawnSync(process.execPath, [join(root, 'bin', 'run.js'), ...args], { stdio: 'inherit' }).status ?? 1;
};

say('the sandbox: NYC and LON, MirrorMaker 2 NYC->LON');
if (drctl('sandbox', 'up') !== 0) process.exit(1);
const { loadConfig } = await import(join(root, 'dist/src/config/load.js'));
const { sandboxSetMirrorFlow } = await import(join(root, 'dist/src/sandbox/sandbox.js'));
if (await sandboxSetMirrorFlow(loadConfig({}).stateDir, { source: 'NYC', target: 'LON' })) process.stderr.write('MirrorMaker 2 points NYC->LON again\n');

say('the drill: traffic on NYC, part of it processed, a planned failover to LON, checked record by record, then back to NYC');
const drill = drctl('drill', '--flow', 'NYC->LON', '--failback', '--yes', '--reason', 'demo drill');
drctl('status');
drctl('report', 'rto', '--flow', 'NYC->LON');
say(drill === 0 ? 'drill passed: no record lost, none processed twice' : 'drill FAILED');
process.stderr.write('\nThe sandbox is still running: try `node bin/run.js drill --help`, `node bin/run.js canary --once`;\nstop it with `node bin/run.js sandbox down`.\n');
process.exit(drill);

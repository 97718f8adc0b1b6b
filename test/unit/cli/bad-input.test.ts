/**
 * Bad input, through the built CLI as a user types it: every case must fail before any network I/O (the config's
 * clusters are at 127.0.0.1:1, where nothing listens, so a connection attempt would end in exit 4), with the
 * documented exit code, "error: <cause>" as the first line of stderr, a "hint:" line, nothing on stdout, and nothing
 * written to the state dir. With --json (a sample of the cases), stdout is one JSON object {error: {code, kind,
 * exitCode, ...}} and stderr is empty. The runs go 4 at a time in `before`, so the suite stays fast on 2 cores; each
 * case then asserts on its own.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { mapLimit } from '../../../src/async/map-limit.js';

// Tests run from dist/test/unit/cli.
const repoRoot = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', '..');
const root = mkdtempSync(join(tmpdir(), 'drctl-bad-input-'));
const file = (name: string, text: string): string => {
  const p = join(root, name);
  writeFileSync(p, text);
  return p;
};
const CLUSTERS = 'clusters:\n  NYC: { bootstrap: "127.0.0.1:1" }\n  LON: { bootstrap: "127.0.0.1:1" }\n';
const good = file('drctl.yaml', `${CLUSTERS}flows: ["NYC->LON"]\n`);
const literalPassword = file('literal-password.yaml', 'clusters:\n  NYC: { bootstrap: "127.0.0.1:1", sasl: { mechanism: plain, username: drctl, password: hunter2 } }\n  LON: { bootstrap: "127.0.0.1:1" }\n');
const badSyntax = file('bad-syntax.yaml', 'clusters: [unclosed\n');
const unknownKey = file('unknown-key.yaml', `colour: red\n${CLUSTERS}`);
const aFile = file('a-file', 'not a folder\n');
// Both directions between NYC and LON: a loop under the identity policy, and active-active under the default one.
const identityLoop = file('identity-loop.yaml', `${CLUSTERS}flows: ["NYC->LON", "LON->NYC"]\nreplicationPolicy: { type: identity }\n`);
const activeActive = file('active-active.yaml', `${CLUSTERS}flows: ["NYC->LON", "LON->NYC"]\n`);
// The runs' working folder: empty, so no ./drctl.yaml is found there.
const cwd = mkdtempSync(join(root, 'cwd-'));
const C = ['--config', good];
const RESET = ['offsets', 'reset', ...C, '--cluster', 'LON', '--group', 'orders-svc'];
const FAILOVER = ['failover', ...C, '--to', 'LON', '--group', 'orders-svc', '--dry-run'];
const FAILBACK = ['failback', ...C, '--old-primary', 'NYC', '--new-primary', 'LON'];

/** A port something already listens on, for the canary's metrics server. */
const busy = createServer();
await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
const busyPort = (busy.address() as AddressInfo).port;

// root may write anywhere, so an unwritable state dir can only be made for another user.
const readOnlyDir = join(root, 'read-only');
mkdirSync(readOnlyDir);
chmodSync(readOnlyDir, 0o555);
const canMakeUnwritable = process.getuid?.() !== 0;

interface Case {
  name: string;
  args: string[];
  exit: number;
  /** What the first line of stderr (after "error: ") and the JSON error's message must match. */
  cause: RegExp;
  /** The JSON error's code, where the case is about it. */
  code?: string;
  /** Also run it with --json. The JSON comes from the same error boundary for every case, so a sample covers each
   * command and each way an error arises (oclif parse, the unknown-command hook, usage, precondition, config, state
   * dir) without doubling the suite's time. */
  json?: boolean;
  /** DRCTL_STATE_DIR for this case instead of a fresh empty folder. */
  stateDir?: string;
  env?: Record<string, string>;
}

const cases: Case[] = [
  { name: 'flows that loop under the identity policy', json: true, args: ['status', '--config', identityLoop], exit: 2, cause: /flows NYC->LON->NYC form a loop under the identity replication policy/ },
  {
    name: 'failback with both flows running (active-active)',
    args: ['failback', '--config', activeActive, '--old-primary', 'NYC', '--new-primary', 'LON'],
    exit: 3,
    cause: /^NYC->LON and LON->NYC both run \(active-active\): a failback has no mirror to reverse and no tail to salvage$/,
  },
  // oclif parse errors, printed whole (item 1), and unknown flags, arguments and commands.
  { name: 'canary --count 0', json: true, args: ['canary', ...C, '--count', '0'], exit: 2, cause: /^Parsing --count: Expected an integer greater than or equal to 1 but received: 0$/ },
  { name: 'canary --once with --count', args: ['canary', ...C, '--once', '--count', '2'], exit: 2, cause: /^--count=2 cannot also be provided when using --once$/ },
  { name: 'failback without its required flags', json: true, args: ['failback', ...C], exit: 2, cause: /^--old-primary and --new-primary are required \(unless --plan\)$/ },
  { name: 'offsets reset without --cluster', args: ['offsets', 'reset', ...C, '--group', 'g', '--all-topics', '--to-earliest'], exit: 2, cause: /^--cluster is required \(unless --plan\)$/ },
  { name: 'offsets restore without --backup', args: ['offsets', 'restore', ...C], exit: 2, cause: /^--backup is required \(unless --plan\)$/ },
  { name: 'failback --salvage-dir with --waive-salvage', args: [...FAILBACK, '--salvage-dir', 'x', '--waive-salvage'], exit: 2, cause: /cannot also be provided when using --salvage-dir/ },
  { name: 'offsets translate --group with --all-groups', args: ['offsets', 'translate', ...C, '--group', 'g', '--all-groups'], exit: 2, cause: /cannot also be provided when using --all-groups/ },
  { name: 'failover --planned with --unplanned', args: [...FAILOVER, '--planned', '--unplanned'], exit: 2, cause: /cannot also be provided when using --planned/ },
  { name: 'an unknown flag', args: ['status', ...C, '--bogus'], exit: 2, cause: /^Nonexistent flag: --bogus$/ },
  { name: 'a flag without its value', args: ['failover', ...C, '--group'], exit: 2, cause: /^Flag --group expects a value$/ },
  { name: 'an unknown command', json: true, args: ['statuss'], exit: 2, cause: /^unknown command "statuss"$/ },
  { name: 'an unknown subcommand', args: ['offsets', 'rewind'], exit: 2, cause: /^unknown command "offsets rewind"$/ },
  { name: 'sandbox status offers no --config', json: true, args: ['sandbox', 'status', '--config', good], exit: 2, cause: /^Nonexistent flag: --config$/ },
  { name: 'sandbox down offers no --timeout', args: ['sandbox', 'down', '--timeout', '10s'], exit: 2, cause: /^Nonexistent flag: --timeout$/ },
  { name: 'sandbox stop without a component', args: ['sandbox', 'stop'], exit: 2, cause: /^Missing 1 required arg: component/ },
  { name: 'sandbox stop of an unknown component', args: ['sandbox', 'stop', 'PAR'], exit: 2, cause: /^Expected PAR to be one of: NYC, LON, AGG, mirror$/ },
  { name: 'a bad --method', json: true, args: ['offsets', 'translate', ...C, '--group', 'g', '--method', 'guess'], exit: 2, cause: /^Expected --method=guess to be one of: checkpoints, syncs, exact, auto$/ },
  { name: 'a bad --cleanup', args: [...FAILBACK, '--cleanup', 'shred'], exit: 2, cause: /^Expected --cleanup=shred to be one of: truncate, delete-topics$/ },
  { name: 'a bad --format', args: ['report', 'rpo', ...C, '--format', 'xml'], exit: 2, cause: /^Expected --format=xml to be one of: table, markdown$/ },
  { name: 'a --max-records that is no integer', args: ['report', 'rpo', ...C, '--max-records', 'many'], exit: 2, cause: /^Parsing --max-records: Expected an integer but received: many$/ },

  // Durations (item 2): timers refuse 0 and more than 2^31-1 ms; other durations must parse.
  { name: '--timeout 30d', json: true, args: ['status', ...C, '--timeout', '30d'], exit: 2, cause: /^--timeout "30d" is longer than the maximum of 2147483647 ms/ },
  { name: '--timeout 0s', args: ['canary', ...C, '--once', '--timeout', '0s'], exit: 2, cause: /^--timeout "0s" is zero$/ },
  { name: 'failover --wait-timeout 30d', json: true, args: [...FAILOVER, '--wait-timeout', '30d'], exit: 2, cause: /^--wait-timeout "30d" is longer than the maximum/ },
  { name: 'canary --interval 25d', args: ['canary', ...C, '--interval', '25d'], exit: 2, cause: /^--interval "25d" is longer than the maximum/ },
  { name: 'failback --canary-timeout 0s', args: [...FAILBACK, '--canary-timeout', '0s'], exit: 2, cause: /^--canary-timeout "0s" is zero$/ },
  { name: 'a duration without a unit', args: ['status', ...C, '--max-heartbeat-age', '30'], exit: 2, cause: /^invalid --max-heartbeat-age "30"$/ },
  { name: 'a duration beyond an exact number of ms', args: ['report', 'rto', ...C, '--objective', '99999999999999999999d'], exit: 2, cause: /^--objective "99999999999999999999d" is too long$/ },
  { name: 'canary --max-latency in words', args: ['canary', ...C, '--once', '--max-latency', 'fast'], exit: 2, cause: /^invalid --max-latency "fast"$/ },
  { name: 'failback --quiet-period in words', args: [...FAILBACK, '--quiet-period', 'a while'], exit: 2, cause: /^invalid --quiet-period "a while"$/ },

  // Datetimes (item 3) and the other offsets reset values.
  { name: 'a 20-digit epoch', json: true, args: [...RESET, '--all-topics', '--to-datetime', '99999999999999999999'], exit: 2, cause: /^datetime "99999999999999999999" is out of range$/ },
  { name: 'a datetime before 1970', args: [...RESET, '--all-topics', '--to-datetime', '1969-12-31T23:59:59Z'], exit: 2, cause: /^datetime "1969-12-31T23:59:59Z" is out of range$/ },
  { name: 'an impossible date', args: [...RESET, '--all-topics', '--to-datetime', '2025-02-30T00:00:00'], exit: 2, cause: /^invalid datetime "2025-02-30T00:00:00": no such date or time$/ },
  { name: 'a date without a time', args: [...RESET, '--all-topics', '--to-datetime', '2025-03-01'], exit: 2, cause: /^invalid datetime "2025-03-01"$/ },
  { name: 'failover --fallback timestamp out of range', args: [...FAILOVER, '--unplanned', '--fallback', 'timestamp:99999999999999999999'], exit: 2, cause: /^datetime "99999999999999999999" is out of range$/ },
  { name: 'offsets reset --by-duration in words', args: [...RESET, '--all-topics', '--by-duration', '15 minutes'], exit: 2, cause: /^invalid --by-duration "15 minutes"$/ },
  { name: 'offsets reset --by-duration before 1970', args: [...RESET, '--all-topics', '--by-duration', '30000d'], exit: 2, cause: /^--by-duration 30000d reaches before 1970-01-01$/ },
  { name: 'offsets reset --shift-by 1.5', args: [...RESET, '--all-topics', '--shift-by', '1.5'], exit: 2, cause: /^--shift-by needs an integer, not "1.5"$/ },
  { name: 'offsets reset --to-offset beyond 64 bits', args: [...RESET, '--all-topics', '--to-offset', '9223372036854775808'], exit: 2, cause: /^--to-offset 9223372036854775808 is out of range$/ },
  { name: 'offsets reset without a scenario', args: [...RESET, '--all-topics'], exit: 2, cause: /^no reset scenario given$/ },
  { name: 'offsets reset with two scenarios', args: [...RESET, '--all-topics', '--to-earliest', '--to-latest'], exit: 2, cause: /^only one reset scenario at a time \(got --to-earliest, --to-latest\)$/ },
  { name: 'offsets reset without a scope', args: [...RESET, '--to-earliest'], exit: 2, cause: /^no reset scope given$/ },
  { name: 'offsets reset with a bad --topic', args: [...RESET, '--topic', 'orders:x', '--to-earliest'], exit: 2, cause: /^invalid --topic "orders:x"$/ },
  { name: 'offsets reset without a group', args: ['offsets', 'reset', ...C, '--cluster', 'LON', '--all-topics', '--to-earliest'], exit: 2, cause: /^no group given$/ },
  { name: 'offsets reset --from-file that does not exist', args: [...RESET, '--from-file', join(root, 'missing.csv')], exit: 2, cause: /^--from-file: .*missing\.csv: no such file$/ },
  { name: 'offsets translate without a group', args: ['offsets', 'translate', ...C], exit: 2, cause: /^no group given$/ },
  { name: 'offsets restore of an unknown backup', json: true, args: ['offsets', 'restore', ...C, '--backup', '20990101-000000-000000'], exit: 2, cause: /^no backup "20990101-000000-000000"$/ },

  // Canary (item 4).
  { name: 'canary --metrics-port 99999', args: ['canary', ...C, '--metrics-port', '99999'], exit: 2, cause: /^Parsing --metrics-port: Expected an integer less than or equal to 65535 but received: 99999$/ },
  { name: 'canary --metrics-port 0', args: ['canary', ...C, '--metrics-port', '0'], exit: 2, cause: /^Parsing --metrics-port: Expected an integer greater than or equal to 1/ },
  { name: 'canary --metrics-port in use', json: true, args: ['canary', ...C, '--metrics-port', String(busyPort)], exit: 3, cause: new RegExp(`^port ${busyPort} is in use$`), code: 'DRCTL_PRECONDITION' },

  // State dir (item 5).
  { name: 'a state dir under a regular file', args: ['canary', ...C, '--once'], stateDir: join(aFile, 'state'), exit: 2, cause: /^state dir .*a-file\/state: .*a-file is a file, not a directory$/ },
  { name: 'a state dir under /proc', json: true, args: ['canary', ...C, '--once'], stateDir: '/proc/drctl-bad-input', exit: 2, cause: /^state dir \/proc\/drctl-bad-input is under \/proc, a kernel file system$/ },
  { name: 'a state dir under /sys', args: ['status', ...C, '--record'], stateDir: '/sys/drctl-bad-input', exit: 2, cause: /is under \/sys, a kernel file system$/ },
  { name: 'a state dir that is a device', args: ['report', 'rto', ...C], stateDir: '/dev/null', exit: 2, cause: /^state dir \/dev\/null is under \/dev/ },
  { name: 'sandbox down with a state dir under /proc', args: ['sandbox', 'down'], stateDir: '/proc/drctl-bad-input', exit: 2, cause: /is under \/proc/ },
  { name: 'sandbox start with a state dir under a file', json: true, args: ['sandbox', 'start', 'NYC'], stateDir: join(aFile, 'state'), exit: 2, cause: /a-file is a file, not a directory$/ },
  ...(canMakeUnwritable ? [{ name: 'an unwritable state dir', args: ['canary', ...C, '--once'], stateDir: readOnlyDir, exit: 2, cause: /^state dir .*read-only is not writable$/ }] : []),

  // Regexes, --since, --flow and aliases, checked before any I/O (item 6).
  { name: 'failover --groups-regex that does not compile', args: ['failover', ...C, '--to', 'LON', '--groups-regex', 'orders-[', '--dry-run'], exit: 2, cause: /^--groups-regex: invalid regex "orders-\[" \(Unterminated character class\)$/ },
  { name: 'failback --topics that does not compile', args: [...FAILBACK, '--topics', '(orders'], exit: 2, cause: /^--topics: invalid regex "\(orders" \(Unterminated group\)$/ },
  { name: 'report rpo --since in words', json: true, args: ['report', 'rpo', ...C, '--since', 'yesterday'], exit: 2, cause: /^invalid --since "yesterday"$/ },
  { name: 'report rto --flow that is not configured', json: true, args: ['report', 'rto', ...C, '--flow', 'LON->NYC'], exit: 2, cause: /^flow LON->NYC is not configured$/ },
  { name: 'report rpo --flow that is not configured', args: ['report', 'rpo', ...C, '--flow', 'LON->NYC'], exit: 2, cause: /^unknown flow "LON->NYC"$/ },
  { name: 'canary --flow that is not configured', args: ['canary', ...C, '--once', '--flow', 'LON->NYC'], exit: 2, cause: /^flow LON->NYC is not configured$/ },
  { name: 'a --flow that is not SOURCE->TARGET', args: ['report', 'rto', ...C, '--flow', 'NYC=>LON'], exit: 2, cause: /^--flow "NYC=>LON" is not SOURCE->TARGET$/ },
  { name: 'a --flow from a cluster to itself', args: ['mirror', 'config', ...C, '--flow', 'NYC->NYC'], exit: 2, cause: /^--flow "NYC->NYC" is not SOURCE->TARGET$/ },
  { name: 'mirror doctor without --mm2-config or --connect', args: ['mirror', 'doctor'], exit: 2, cause: /^Exactly one of the following must be provided: --connect, --mm2-config$/ },
  { name: 'mirror doctor with both --mm2-config and --connect', args: ['mirror', 'doctor', '--mm2-config', good, '--connect', 'http://127.0.0.1:9'], exit: 2, cause: /^--connect cannot also be provided when using --mm2-config/ },
  { name: 'mirror doctor on a file that is not there', json: true, args: ['mirror', 'doctor', '--mm2-config', join(root, 'absent.properties')], exit: 2, cause: /^--mm2-config .*absent\.properties: cannot read the file \(ENOENT\)$/ },
  { name: 'mirror doctor --rpo-objective that is no duration', args: ['mirror', 'doctor', '--mm2-config', good, '--rpo-objective', 'soon'], exit: 2, cause: /^invalid --rpo-objective "soon"$/ },
  { name: 'mirror config --flow with an unknown alias', json: true, args: ['mirror', 'config', ...C, '--flow', 'NYC->PAR'], exit: 2, cause: /^unknown cluster alias "PAR"$/, code: 'DRCTL_UNKNOWN_ALIAS' },
  { name: 'status --cluster with an unknown alias', args: ['status', ...C, '--cluster', 'PAR'], exit: 2, cause: /^unknown cluster alias "PAR"$/, code: 'DRCTL_UNKNOWN_ALIAS' },
  { name: 'offsets translate --to an unknown alias', args: ['offsets', 'translate', ...C, '--group', 'g', '--from', 'NYC', '--to', 'PAR'], exit: 2, cause: /^unknown cluster alias "PAR"$/ },
  { name: 'offsets reset --cluster with an unknown alias', args: ['offsets', 'reset', ...C, '--cluster', 'PAR', '--group', 'g', '--all-topics', '--to-earliest'], exit: 2, cause: /^unknown cluster alias "PAR"$/ },

  // failover's flags (item 7).
  { name: 'failover --plan with the flags that make a plan', json: true, args: ['failover', ...C, '--plan', 'plan.json', '--to', 'LON', '--group', 'g', '--fallback', 'earliest'], exit: 2, cause: /^--plan cannot be combined with --to, --group, --fallback$/ },
  { name: 'failover --plan with --all-groups --unplanned', args: ['failover', ...C, '--plan', 'plan.json', '--all-groups', '--unplanned'], exit: 2, cause: /^--plan cannot be combined with --all-groups, --unplanned$/ },
  { name: 'failover without --to', args: ['failover', ...C, '--group', 'g', '--dry-run'], exit: 2, cause: /^--to is required \(unless --plan\)$/ },
  { name: 'failover without groups', args: ['failover', ...C, '--to', 'LON', '--dry-run'], exit: 2, cause: /^no groups given$/ },
  { name: 'failover --fallback that is none of its options', args: [...FAILOVER, '--unplanned', '--fallback', 'sometimes'], exit: 2, cause: /^--fallback "sometimes" is not checkpoint-time, earliest, latest or timestamp:<datetime>$/ },
  { name: 'failback from a cluster to itself', args: ['failback', ...C, '--old-primary', 'NYC', '--new-primary', 'NYC'], exit: 2, cause: /^--old-primary and --new-primary are both NYC$/ },
  { name: 'failback --waive-salvage without --reason', args: [...FAILBACK, '--waive-salvage'], exit: 2, cause: /^--waive-salvage needs --reason$/ },

  // The config.
  { name: 'a missing config file', json: true, args: ['status', '--config', join(root, 'missing.yaml')], exit: 2, cause: /missing\.yaml: no such file \(from --config\)$/, code: 'DRCTL_CONFIG_NOT_FOUND' },
  { name: 'DRCTL_CONFIG naming a missing file', args: ['status'], env: { DRCTL_CONFIG: join(root, 'gone.yaml') }, exit: 2, cause: /gone\.yaml: no such file \(from DRCTL_CONFIG\)$/, code: 'DRCTL_CONFIG_NOT_FOUND' },
  { name: 'no config anywhere', json: true, args: ['status'], exit: 2, cause: /^no drctl configuration found$/, code: 'DRCTL_CONFIG_NOT_FOUND' },
  { name: 'a config with a literal password', json: true, args: ['status', '--config', literalPassword], exit: 2, cause: /clusters\.NYC\.sasl\.password: is a literal secret$/, code: 'DRCTL_CONFIG_INVALID' },
  { name: 'a config that is not YAML', args: ['status', '--config', badSyntax], exit: 2, cause: /bad-syntax\.yaml: \(syntax\): /, code: 'DRCTL_CONFIG_INVALID' },
  { name: 'a config with an unknown key', args: ['status', '--config', unknownKey], exit: 2, cause: /unknown-key\.yaml: colour: unknown key$/, code: 'DRCTL_CONFIG_INVALID' },
  { name: 'a missing MM2 properties file', args: ['status', '--mm2-config', join(root, 'missing.properties')], exit: 2, cause: /missing\.properties: no such file$/, code: 'DRCTL_CONFIG_INVALID' },
];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  /** The state dir's entries after the run, or null when it does not exist. */
  stateAfter: string[] | null;
  stateBefore: string[] | null;
}

const listing = (dir: string): string[] | null => {
  try {
    return readdirSync(dir);
  } catch {
    return null;
  }
};

/** Run the built CLI with no sandbox and no outside drctl settings, from an empty folder. */
function run(c: Case, json: boolean): Promise<Run> {
  const stateDir = c.stateDir ?? mkdtempSync(join(root, 'state-'));
  const stateBefore = listing(stateDir);
  const env: NodeJS.ProcessEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DRCTL_')));
  Object.assign(env, { NO_COLOR: '1', HOME: root, DRCTL_STATE_DIR: stateDir, DRCTL_CACHE_DIR: join(root, 'cache') }, c.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'run.js'), ...c.args, ...(json ? ['--json'] : [])], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // A case that reached the network (or a prompt) would hang or take the connect timeout: kill it instead.
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr: signal ? `${stderr}[killed by ${signal}]` : stderr, stateBefore, stateAfter: listing(stateDir) });
    });
  });
}

describe('bad input fails before any I/O, with one line, a hint and the exit code', () => {
  const plain = new Map<Case, Run>();
  const asJson = new Map<Case, Run>();
  before(async () => {
    const jobs = cases.flatMap((c) => [{ c, json: false }, ...(c.json ? [{ c, json: true }] : [])]);
    const runs = await mapLimit(jobs, 4, (j) => run(j.c, j.json));
    jobs.forEach((j, i) => (j.json ? asJson : plain).set(j.c, runs[i]));
  });
  after(() => {
    busy.close();
    chmodSync(readOnlyDir, 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  it(`has at least 45 distinct cases (${cases.length})`, () => {
    assert.ok(cases.length >= 45);
    assert.equal(new Set(cases.map((c) => c.args.join(' ') + JSON.stringify(c.stateDir ?? '') + JSON.stringify(c.env ?? {}))).size, cases.length, 'no case repeats another');
  });

  for (const c of cases) {
    it(c.name, () => {
      const r = plain.get(c)!;
      const why = `drctl ${c.args.join(' ')}\nexit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
      assert.equal(r.code, c.exit, why);
      const lines = r.stderr.split('\n').filter(Boolean);
      assert.match(lines[0] ?? '', /^error: /, why);
      assert.match(lines[0].slice('error: '.length), c.cause, why);
      assert.ok(
        lines.slice(1).some((l) => /^hint: \S/.test(l)),
        `no hint line\n${why}`,
      );
      assert.equal(r.stdout, '', `nothing on stdout before the error\n${why}`);
      assert.deepEqual(r.stateAfter, r.stateBefore, `the state dir changed\n${why}`);
    });
    if (!c.json) continue;
    it(`${c.name} --json`, () => {
      const j = asJson.get(c)!;
      const jwhy = `drctl ${c.args.join(' ')} --json\nexit ${j.code}\nstdout: ${j.stdout}\nstderr: ${j.stderr}`;
      assert.equal(j.code, c.exit, jwhy);
      const out = JSON.parse(j.stdout) as { error: { code: string; kind: string; exitCode: number; message: string; hint?: string } };
      assert.deepEqual(Object.keys(out), ['error'], jwhy);
      assert.match(out.error.code, /^DRCTL_[A-Z_]+$/, jwhy);
      if (c.code) assert.equal(out.error.code, c.code, jwhy);
      assert.equal(out.error.kind, c.exit === 3 ? 'precondition' : 'usage', jwhy);
      assert.equal(out.error.exitCode, c.exit, jwhy);
      assert.match(out.error.message, c.cause, jwhy);
      assert.ok(out.error.hint, `no hint\n${jwhy}`);
      assert.equal(j.stderr, '', `nothing on stderr under --json\n${jwhy}`);
      assert.deepEqual(j.stateAfter, j.stateBefore, `the state dir changed\n${jwhy}`);
    });
  }
});

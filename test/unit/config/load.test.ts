import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, locateConfig } from '../../../src/config/load.js';
import { clusterByAlias } from '../../../src/config/cluster-by-alias.js';
import { isDrctlError } from '../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'drctl-load-'));
const write = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const GOOD = 'clusters:\n  NYC: { bootstrap: "n1:9092,n2:9092", clusterId: abc }\n  LON: { bootstrap: [l1:9092] }\nflows: ["NYC->LON"]\nobjectives: { rpoSeconds: 30 }\n';
const fails = (fn: () => unknown, re: RegExp, code = 2) => assert.throws(fn, (e: unknown) => isDrctlError(e) && e.exitCode === code && re.test(e.message));

describe('config discovery', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'drctl-cwd-'));
  const state = mkdtempSync(join(tmpdir(), 'drctl-state-'));
  it('prefers --config, then DRCTL_CONFIG, then ./drctl.yaml, then the sandbox', () => {
    const env = { DRCTL_STATE_DIR: state };
    assert.equal(locateConfig({ env, cwd }), undefined);
    mkdirSync(join(state, 'sandbox'));
    writeFileSync(join(state, 'sandbox', 'drctl.yaml'), GOOD);
    assert.equal(locateConfig({ env, cwd })?.via, 'the running sandbox');
    writeFileSync(join(cwd, 'drctl.yaml'), GOOD);
    assert.equal(locateConfig({ env, cwd })?.via, './drctl.yaml');
    assert.equal(locateConfig({ env: { ...env, DRCTL_CONFIG: '/x.yaml' }, cwd })?.path, '/x.yaml');
    assert.equal(locateConfig({ configFlag: 'a.yaml', env: { ...env, DRCTL_CONFIG: '/x.yaml' }, cwd })?.path, join(cwd, 'a.yaml'));
  });
});

describe('loadConfig', () => {
  it('loads clusters, flows with MM2 default filters, objectives and the state dir', () => {
    const c = loadConfig({ configFlag: write('good.yaml', GOOD), env: { DRCTL_STATE_DIR: '/var/drctl' } });
    assert.deepEqual(c.clusters.NYC.bootstrapServers, ['n1:9092', 'n2:9092']);
    assert.equal(c.clusters.NYC.clusterId, 'abc');
    assert.deepEqual(
      c.flows.map((f) => [f.source, f.target, f.groupsExclude.length]),
      [['NYC', 'LON', 3]],
    );
    assert.equal(c.objectives.rpoSeconds, 30);
    assert.deepEqual(c.groupPrincipals, {});
    assert.equal(c.stateDir, '/var/drctl');
    assert.equal(c.offsetSyncsLocation, 'source');
  });

  it('resolves ${ENV} secrets and password files, and refuses literal secrets', () => {
    const pw = write('pw.txt', 'from-file\n');
    const yaml = (pass: string) => `clusters:\n  NYC:\n    bootstrap: n:1\n    sasl: { mechanism: scram-sha-512, username: drctl, ${pass} }\n`;
    assert.equal(loadConfig({ configFlag: write('s1.yaml', yaml('password: "${NYC_PW}"')), env: { NYC_PW: 'env-secret' } }).clusters.NYC.sasl?.password, 'env-secret');
    assert.equal(loadConfig({ configFlag: write('s2.yaml', yaml(`passwordFile: ${pw}`)), env: {} }).clusters.NYC.sasl?.password, 'from-file');
    fails(() => loadConfig({ configFlag: write('s3.yaml', yaml('password: "${NOPE}"')), env: {} }), /s3\.yaml: clusters\.NYC\.sasl\.password: environment variable NOPE is not set/);
    fails(() => loadConfig({ configFlag: write('s4.yaml', yaml('password: hunter2')), env: {} }), /clusters\.NYC\.sasl\.password: is a literal secret/);
    fails(() => loadConfig({ configFlag: write('s5.yaml', yaml('password: 8675309')), env: {} }), /^[^]*clusters\.NYC\.sasl\.password: must be a \$\{ENV_VAR\} reference$/);
  });

  it('takes a PKCS12 client keystore for mutual TLS, its passphrase by ${ENV} or file, never literal', () => {
    const pfx = write('client.p12', 'not really pkcs12');
    const pass = write('pass.txt', 'p12-secret\n');
    const yaml = (tls: string) => `clusters:\n  NYC:\n    bootstrap: n:1\n    tls: { ${tls} }\n`;
    const tls = loadConfig({ configFlag: write('t1.yaml', yaml(`pfxFile: ${pfx}, passphraseFile: ${pass}`)), env: {} }).clusters.NYC.tls!;
    assert.deepEqual([tls.pfxFile, tls.passphrase, tls.rejectUnauthorized], [pfx, 'p12-secret', true]);
    assert.equal(loadConfig({ configFlag: write('t2.yaml', yaml(`pfxFile: ${pfx}, passphrase: "\${P12}"`)), env: { P12: 'env-p12' } }).clusters.NYC.tls?.passphrase, 'env-p12');
    fails(() => loadConfig({ configFlag: write('t3.yaml', yaml(`pfxFile: ${pfx}, passphrase: hunter2`)), env: {} }), /clusters\.NYC\.tls\.passphrase: is a literal secret/);
    fails(() => loadConfig({ configFlag: write('t4.yaml', yaml(`pfxFile: ${pfx}`)), env: {} }), /clusters\.NYC\.tls\.passphrase: is missing/);
    fails(() => loadConfig({ configFlag: write('t5.yaml', yaml(`passphraseFile: ${pass}`)), env: {} }), /clusters\.NYC\.tls\.passphraseFile: is given without pfxFile/);
    fails(() => loadConfig({ configFlag: write('t6.yaml', yaml(`pfxFile: ${pfx}, passphraseFile: ${pass}, certFile: ${pfx}`)), env: {} }), /clusters\.NYC\.tls\.pfxFile: is given as well as certFile\/keyFile/);
  });

  it('merges an MM2 file under drctl.yaml (drctl.yaml wins)', () => {
    const mm2 = write('mm2.properties', 'clusters=NYC,LON\nNYC.bootstrap.servers=mm2-nyc:9092\nLON.bootstrap.servers=mm2-lon:9092\nNYC->LON.enabled=true\noffset-syncs.topic.location=target\n');
    const c = loadConfig({ configFlag: write('m.yaml', `mm2Config: ${mm2}\nclusters:\n  LON: { bootstrap: override:9092 }\n`), env: {} });
    assert.deepEqual(c.clusters.NYC.bootstrapServers, ['mm2-nyc:9092']);
    assert.deepEqual(c.clusters.LON.bootstrapServers, ['override:9092']);
    assert.equal(c.offsetSyncsLocation, 'target');
    assert.equal(loadConfig({ mm2ConfigFlag: mm2, env: { DRCTL_STATE_DIR: join(dir, 'none') }, cwd: dir + '/nowhere' }).flows.length, 1);
  });

  const bad: [string, string, RegExp][] = [
    ['an unknown top-level key', 'clusterz: {}', /bad\.yaml: clusterz: unknown key/],
    ['a bootstrap that is not host:port', 'clusters:\n  NYC: { bootstrap: nope }', /clusters\.NYC\.bootstrap: "nope" is not host:port/],
    ['a flow naming an unknown alias', 'clusters:\n  NYC: { bootstrap: n:1 }\nflows: ["NYC->PAR"]', /flows\[0\]: flow NYC->PAR names unknown alias "PAR"/],
    ['a malformed flow', 'clusters:\n  NYC: { bootstrap: n:1 }\nflows: ["NYC to LON"]', /flows\[0\]\.flow: must look like "NYC->LON"/],
    ['a bad policy type', 'clusters:\n  NYC: { bootstrap: n:1 }\nreplicationPolicy: { type: fancy }', /replicationPolicy\.type/],
    ['a negative objective', 'clusters:\n  NYC: { bootstrap: n:1 }\nobjectives: { rpoSeconds: -1 }', /objectives\.rpoSeconds/],
    ['a group principal without a type', 'clusters:\n  NYC: { bootstrap: n:1 }\ngroupPrincipals: { orders-svc: orders }', /groupPrincipals\.orders-svc: must be a principal such as User:orders-svc/],
    ['YAML syntax errors', 'clusters: [', /bad\.yaml: \(syntax\)/],
    ['no clusters', 'flows: []', /clusters: no clusters are defined/],
    ['an unknown key in a cluster', 'clusters:\n  NYC: { bootstrap: n:1, bootstrp: n:2 }', /bad\.yaml: clusters\.NYC\.bootstrp: unknown key/],
    ['an unknown key in objectives', 'clusters:\n  NYC: { bootstrap: n:1 }\nobjectives: { rpo: 5 }', /bad\.yaml: objectives\.rpo: unknown key/],
    ['an alias with a blank', 'clusters:\n  "NY C": { bootstrap: n:1 }', /clusters\["NY C"\]: an alias may only contain letters/],
    ['a port out of range', 'clusters:\n  NYC: { bootstrap: "n:65536" }', /clusters\.NYC\.bootstrap: "n:65536" is not host:port: the port must be a number from 1 to 65535/],
    ['a port 0', 'clusters:\n  NYC: { bootstrap: [n:1, "n:0"] }', /clusters\.NYC\.bootstrap: "n:0" is not host:port/],
    ['a bootstrap that is a number', 'clusters:\n  NYC: { bootstrap: 9092 }', /clusters\.NYC\.bootstrap: must be "host:port\[,host:port\]" or a list of host:port/],
    ['a cluster without bootstrap', 'clusters:\n  NYC: { clusterId: x }', /clusters\.NYC\.bootstrap: is missing/],
    ['a TLS file that does not exist', 'clusters:\n  NYC: { bootstrap: n:1, tls: { caFile: no-such-ca.pem } }', /clusters\.NYC\.tls\.caFile: .*no-such-ca\.pem: no such file/],
    ['a TLS setting that is neither a flag nor a mapping', 'clusters:\n  NYC: { bootstrap: n:1, tls: yes-please }', /clusters\.NYC\.tls: must be true, false or a mapping/],
    ['an unknown SASL mechanism', 'clusters:\n  NYC: { bootstrap: n:1, sasl: { mechanism: GSSAPI, username: u, password: "${P}" } }', /clusters\.NYC\.sasl\.mechanism: must be plain, scram-sha-256 or scram-sha-512, not "GSSAPI"/],
    ['a password file that does not exist', 'clusters:\n  NYC: { bootstrap: n:1, sasl: { mechanism: plain, username: u, passwordFile: no-such-pw } }', /clusters\.NYC\.sasl\.passwordFile: .*no-such-pw: no such file/],
    ['both password and passwordFile', 'clusters:\n  NYC: { bootstrap: n:1, sasl: { mechanism: plain, username: u, password: "${P}", passwordFile: pw } }', /clusters\.NYC\.sasl\.passwordFile: is given as well as password/],
    ['an invalid regex in a flow filter', 'clusters:\n  NYC: { bootstrap: n:1 }\n  LON: { bootstrap: l:1 }\nflows: [{ flow: "NYC->LON", topics: ["orders", "(unclosed"] }]', /flows\[0\]\.topics\[1\]: "\(unclosed" is not a valid regex/],
    ['a flow that is not a list', 'clusters:\n  NYC: { bootstrap: n:1 }\nflows: "NYC->LON"', /flows: must be a list such as \["NYC->LON"\]/],
    ['an objective that is not a number', 'clusters:\n  NYC: { bootstrap: n:1 }\nobjectives: { rtoSeconds: soon }', /objectives\.rtoSeconds: must be a non-negative number of seconds/],
    ['a policy key of the other policy type', 'clusters:\n  NYC: { bootstrap: n:1 }\nreplicationPolicy: { separator: _, sourceAlias: NYC }', /replicationPolicy\.sourceAlias: only applies to type: identity/],
    ['a bad offset-syncs location', 'clusters:\n  NYC: { bootstrap: n:1 }\noffsetSyncs: { location: nowhere }', /offsetSyncs\.location: must be "source" or "target", not "nowhere"/],
    ['a state dir that is not a path', 'clusters:\n  NYC: { bootstrap: n:1 }\nstateDir: 7', /bad\.yaml: stateDir: must be a path/],
    ['a document that is a list', '- clusters', /bad\.yaml: \(top level\): must be a mapping/],
    ['a Connect URL for a flow that is not configured', 'clusters:\n  NYC: { bootstrap: n:1 }\n  LON: { bootstrap: l:1 }\nflows: ["NYC->LON"]\nconnect: { "LON->NYC": { url: "http://c:8083" } }', /connect\["LON->NYC"\]: names no configured flow/],
    [
      'a Connect cluster attached to neither side of its flow',
      'clusters:\n  NYC: { bootstrap: n:1 }\n  LON: { bootstrap: l:1 }\n  SIN: { bootstrap: s:1 }\nflows: ["NYC->LON"]\nconnect: { "NYC->LON": { url: "http://c:8083", attachedTo: SIN } }',
      /connect\["NYC->LON"\]\.attachedTo: must be NYC or LON/,
    ],
    ['a Connect URL that is not http(s)', 'clusters:\n  NYC: { bootstrap: n:1 }\n  LON: { bootstrap: l:1 }\nflows: ["NYC->LON"]\nconnect: { "NYC->LON": { url: "c:8083" } }', /connect\["NYC->LON"\]\.url: must be an http\(s\) URL/],
  ];
  for (const [name, text, re] of bad) it(`rejects ${name} with the file and key (exit 2)`, () => fails(() => loadConfig({ configFlag: write('bad.yaml', text), env: {} }), re));

  describe('several flows (issue 19)', () => {
    const CLUSTERS = 'clusters:\n  NYC: { bootstrap: n:1 }\n  LON: { bootstrap: l:1 }\n  PAR: { bootstrap: p:1 }\n  AGG: { bootstrap: a:1 }\n';
    const IDENTITY = 'replicationPolicy: { type: identity }\n';
    const load = (name: string, text: string) => loadConfig({ configFlag: write(name, CLUSTERS + text), env: {} });
    const refused = (name: string, text: string, re: RegExp, hint: RegExp) =>
      assert.throws(
        () => load(name, text),
        (e: unknown) => isDrctlError(e) && e.code === 'DRCTL_CONFIG_INVALID' && e.exitCode === 2 && !e.message.includes('\n') && re.test(e.message) && hint.test(e.hint ?? ''),
        name,
      );
    const flowsOf = (text: string) => load('ok.yaml', text).flows.map((f) => `${f.source}->${f.target}`);

    it('loads active-active and hub-and-spoke with the default policy', () => {
      assert.deepEqual(flowsOf('flows: ["NYC->LON", "LON->NYC"]\n'), ['NYC->LON', 'LON->NYC']);
      assert.deepEqual(flowsOf('flows: ["NYC->AGG", "LON->AGG"]\n'), ['NYC->AGG', 'LON->AGG']);
      assert.deepEqual(flowsOf('flows: ["NYC->LON", "LON->PAR", "PAR->NYC"]\n'), ['NYC->LON', 'LON->PAR', 'PAR->NYC']);
    });

    it('loads hub-and-spoke and a chain with the identity policy (no cycle)', () => {
      assert.deepEqual(flowsOf(IDENTITY + 'flows: ["NYC->AGG", "LON->AGG"]\n'), ['NYC->AGG', 'LON->AGG']);
      assert.deepEqual(flowsOf(IDENTITY + 'flows: ["NYC->LON", "LON->PAR"]\n'), ['NYC->LON', 'LON->PAR']);
      // A fixed source alias is right when every flow comes from that one source.
      assert.deepEqual(flowsOf('replicationPolicy: { type: identity, sourceAlias: NYC }\nflows: ["NYC->LON", "NYC->AGG"]\n'), ['NYC->LON', 'NYC->AGG']);
    });

    it('refuses a flow listed twice, with either spelling', () => {
      refused('dup.yaml', 'flows: ["NYC->LON", "LON->NYC", { flow: "NYC -> LON", topics: [orders] }]\n', /dup\.yaml: flows\[2\]: flow NYC->LON is listed twice$/, /list each flow once/);
    });

    it('refuses a cycle under the identity policy, naming it', () => {
      refused('aa.yaml', IDENTITY + 'flows: ["NYC->LON", "LON->NYC"]\n', /aa\.yaml: flows: flows NYC->LON->NYC form a loop under the identity replication policy: /, /replicationPolicy type: default/);
      refused('ring.yaml', IDENTITY + 'flows: ["NYC->LON", "LON->PAR", "PAR->NYC", "NYC->AGG"]\n', /flows: flows NYC->LON->PAR->NYC form a loop under the identity/, /remove a flow of the loop/);
    });

    it('refuses a fixed identity source alias when flows come from several sources', () => {
      refused(
        'alias.yaml',
        'replicationPolicy: { type: identity, sourceAlias: NYC }\nflows: ["NYC->AGG", "LON->AGG"]\n',
        /alias\.yaml: replicationPolicy\.sourceAlias: the identity policy's source alias is fixed to NYC, but flows come from NYC, LON: /,
        /leave sourceAlias/,
      );
    });

    it('makes the same checks on flows and policy from an MM2 file, naming that file', () => {
      const mm2 = (name: string, extra: string) => write(name, `clusters=NYC,LON,AGG\nNYC.bootstrap.servers=n:1\nLON.bootstrap.servers=l:1\nAGG.bootstrap.servers=a:1\n${extra}`);
      const identity = 'replication.policy.class=org.apache.kafka.connect.mirror.IdentityReplicationPolicy\n';
      const aa = mm2('aa-id.properties', `${identity}NYC->LON.enabled=true\nLON->NYC.enabled=true\n`);
      assert.throws(
        () => loadConfig({ mm2ConfigFlag: aa, env: { DRCTL_STATE_DIR: join(dir, 'none') }, cwd: join(dir, 'nowhere') }),
        (e: unknown) => isDrctlError(e) && e.exitCode === 2 && /aa-id\.properties: flows: flows (NYC->LON->NYC|LON->NYC->LON) form a loop under the identity/.test(e.message),
      );
      assert.throws(
        () => loadConfig({ configFlag: write('with-aa.yaml', `mm2Config: ${aa}\n`), env: {} }),
        (e: unknown) => isDrctlError(e) && e.exitCode === 2 && /with-aa\.yaml: flows: flows \S+ form a loop under the identity replication policy \(from .*aa-id\.properties\)/.test(e.message),
      );
      const alias = mm2('alias.properties', `${identity}source.cluster.alias=NYC\nNYC->AGG.enabled=true\nLON->AGG.enabled=true\n`);
      assert.throws(
        () => loadConfig({ configFlag: write('with-alias.yaml', `mm2Config: ${alias}\n`), env: {} }),
        (e: unknown) => isDrctlError(e) && e.exitCode === 2 && /with-alias\.yaml: replicationPolicy: the identity policy's source alias is fixed to NYC \(from .*alias\.properties\)/.test(e.message),
      );
      // Default policy, both directions: MM2's own cycle detection works, so it loads; drctl.yaml's policy wins.
      const aaDefault = mm2('aa-default.properties', 'NYC->LON.enabled=true\nLON->NYC.enabled=true\n');
      assert.equal(loadConfig({ configFlag: write('with-aa-default.yaml', `mm2Config: ${aaDefault}\n`), env: {} }).flows.length, 2);
      assert.throws(() => loadConfig({ configFlag: write('override.yaml', `mm2Config: ${aaDefault}\n${IDENTITY}`), env: {} }), /override\.yaml: flows: flows \S+ form a loop under the identity replication policy \(from .*aa-default\.properties\)/);
    });
  });

  it('an unknown key lists the known keys of its mapping as the hint', () => {
    const hint = (text: string) => {
      try {
        loadConfig({ configFlag: write('hint.yaml', text), env: {} });
      } catch (e) {
        return isDrctlError(e) ? e.hint : undefined;
      }
      return undefined;
    };
    assert.equal(hint('clusterz: {}'), 'known keys: clusters, flows, replicationPolicy, offsetSyncs, objectives, connect, mirrorSettings, stateDir, mm2Config, discovery, groupPrincipals');
    assert.equal(hint('clusters:\n  NYC: { bootstrap: n:1, tls: { caFil: x } }'), 'known keys: caFile, certFile, keyFile, pfxFile, passphrase, passphraseFile, rejectUnauthorized');
  });

  it('resolves a ${VAR} that holds a whole server list, and names the key when the variable is unset', () => {
    const text = 'clusters:\n  NYC: { bootstrap: "${NYC_SERVERS}" }\n';
    assert.deepEqual(loadConfig({ configFlag: write('env.yaml', text), env: { NYC_SERVERS: 'a:1, b:2' } }).clusters.NYC.bootstrapServers, ['a:1', 'b:2']);
    fails(() => loadConfig({ configFlag: write('env.yaml', text), env: {} }), /env\.yaml: clusters\.NYC\.bootstrap: environment variable NYC_SERVERS is not set/);
  });

  it('checks TLS files relative to the config file and keeps their absolute paths', () => {
    write('ca.pem', 'x');
    const c = loadConfig({ configFlag: write('tls.yaml', 'clusters:\n  NYC: { bootstrap: n:1, tls: { caFile: ca.pem, rejectUnauthorized: false } }\n  LON: { bootstrap: l:1, tls: true }\n'), env: {} });
    assert.deepEqual(c.clusters.NYC.tls, { caFile: join(dir, 'ca.pem'), certFile: undefined, keyFile: undefined, rejectUnauthorized: false });
    assert.deepEqual(c.clusters.LON.tls, { rejectUnauthorized: true });
  });

  it("takes an MM2 file's TLS unless drctl.yaml turns it off with tls: false", () => {
    const mm2 = write('tls-mm2.properties', 'clusters=NYC\nNYC.bootstrap.servers=n:9093\nNYC.security.protocol=SSL\n');
    assert.deepEqual(loadConfig({ configFlag: write('t1.yaml', `mm2Config: ${mm2}\n`), env: {} }).clusters.NYC.tls, { caFile: undefined, rejectUnauthorized: true });
    assert.equal(loadConfig({ configFlag: write('t2.yaml', `mm2Config: ${mm2}\nclusters:\n  NYC: { tls: false }\n`), env: {} }).clusters.NYC.tls, undefined);
  });

  it('refuses an MM2 file whose bootstrap servers are not host:port, naming that file and property (exit 2)', () => {
    const mm2 = write('bad-mm2.properties', 'clusters=NYC,LON\nNYC.bootstrap.servers=nyc-kafka\nLON.bootstrap.servers=lon:9092\n');
    fails(() => loadConfig({ configFlag: write('m2.yaml', `mm2Config: ${mm2}\n`), env: {} }), /bad-mm2\.properties: NYC\.bootstrap\.servers: "nyc-kafka" is not host:port/);
  });

  it('says there is no config, with a hint, when nothing is found', () => {
    assert.throws(
      () => loadConfig({ env: { DRCTL_STATE_DIR: join(dir, 'nothing') }, cwd: join(dir, 'nowhere') }),
      (e: unknown) => isDrctlError(e) && e.code === 'DRCTL_CONFIG_NOT_FOUND' && Boolean(e.hint),
    );
  });

  it('an unknown alias lists the configured ones', () => {
    const c = loadConfig({ configFlag: write('good.yaml', GOOD), env: {} });
    assert.throws(
      () => clusterByAlias(c, 'PAR'),
      (e: unknown) => isDrctlError(e) && e.exitCode === 2 && e.hint === 'configured aliases: NYC, LON',
    );
  });
});

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isDrctlError } from '../../../src/errors.js';
import { loadBackup, saveBackup } from '../../../src/journal/journal.js';

const state = mkdtempSync(join(tmpdir(), 'drctl-backup-'));
const saved = saveBackup(state, {
  cluster: 'LON',
  clusterId: 'lon-id',
  reason: 'INC-42',
  groups: {
    'orders-svc': [
      { topic: 'orders', partition: 0, offset: 42n },
      { topic: 'orders', partition: 1, offset: 0n },
    ],
    'orders.v2': [],
    fresh: [],
  },
});
const onDisk = (): Record<string, any> => JSON.parse(readFileSync(saved.file, 'utf8'));

describe('loadBackup', () => {
  it('reads back what saveBackup wrote, by id or by file, offsets as bigint', () => {
    const { file: _file, ...backup } = saved;
    assert.deepEqual(loadBackup(state, saved.id), backup);
    assert.deepEqual(loadBackup(state, saved.file), backup);
  });

  const bad: [string, (b: Record<string, any>) => void, RegExp][] = [
    ['a negative offset', (b) => (b.groups['orders-svc'][0].offset = '-3'), /groups\.orders-svc\[0\]\.offset: must be a non-negative integer offset, not "-3"/],
    ['an offset as a JSON number', (b) => (b.groups['orders-svc'][0].offset = 42), /groups\.orders-svc\[0\]\.offset: must be a non-negative integer offset as a decimal string/],
    ['a missing offset', (b) => delete b.groups['orders-svc'][1].offset, /groups\.orders-svc\[1\]\.offset: is missing/],
    ['a negative partition', (b) => (b.groups['orders-svc'][0].partition = -1), /groups\.orders-svc\[0\]\.partition: must be at least 0, not -1/],
    ['a partition saved twice', (b) => (b.groups['orders-svc'][1].partition = 0), /groups\.orders-svc\[1\]: orders-0 is saved twice \(also at \[0\]\)/],
    ['a group name with a dot, quoted in the path', (b) => (b.groups['orders.v2'] = [{ topic: 'orders', partition: 0, offset: 'x' }]), /groups\["orders\.v2"\]\[0\]\.offset: must be a non-negative integer offset, not "x"/],
    ['groups that are not a mapping', (b) => (b.groups = []), /groups: must be an object, not a list/],
    ['a missing cluster', (b) => delete b.cluster, /: cluster: is missing/],
    ['an unknown key', (b) => (b.cluser = 'LON'), /: cluser: unknown key/],
    ['a reason that is not text', (b) => (b.reason = 5), /: reason: must be a string, not 5/],
  ];
  for (const [name, edit, re] of bad) {
    it(`refuses ${name}, naming the file and the path (exit 2)`, () => {
      const b = onDisk();
      edit(b);
      const file = join(state, 'edited.json');
      writeFileSync(file, JSON.stringify(b));
      assert.throws(
        () => loadBackup(state, file),
        (e: unknown) => isDrctlError(e) && e.exitCode === 2 && e.message.startsWith(`${file}: `) && re.test(e.message),
      );
    });
  }

  it('refuses a file that is not JSON (exit 2), and says where backups are when the id is unknown', () => {
    const file = join(state, 'torn.json');
    writeFileSync(file, '{"id": "x"');
    assert.throws(
      () => loadBackup(state, file),
      (e: unknown) => isDrctlError(e) && e.exitCode === 2 && e.message.startsWith(`${file}: (syntax): not JSON`),
    );
    assert.throws(
      () => loadBackup(state, 'no-such-id'),
      (e: unknown) => isDrctlError(e) && e.exitCode === 2 && e.hint === `backups are in ${join(state, 'backups')}; pass an id or a file`,
    );
  });
});

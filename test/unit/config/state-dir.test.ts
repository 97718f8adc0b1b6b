import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkStateDir, type StateDirFs } from '../../../src/config/state-dir.js';

const refused = (re: RegExp) => (e: { exitCode: number; message: string }) => e.exitCode === 2 && re.test(e.message);
const tmp = mkdtempSync(join(tmpdir(), 'drctl-state-dir-'));

describe('checkStateDir', () => {
  it('accepts an existing folder, and one that can be created, for reading and writing', () => {
    checkStateDir(tmp, { write: true });
    checkStateDir(join(tmp, 'new', 'deeper'), { write: true });
    checkStateDir('/dev/shm/drctl', { write: false });
  });
  it('refuses a path through a regular file, naming the file', () => {
    const file = join(tmp, 'a-file');
    writeFileSync(file, 'x');
    for (const write of [false, true]) {
      assert.throws(() => checkStateDir(join(file, 'state'), { write }), refused(new RegExp(`${file} is a file, not a directory`)));
      assert.throws(() => checkStateDir(file, { write }), refused(/is a file, not a directory/));
    }
  });
  it('refuses /proc, /sys and /dev (mkdir -p loops forever under /proc), also through a symlink', () => {
    for (const d of ['/proc', '/proc/x/y', '/sys/drctl', '/dev/null', '/dev/drctl']) assert.throws(() => checkStateDir(d, { write: false }), refused(/is under \/(proc|sys|dev), a kernel file system/));
    const link = join(tmp, 'to-proc');
    symlinkSync('/proc', link);
    assert.throws(() => checkStateDir(join(link, 'x'), { write: true }), refused(/is under \/proc/));
  });
  it('refuses an unwritable folder, or one whose nearest existing parent is unwritable, only for writing', () => {
    const ro = join(tmp, 'read-only');
    mkdirSync(ro);
    // root writes anywhere, so the file system is played: everything exists as a folder, nothing is writable.
    const readOnly: StateDirFs = { kind: (p) => (p.startsWith(join(ro, 'missing')) ? undefined : 'dir'), writable: () => false, realpath: (p) => p };
    checkStateDir(ro, { write: false }, readOnly);
    assert.throws(() => checkStateDir(ro, { write: true }, readOnly), refused(new RegExp(`state dir ${ro} is not writable`)));
    assert.throws(() => checkStateDir(join(ro, 'missing', 'x'), { write: true }, readOnly), refused(new RegExp(`cannot be created: ${ro} is not writable`)));
  });
  it('turns a failing stat into a usage error', () => {
    const failing: StateDirFs = {
      kind: () => {
        throw Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
      },
      writable: () => true,
      realpath: (p) => p,
    };
    assert.throws(() => checkStateDir('/somewhere', { write: false }, failing), refused(/cannot be used: EACCES/));
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { isDrctlError } from '../../../src/errors.js';
import { keyPath, parseFile } from '../../../src/schema/parse-file.js';

describe('keyPath', () => {
  const cases: [PropertyKey[], string | undefined, string][] = [
    [[], undefined, '(top level)'],
    [['clusters', 'NYC', 'bootstrap'], undefined, 'clusters.NYC.bootstrap'],
    [['flows', 0, 'flow'], undefined, 'flows[0].flow'],
    [['groups', 'orders.v2', 0, 'offset'], undefined, 'groups["orders.v2"][0].offset'],
    [['groupPrincipals', '*'], undefined, 'groupPrincipals.*'],
    [[], 'NYC.bootstrap.servers', 'NYC.bootstrap.servers'],
    [[1], 'NYC.bootstrap.servers', 'NYC.bootstrap.servers[1]'],
  ];
  for (const [path, at, want] of cases) it(`${JSON.stringify(path)} -> ${want}`, () => assert.equal(keyPath(path, at), want));
});

describe('parseFile', () => {
  const schema = z.strictObject({ name: z.string(), count: z.number().min(0), kind: z.enum(['a', 'b']).optional(), list: z.array(z.string()).optional() });
  const refused = (value: unknown, message: string, hint?: string) =>
    assert.throws(
      () => parseFile(schema, value, 'f.json'),
      (e: unknown) => isDrctlError(e) && e.exitCode === 2 && e.code === 'DRCTL_CONFIG_INVALID' && e.message === message && e.hint === hint,
    );

  it('returns the parsed value', () => assert.deepEqual(parseFile(schema, { name: 'x', count: 1 }, 'f.json'), { name: 'x', count: 1 }));
  it('says a key is missing', () => refused({ count: 1 }, 'f.json: name: is missing'));
  it('says what a value must be and what it is', () => refused({ name: 'x', count: 'one' }, 'f.json: count: must be a number, not "one"'));
  it('names the allowed values', () => refused({ name: 'x', count: 1, kind: 'c' }, 'f.json: kind: must be "a" or "b", not "c"'));
  it('names the lower bound', () => refused({ name: 'x', count: -1 }, 'f.json: count: must be at least 0, not -1'));
  it('names a list item by its index', () => refused({ name: 'x', count: 1, list: ['a', 2] }, 'f.json: list[1]: must be a string, not 2'));
  it('names an unknown key, with the known ones as the hint', () => refused({ name: 'x', count: 1, cuont: 2 }, 'f.json: cuont: unknown key', 'known keys: name, count, kind, list'));
  it('reports the first problem and counts the rest', () => refused({ count: 'x' }, 'f.json: name: is missing (+1 more problem)'));
  it('gives the fallback hint to a problem whose schema has none', () =>
    assert.throws(
      () => parseFile(schema, { name: 1, count: 1 }, 'f.json', { hint: 'see the docs' }),
      (e: unknown) => isDrctlError(e) && e.hint === 'see the docs',
    ));
  it('calls a mapping what the file format calls it', () => assert.throws(() => parseFile(schema, [], 'f.yaml', { objectNoun: 'a mapping' }), /f\.yaml: \(top level\): must be a mapping, not a list/));
});

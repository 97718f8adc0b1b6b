import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJavaProperties, toMap } from '../../../src/config/java-properties.js';

const parse = (t: string) => Object.fromEntries([...toMap(parseJavaProperties(t))].map(([k, e]) => [k, e.value]));

describe('parseJavaProperties reads java.util.Properties syntax', () => {
  const cases: [string, string, Record<string, string>][] = [
    ['= separator with spaces', 'a = b', { a: 'b' }],
    [': separator', 'a:b', { a: 'b' }],
    ['whitespace separator', 'a   b c', { a: 'b c' }],
    ['# and ! comments, blank lines', '# c\n! c\n\n  # indented\na=1', { a: '1' }],
    ['empty value', 'a=\nb', { a: '', b: '' }],
    ["continuation drops the next line's leading whitespace", 'clusters = A, \\\n     B', { clusters: 'A, B' }],
    ['an even number of backslashes is not a continuation', 'a=x\\\\\nb=y', { a: 'x\\', b: 'y' }],
    ['escaped separators in keys', 'a\\=b\\:c = d', { 'a=b:c': 'd' }],
    ['\\t \\n and \\uXXXX escapes', 'a=\\t\\n\\u00e9', { a: '\t\né' }],
    ['only the first separator splits', 'a=b=c', { a: 'b=c' }],
    ['the last duplicate wins', 'a=1\na=2', { a: '2' }],
    ['CRLF line endings', 'a=1\r\nb=2\r\n', { a: '1', b: '2' }],
    ['a comment line ending in \\ does not continue', '# x \\\na=1', { a: '1' }],
  ];
  for (const [name, text, want] of cases) it(name, () => assert.deepEqual(parse(text), want));

  it('reports the line where each entry starts', () => {
    assert.deepEqual(
      parseJavaProperties('# c\na=1\nb = x \\\n y').map((e) => e.line),
      [2, 3],
    );
  });
  it('rejects a malformed \\u escape', () => assert.throws(() => parseJavaProperties('a=\\u12'), /malformed/));
});

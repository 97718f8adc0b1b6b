/**
 * A parser for java.util.Properties text, so drctl reads an MM2 `connect-mirror-maker.properties` exactly as
 * MirrorMaker does: `#`/`!` comments, `=`, `:` or whitespace as separator, backslash escapes (including
 * `\uXXXX`), and line continuations whose following line loses its leading whitespace.
 */

/** One key/value pair with the 1-based line where its logical line starts (for error messages). */
export interface PropertyEntry {
  key: string;
  value: string;
  line: number;
}

const WHITESPACE = new Set([' ', '\t', '\f']);

/** Does this natural line end with an odd number of backslashes (a continuation)? */
function continues(line: string): boolean {
  let n = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) n++;
  return n % 2 === 1;
}

/** Split text into logical lines, joining continuations as Properties.load does. */
function logicalLines(text: string): { text: string; line: number }[] {
  const natural = text.split(/\r\n|\r|\n/);
  const out: { text: string; line: number }[] = [];
  for (let i = 0; i < natural.length; i++) {
    const startLine = i + 1;
    let current = stripLeading(natural[i]);
    if (current === '' || current[0] === '#' || current[0] === '!') continue;
    while (continues(current) && i + 1 < natural.length) {
      current = current.slice(0, -1) + stripLeading(natural[++i]);
    }
    if (continues(current)) current = current.slice(0, -1); // a trailing backslash at end of file is dropped
    out.push({ text: current, line: startLine });
  }
  return out;
}

function stripLeading(s: string): string {
  let i = 0;
  while (i < s.length && WHITESPACE.has(s[i])) i++;
  return s.slice(i);
}

/** Resolve escapes in a key or value the way Properties.loadConvert does. */
function unescape(s: string, line: number): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = s[++i];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = s.slice(i + 1, i + 5);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Error(`line ${line}: malformed \\uxxxx escape`);
      out += String.fromCharCode(parseInt(hex, 16));
      i += 4;
    } else if (next === 't') out += '\t';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else if (next === 'f') out += '\f';
    else out += next;
  }
  return out;
}

/** Parse properties text into entries in file order (later duplicates win in {@link toMap}). */
export function parseJavaProperties(text: string): PropertyEntry[] {
  const entries: PropertyEntry[] = [];
  for (const { text: l, line } of logicalLines(text)) {
    let i = 0;
    let keyEnd = -1;
    while (i < l.length) {
      const c = l[i];
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '=' || c === ':' || WHITESPACE.has(c)) {
        keyEnd = i;
        break;
      }
      i++;
    }
    if (keyEnd === -1) keyEnd = l.length;
    let v = keyEnd;
    while (v < l.length && WHITESPACE.has(l[v])) v++;
    if (v < l.length && (l[v] === '=' || l[v] === ':')) v++;
    while (v < l.length && WHITESPACE.has(l[v])) v++;
    entries.push({ key: unescape(l.slice(0, keyEnd), line), value: unescape(l.slice(v), line), line });
  }
  return entries;
}

/** The entries as a map; the last occurrence of a key wins, as in Properties. */
export function toMap(entries: readonly PropertyEntry[]): Map<string, PropertyEntry> {
  const m = new Map<string, PropertyEntry>();
  for (const e of entries) m.set(e.key, e);
  return m;
}

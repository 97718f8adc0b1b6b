#!/usr/bin/env node
// Part of `npm run lint`: fails on an import cycle in src/, between files and between modules (a module is a folder
// of src/, such as src/mm2 or src/translate; a file directly in src/ is a module of its own). A module cycle is one a
// file-level tool such as madge does not see: mm2/a.ts -> translate/b.ts -> mm2/c.ts has no cycle between files, yet
// mm2 and translate each lean on the other, so neither can be understood, tested or moved alone. Type-only imports
// count: they tie the code together as much. Reads imports with TypeScript's preprocessor (no type checking).
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
const files = readdirSync(src, { recursive: true })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => join(src, f))
  .sort();
/** src/mm2/codecs.ts -> mm2; src/errors.ts -> errors.ts */
const moduleOf = (file) => relative(src, file).split(sep)[0];
const show = (file) => relative(root, file);

/** file -> the files of src/ it imports (relative specifiers only; `./x.js` is the source `./x.ts`). */
const imports = new Map();
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const targets = importedFiles
    .map((i) => i.fileName)
    .filter((s) => s.startsWith('.'))
    .map((s) => resolve(dirname(file), s).replace(/\.js$/, '.ts'))
    .filter((t) => existsSync(t) && t.startsWith(src + sep));
  imports.set(file, [...new Set(targets)]);
}

/** Strongly connected components with more than one node (or a node that imports itself): Tarjan's algorithm. */
function cycles(nodes, edges) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges(v)) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const scc = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      scc.push(w);
    } while (w !== v);
    if (scc.length > 1 || edges(v).includes(v)) found.push(scc.sort());
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return found;
}

const problems = [];
for (const scc of cycles(files, (f) => imports.get(f))) {
  const lines = scc.flatMap((f) =>
    imports
      .get(f)
      .filter((t) => scc.includes(t))
      .map((t) => `  ${show(f)} imports ${show(t)}`),
  );
  problems.push(`files that import each other:\n${lines.join('\n')}`);
}

/** module -> module -> the file-level imports that make that edge (for the message). */
const moduleEdges = new Map();
for (const [file, targets] of imports) {
  for (const t of targets) {
    const [from, to] = [moduleOf(file), moduleOf(t)];
    if (from === to) continue;
    if (!moduleEdges.has(from)) moduleEdges.set(from, new Map());
    const byTarget = moduleEdges.get(from);
    byTarget.set(to, [...(byTarget.get(to) ?? []), `${show(file)} imports ${show(t)}`]);
  }
}
const modules = [...new Set(files.map(moduleOf))];
for (const scc of cycles(modules, (m) => [...(moduleEdges.get(m)?.keys() ?? [])])) {
  const lines = scc.flatMap((m) => [...(moduleEdges.get(m) ?? [])].filter(([to]) => scc.includes(to)).flatMap(([to, why]) => [`  ${m} -> ${to}:`, ...why.map((w) => `    ${w}`)]));
  problems.push(`modules that import each other (${scc.join(', ')}):\n${lines.join('\n')}`);
}

if (problems.length > 0) {
  process.stderr.write(`check-cycles: ${problems.length} import cycle(s) in src/. Break each by moving the shared code to the module it belongs to (or to a new file both import):\n\n${problems.join('\n\n')}\n`);
  process.exit(1);
}
process.stdout.write(`check-cycles: no import cycle among the ${files.length} files and ${modules.length} modules of src/\n`);

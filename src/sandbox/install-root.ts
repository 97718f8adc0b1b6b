/**
 * Where drctl is installed: the folder holding bin/run.js. Found by walking up from this module, because the module
 * sits at different depths in the compiled tree (dist/src/sandbox) and in the bundle (dist/bundle/chunks).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The installation's root folder (the one with bin/run.js and package.json). */
export function installRoot(): string {
  if (root) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'bin', 'run.js')) && existsSync(join(dir, 'package.json'))) return (root = dir);
    if (dirname(dir) === dir) throw new Error(`drctl's bin/run.js was not found above ${fileURLToPath(import.meta.url)}`);
  }
}

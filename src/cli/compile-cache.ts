/**
 * A V8 code cache for drctl's bundled CommonJS files (dist/bundle). Node 20 has no compile cache of its own
 * (module.enableCompileCache came in Node 22), and compiling a command's bundle (kafkajs, zod, yaml, oclif and
 * drctl's code, ~1 MB) took ~55 ms of every start; with V8's cached code it takes a few.
 *
 * The cache is written when the process exits, after the command ran, so it holds the functions the run compiled,
 * not only the top level (what a cache made right after compiling would hold, e.g. the v8-compile-cache package).
 * One cache file per bundle file, named after its path, its size and modification time (a build rewrites every bundle
 * file), V8's version and the process's flags; V8 checks the source's length and its own flags again, and a cache it
 * rejects is rewritten. Older caches of the same file are removed when a new one is written. Any failure to read or
 * write the cache only costs the speed-up: it is never an error.
 *
 * Imported by bin/run.js before anything else; it uses Node's built-ins only.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';

/** The parts of Node's CommonJS Module that the cache hooks (stable since Node 12, not in @types/node). */
interface CjsModule {
  exports: unknown;
  require(id: string): unknown;
  _compile(content: string, filename: string): unknown;
}
interface CjsModuleStatics {
  prototype: CjsModule;
  wrap(content: string): string;
  _resolveFilename(request: string, parent: CjsModule, isMain: boolean, options?: { paths?: string[] }): string;
  _cache: Record<string, unknown>;
  _extensions: Record<string, unknown>;
}

/** The cache of the file `filename` as it is now: `<digest of its path>-<digest of its version>.bin` under `dir`. */
export function cachePath(dir: string, filename: string): string {
  const { size, mtimeMs } = statSync(filename);
  // FNV-1a, 32 bits: a name, not a security check (and node:crypto would cost `--help` ~10 ms to load).
  const digest = (s: string) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return (h >>> 0).toString(16).padStart(8, '0');
  };
  return join(dir, `v8-${process.versions.v8}`, `${digest(filename)}-${digest(`${size}:${mtimeMs}:${process.execArgv.join(' ')}`)}.bin`);
}

/** Scripts compiled without a usable cache in this process, to write at exit. */
const pending: { file: string; script: vm.Script }[] = [];
/** What the cache did in this process (for tests and DRCTL_DEBUG). */
const stats = { hits: 0, misses: 0, rejected: 0 };

/** Files compiled from the cache (`hits`), without one (`misses`), or with one V8 refused (`rejected`). */
export const compileCacheStats = (): Readonly<typeof stats> => ({ ...stats });

/**
 * Compile every CommonJS file whose path `applies` with V8's cached code from `dir`, and write the caches that were
 * missing or rejected when the process exits. Call once, before the first of those files is required.
 */
export function enableCompileCache(dir: string, applies: (filename: string) => boolean): void {
  const M = Module as unknown as CjsModuleStatics;
  const compile = M.prototype._compile;
  M.prototype._compile = function (this: CjsModule, content: string, filename: string): unknown {
    if (!applies(filename)) return compile.call(this, content, filename);
    let file: string | undefined;
    let cachedData: Buffer | undefined;
    try {
      file = cachePath(dir, filename);
      cachedData = readFileSync(file);
    } catch {
      // not cached yet
    }
    const script = new vm.Script(M.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    if (!cachedData) stats.misses++;
    else if (script.cachedDataRejected) stats.rejected++;
    else stats.hits++;
    if (file && (!cachedData || script.cachedDataRejected)) pending.push({ file, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (exports: unknown, require: unknown, module: CjsModule, filename: string, dirname: string) => unknown;
    // The `require` Node gives a module: relative to it, with resolve and the module cache.
    const requireFn = Object.assign((id: string) => this.require(id), {
      resolve: (request: string, options?: { paths?: string[] }) => M._resolveFilename(request, this, false, options),
      cache: M._cache,
      extensions: M._extensions,
    });
    return wrapper.call(this.exports, this.exports, requireFn, this, filename, dirname(filename));
  };
  process.once('exit', writePending);
}

/** Write each missing cache (write, then rename: a concurrent drctl never reads half a file); drop stale ones. */
function writePending(): void {
  for (const { file, script } of pending.splice(0)) {
    try {
      const folder = dirname(file);
      mkdirSync(folder, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, file);
      const name = file.slice(folder.length + 1);
      const sameFile = name.slice(0, name.indexOf('-') + 1);
      for (const other of readdirSync(folder)) if (other.startsWith(sameFile) && other !== name && other.endsWith('.bin')) rmSync(join(folder, other), { force: true });
    } catch {
      // a read-only or full cache dir: the next start compiles again
    }
  }
}

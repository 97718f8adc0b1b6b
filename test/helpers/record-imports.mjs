// Preloaded with `node --import` by the start-up test: when the process exits it prints, on stderr after a marker
// line, every module it loaded (ES modules through a resolve hook, CommonJS ones from the require cache).
import { createRequire, register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';

const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.add(url));
port1.unref();
register('./record-imports-hook.mjs', import.meta.url, { data: { port: port2 }, transferList: [port2] });
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  for (const k of Object.keys(cache)) seen.add(k);
  process.stderr.write(`\n--- loaded modules ---\n${[...seen].join('\n')}\n`);
});

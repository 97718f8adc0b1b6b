/** Where drctl caches what it can rebuild: Kafka's jars for the sandbox, V8's compiled code of the bundle. */
import { expandPath } from './expand-path.js';

/** The cache root: DRCTL_CACHE_DIR, else ~/.cache/drctl. */
export const cacheRoot = (env: NodeJS.ProcessEnv = process.env): string => expandPath(env.DRCTL_CACHE_DIR || '~/.cache/drctl');

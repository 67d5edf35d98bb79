import type { Logger } from '../logger';
import { MemoryStore } from './memory';
import { RedisStore } from './redis';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

/**
 * Opens the store the configuration asks for: Redis when `redisUrl` is set,
 * else the embedded SQLite database in `dataDir` (or, with `embedded: 'memory'`,
 * a store that keeps nothing past the process).
 */
export async function openStore(opts: { redisUrl?: string; dataDir: string; embedded?: 'sqlite' | 'memory'; logger: Logger }): Promise<Store> {
  if (opts.redisUrl) return RedisStore.connect(opts.redisUrl, opts.logger);
  if (opts.embedded === 'memory') return new MemoryStore();
  return SqliteStore.open(opts.dataDir, { logger: opts.logger });
}

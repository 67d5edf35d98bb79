import type { Logger } from '../logger';
import { RedisStore } from './redis';
import { SqliteStore } from './sqlite';
import type { Store } from './types';

/** Opens the store the configuration asks for: Redis when `redisUrl` is set, else the embedded SQLite database in `dataDir`. */
export async function openStore(opts: { redisUrl?: string; dataDir: string; logger: Logger }): Promise<Store> {
  if (opts.redisUrl) return RedisStore.connect(opts.redisUrl, opts.logger);
  return SqliteStore.open(opts.dataDir, { logger: opts.logger });
}

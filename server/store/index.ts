import type { Logger } from '../logger';
import { MemoryStore } from './memory';
import { RedisStore } from './redis';
import type { Store } from './types';

/** Opens the store the configuration asks for: Redis when `redisUrl` is set, else embedded. */
export async function openStore(opts: { redisUrl?: string; dataDir: string; logger: Logger }): Promise<Store> {
  if (opts.redisUrl) return RedisStore.connect(opts.redisUrl, opts.logger);
  return new MemoryStore(opts.dataDir);
}

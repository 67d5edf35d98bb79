/**
 * The production server without Next.js, for load runs where no production
 * build exists (the CI smoke run): the same environment variables, store,
 * Redis adapter, pack library and app factory as server/index.ts, and the
 * same ready line. HTTP pages and the JSON API are left out (they 404).
 */
import http from 'node:http';
import path from 'node:path';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createApp } from '@/server/app';
import { parseConfig } from '@/server/config';
import { InstructorAuth } from '@/server/instructor';
import { createLogger } from '@/server/logger';
import { PackLibrary } from '@/server/packs';
import { openStore } from '@/server/store';
import { RedisStore } from '@/server/store/redis';

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) throw new Error(parsed.message);
  const config = parsed.config;
  const logger = createLogger(config.LOG_LEVEL);
  const store = await openStore({ redisUrl: config.REDIS_URL, dataDir: path.resolve(config.GRADFLOW_DATA_DIR), logger });
  let adapter: ReturnType<typeof createAdapter> | undefined;
  if (store instanceof RedisStore) {
    const adapterClient = store.duplicateClient();
    adapterClient.on('error', (err: Error) => logger.warn('redis adapter error', { error: err.message }));
    await adapterClient.connect();
    adapter = createAdapter(adapterClient);
  }
  const instructor = await InstructorAuth.load({ configured: config.GRADFLOW_INSTRUCTOR_KEY, store, logger, print: (line) => process.stdout.write(line + '\n') });
  const httpServer = http.createServer();
  const packs = new PackLibrary(store);
  const app = createApp({ httpServer, store, packs, logger, version: 'bench', adapter, instructor, publicUrl: config.GRADFLOW_PUBLIC_URL });
  await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
  process.stdout.write(`gradflow ready on http://localhost:${config.PORT} (store: ${store.kind})\n`);
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    void app
      .close()
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err: unknown) => {
  process.stderr.write(`gradflow (bench server): failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

/**
 * A real server process for fault and multi-process tests: the production app
 * factory with the test packs, on the store the environment names.
 * Env: STORE=redis|sqlite|memory, REDIS_URL, DATA_DIR, PORT (0 = any), QUESTION_MS,
 * CLOCK_OFFSET_MS (this process's clock runs that far ahead: a restart after a long downtime without waiting for it).
 * Re-arms the stored live rooms on start, as server/index.ts does.
 * Prints `listening <port>` when ready.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createApp } from '../app';
import { InstructorAuth } from '../instructor';
import { createLogger } from '../logger';
import { recoverRooms } from '../game/recovery';
import { MemoryStore } from '../store/memory';
import { SqliteStore } from '../store/sqlite';
import { RedisStore } from '../store/redis';
import type { Store } from '../store/types';
import { choicePack, packSource } from './packs';

async function main() {
  const logger = createLogger('warn');
  const kind = process.env.STORE ?? 'redis';
  let store: Store;
  let adapter: ReturnType<typeof createAdapter> | undefined;
  if (kind === 'redis') {
    const url = process.env.REDIS_URL;
    if (!url) throw new Error('REDIS_URL is required');
    const redis = await RedisStore.connect(url, logger);
    const adapterClient = redis.duplicateClient();
    adapterClient.on('error', () => undefined);
    await adapterClient.connect();
    adapter = createAdapter(adapterClient);
    store = redis;
  } else if (kind === 'sqlite') {
    const dir = process.env.DATA_DIR;
    if (!dir) throw new Error('DATA_DIR is required');
    store = SqliteStore.open(dir, { logger });
  } else {
    store = new MemoryStore();
  }
  const questionMs = Number(process.env.QUESTION_MS ?? 60_000);
  const offsetMs = Number(process.env.CLOCK_OFFSET_MS ?? 0);
  const httpServer = http.createServer();
  const app = createApp({
    httpServer,
    store,
    logger,
    clock: { now: () => Date.now() + offsetMs },
    packs: packSource(choicePack(2, questionMs)),
    adapter,
    publicUrl: 'http://test',
    instructor: InstructorAuth.fixed('test-instructor-key'),
  });
  await recoverRooms(store, app.rooms, logger);
  httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    process.stdout.write(`listening ${(httpServer.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => store.close())
      .finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});

/**
 * A server process for multi-process tests: the production app factory on
 * Redis (store + streams adapter) on a free port, with the test packs.
 * Prints `listening <port>` when ready.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createApp } from '../app';
import { InstructorAuth } from '../instructor';
import { createLogger } from '../logger';
import { RedisStore } from '../store/redis';
import { choicePack, packSource } from './packs';

async function main() {
  const url = process.env.REDIS_URL;
  if (!url) throw new Error('REDIS_URL is required');
  const logger = createLogger('warn');
  const store = await RedisStore.connect(url, logger);
  const adapterClient = store.duplicateClient();
  adapterClient.on('error', () => undefined);
  await adapterClient.connect();
  const httpServer = http.createServer();
  const app = createApp({ httpServer, store, logger, packs: packSource(choicePack(2, 60_000)), adapter: createAdapter(adapterClient), publicUrl: 'http://test', instructor: InstructorAuth.fixed('test-instructor-key') });
  httpServer.listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(httpServer.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => {
    void app.close().then(() => store.close()).finally(() => process.exit(0));
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exit(1);
});

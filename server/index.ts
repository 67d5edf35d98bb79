/**
 * The one process: Next.js pages and socket.io on the same HTTP server.
 * The only file that reads the environment.
 */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import next from 'next';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createApp, DEFAULT_LIMITS } from './app';
import { isClusterWorker, runPrimary, serveAsWorker } from './cluster';
import { systemScheduler } from './game/room-clock';
import { memoryJoinLimiters, redisJoinLimiters } from './rate-limit';
import { recoverRooms } from './game/recovery';
import { createApi } from './http/api';
import { ClassRegistry } from './classes';
import { composeApis, createReportsApi } from './reports/api';
import { createAssignmentsApi } from './assignments/api';
import { clientAddressReader } from './client-address';
import { parseConfig } from './config';
import { InstructorAuth } from './instructor';
import { createLogger } from './logger';
import { PackLibrary } from './packs';
import { openStore } from './store';
import { RedisStore } from './store/redis';

/** How long a graceful shutdown may take before the process exits anyway. */
const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    process.stderr.write(parsed.message + '\n');
    process.exit(2);
  }
  const config = parsed.config;
  if ((config.GRADFLOW_WORKERS ?? 1) > 1 && !isClusterWorker()) {
    // Every core of this machine: this process only routes connections to its workers (server/cluster.ts).
    await runPrimary({
      workers: config.GRADFLOW_WORKERS ?? 1,
      port: config.PORT,
      host: config.HOST,
      shutdownGraceMs: SHUTDOWN_GRACE_MS,
      print: (line) => process.stdout.write(line + '\n'),
      warn: (line) => process.stderr.write(line + '\n'),
    });
    return;
  }
  const dev = process.argv.includes('--dev');
  // Sockets and the JSON API only, no pages: for load runs where no production build exists (CI's smoke run).
  const pages = !process.argv.includes('--no-pages');
  const logger = createLogger(config.LOG_LEVEL);
  const root = path.resolve(__dirname, '..');
  const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

  const store = await openStore({ redisUrl: config.REDIS_URL, dataDir: path.resolve(config.GRADFLOW_DATA_DIR), embedded: config.GRADFLOW_STORE, logger });
  let adapter: ReturnType<typeof createAdapter> | undefined;
  if (store instanceof RedisStore) {
    // Several processes share rooms through Redis streams; the adapter reads on a connection of its own.
    const adapterClient = store.duplicateClient();
    adapterClient.on('error', (err: Error) => logger.warn('redis adapter error', { error: err.message }));
    await adapterClient.connect();
    adapter = createAdapter(adapterClient);
  }

  let handleNext: ReturnType<ReturnType<typeof next>['getRequestHandler']> | undefined;
  if (pages) {
    const nextApp = next({ dev, dir: root, hostname: config.HOST, port: config.PORT });
    await nextApp.prepare();
    handleNext = nextApp.getRequestHandler();
  }

  const instructor = await InstructorAuth.load({
    configured: config.GRADFLOW_INSTRUCTOR_KEY,
    store,
    logger,
    print: (line) => process.stdout.write(line + '\n'),
  });
  const httpServer = http.createServer();
  const packs = new PackLibrary(store);
  // The system clock and timers; one class registry for the socket side and the reports API, on that clock.
  const scheduler = systemScheduler();
  const classes = new ClassRegistry(store, () => scheduler.now());
  // With Redis every process shares one join budget; the embedded store keeps it in this process's memory.
  const joinLimiters = store instanceof RedisStore ? redisJoinLimiters(store.limiterClient(), DEFAULT_LIMITS) : memoryJoinLimiters(DEFAULT_LIMITS, () => scheduler.now());
  // Behind a reverse proxy (GRADFLOW_TRUST_PROXY) the client is named by X-Forwarded-For, not the proxy's address.
  const clientAddress = clientAddressReader(config.GRADFLOW_TRUST_PROXY);
  const assignmentsApi = createAssignmentsApi({ store, classes, packs, instructor, now: () => scheduler.now(), joins: joinLimiters.joinsPerRoom });
  const app = createApp({
    httpServer,
    store,
    packs,
    logger,
    version,
    adapter,
    instructor,
    scheduler,
    classes,
    publicUrl: config.GRADFLOW_PUBLIC_URL,
    joinLimiters,
    clientAddress,
    // Reports, classes and assignments first: the packs API answers 404 for any other /api path.
    api: composeApis(
      createReportsApi({ store, classes, instructor, failedJoinLookups: joinLimiters.failedJoinsPerIp, clientAddress, assignmentEntries: assignmentsApi.leaderboardEntries }),
      assignmentsApi.handle,
      createApi({ packs, instructor }),
    ),
    requestHandler: handleNext,
  });
  // Rooms that were running when the process stopped get their deadlines and auto-advance back.
  await recoverRooms(store, app.rooms, logger);

  if (isClusterWorker()) {
    // The primary owns the port and hands this worker its connections.
    serveAsWorker(app.io);
    logger.info('gradflow worker ready', { pid: process.pid, store: store.kind });
  } else {
    await new Promise<void>((resolve) => httpServer.listen(config.PORT, config.HOST, resolve));
    const address = httpServer.address();
    const port = address && typeof address === 'object' ? address.port : config.PORT;
    logger.info('gradflow listening', { url: `http://localhost:${port}`, store: store.kind, dev });
    process.stdout.write(`gradflow ready on http://localhost:${port} (store: ${store.kind})\n`);
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    setTimeout(() => process.exit(0), SHUTDOWN_GRACE_MS).unref();
    void app
      .close()
      .then(() => store.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  process.stderr.write(`gradflow: failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

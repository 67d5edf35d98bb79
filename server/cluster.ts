/**
 * Every core of one machine (`GRADFLOW_WORKERS=N`): a primary process owns
 * the port and hands each incoming connection to one of N worker processes
 * (Node's `cluster`); `@socket.io/sticky` keeps an HTTP long-polling session
 * on the worker that opened it, and the workers share rooms, answers, scores
 * and join limits through Redis (the store, the streams adapter). Each worker
 * is the whole app of `server/index.ts`, minus `listen`.
 */
import cluster, { type Worker } from 'node:cluster';
import http from 'node:http';
import { setupMaster, setupWorker } from '@socket.io/sticky';
import type { Server } from 'socket.io';
import { stopReadingOnHandoff } from './socket-handoff';

/** Pause before a worker that died is replaced, so one that dies at once does not spin. */
export const RESPAWN_DELAY_MS = 1000;
/** What a worker sends the primary once its app can take connections. */
const WORKER_READY = 'gradflow:worker-ready';

/** What the primary needs. */
export interface PrimaryOptions {
  readonly workers: number;
  readonly port: number;
  readonly host: string;
  /** How long a graceful shutdown may take before the workers are killed. */
  readonly shutdownGraceMs: number;
  /** One line to the operator (stdout). */
  readonly print: (line: string) => void;
  /** One line about a failure (stderr). */
  readonly warn: (line: string) => void;
}

/** True in a worker started by {@link runPrimary}. */
export function isClusterWorker(): boolean {
  return cluster.isWorker;
}

function forkOne(): Promise<Worker> {
  const worker = cluster.fork();
  // The sticky primary sends each connection's socket to a worker: it must stop reading it first (socket-handoff.ts).
  stopReadingOnHandoff(worker);
  return new Promise((resolve, reject) => {
    const onMessage = (msg: unknown) => {
      if (msg === WORKER_READY) {
        worker.off('exit', onExit);
        worker.off('message', onMessage);
        resolve(worker);
      }
    };
    const onExit = (code: number | null, signal: string | null) => reject(new Error(`worker ${worker.process.pid} exited during start (${code ?? signal})`));
    worker.on('message', onMessage);
    worker.once('exit', onExit);
  });
}

/**
 * The primary: forks the workers one after another (the first one to start
 * also creates the instructor key in Redis, the others read it), then listens
 * and routes connections to the worker with the fewest. A worker that dies is
 * replaced after {@link RESPAWN_DELAY_MS}; SIGTERM/SIGINT stop every worker
 * gracefully, then the primary. Resolves once it listens.
 */
export async function runPrimary(opts: PrimaryOptions): Promise<void> {
  const httpServer = http.createServer();
  // Buffers (request bodies the primary forwards chunk by chunk) must cross IPC as Buffers.
  cluster.setupPrimary({ serialization: 'advanced' });
  setupMaster(httpServer, { loadBalancingMethod: 'least-connection' });

  let stopping = false;
  const stopAll = (code: number) => {
    if (stopping) return;
    stopping = true;
    httpServer.close();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(code);
    let left = workers.length;
    for (const w of workers) {
      w.once('exit', () => {
        if (--left === 0) process.exit(code);
      });
      w.process.kill('SIGTERM');
    }
    setTimeout(() => {
      for (const w of workers) w.process.kill('SIGKILL');
      process.exit(code);
    }, opts.shutdownGraceMs).unref();
  };
  process.on('SIGTERM', () => stopAll(0));
  process.on('SIGINT', () => stopAll(0));

  for (let i = 0; i < opts.workers; i++) {
    try {
      await forkOne();
    } catch (err) {
      opts.warn(`gradflow: ${err instanceof Error ? err.message : String(err)}; stopping`);
      stopAll(1);
      return;
    }
  }
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    opts.warn(`gradflow: worker ${worker.process.pid} exited (${code ?? signal}); starting another in ${RESPAWN_DELAY_MS} ms`);
    setTimeout(() => {
      if (!stopping) forkOne().catch((err: unknown) => opts.warn(`gradflow: ${err instanceof Error ? err.message : String(err)}`));
    }, RESPAWN_DELAY_MS);
  });
  await new Promise<void>((resolve) => httpServer.listen(opts.port, opts.host, resolve));
  const address = httpServer.address();
  const port = address && typeof address === 'object' ? address.port : opts.port;
  opts.print(`gradflow ready on http://localhost:${port} (${opts.workers} workers, store: redis)`);
}

/**
 * In a worker: takes the connections the primary hands over instead of
 * listening, and tells the primary it is ready.
 */
export function serveAsWorker(io: Server): void {
  setupWorker(io);
  process.send?.(WORKER_READY);
}

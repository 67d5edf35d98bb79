import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** How long a starting redis-server may take to say it is ready. */
const READY_TIMEOUT_MS = 15_000;

/** A real redis-server started for a test, on a free port in a temp dir. */
export interface RedisServer {
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  /** Stops it with SIGKILL (a crash) or SIGTERM, and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** Starts it again on the same port and data dir (AOF replays). */
  restart(): Promise<void>;
}

/** Finds a TCP port that is free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (addr && typeof addr === 'object' ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

interface Launched {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
}

function launch(port: number, dir: string): Promise<Launched> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not become ready on port ${port}:\n${output}`));
    }, READY_TIMEOUT_MS);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(new Error(`cannot start redis-server (${err.message}); install it with: apt-get install -y redis-server`));
    });
    let ready = false;
    const exited = new Promise<void>((onExit) => {
      child.on('exit', (code) => {
        onExit();
        if (ready) return;
        clearTimeout(timer);
        reject(new Error(`redis-server exited with ${code}:\n${output}`));
      });
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!ready && output.includes('Ready to accept connections')) {
        ready = true;
        clearTimeout(timer);
        resolve({ child, exited });
      }
    });
  });
}

/** Starts a real redis-server for tests. */
export async function startRedis(): Promise<RedisServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-redis-'));
  const port = await freePort();
  let current = await launch(port, dir);
  const stop = async (signal: NodeJS.Signals = 'SIGTERM') => {
    current.child.kill(signal);
    await current.exited;
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    stop: async (signal) => {
      await stop(signal);
    },
    restart: async () => {
      await stop('SIGTERM');
      current = await launch(port, dir);
    },
  };
}

/** Stops the server and removes its data dir. */
export async function disposeRedis(server: RedisServer | undefined): Promise<void> {
  if (!server) return;
  await server.stop('SIGKILL');
  rmSync(server.dir, { recursive: true, force: true });
}

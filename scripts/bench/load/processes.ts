/**
 * Child processes of the load benchmark: the server processes under test
 * (the production entry, or the same app without Next.js), the generator
 * workers, and what the driver reads about them (CPU from /proc, heap and
 * RSS from /healthz). Everything started here is stopped by {@link stopChild}.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FromWorker, ToWorker } from './messages';

/** The repository root. */
export const ROOT = path.resolve(__dirname, '../../..');
/** How long a server may take to print that it is ready (Next.js prepares its build first). */
const SERVER_READY_TIMEOUT_MS = 60_000;
/** How long a child gets after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 10_000;
/** Kernel clock ticks per second for /proc/<pid>/stat (USER_HZ; 100 on Linux). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Which server entry to run: the production one (Next.js + sockets), or the same app without Next.js. */
export type ServerEntry = 'next' | 'bare';

/** One running server process. */
export interface ServerProcess {
  readonly index: number;
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Its stdout and stderr so far (for error messages). */
  output(): string;
  /** Asks the probe preloaded in the server (server-probe.mjs). */
  probe<T extends ProbeReply['probe']>(what: T): Promise<Extract<ProbeReply, { probe: T }>>;
}

/** A process's event-loop and CPU figures since the previous mark (server-probe.mjs). */
export interface MarkFigures {
  readonly pid: number;
  /** Since the previous mark: wall time, event-loop utilisation (0..1), CPU, event-loop delay p99 and max. */
  readonly wallMs: number;
  readonly utilization: number;
  readonly cpuMs: number;
  readonly delayP99Ms: number;
  readonly delayMaxMs: number;
  /** When the window's worst stall ended: monotonic clock in µs, as a V8 CPU profile's timestamps (hot-frames.ts --at). */
  readonly worstStallEndUs: number;
}

/** A process's live heap (after a full GC) and RSS. */
export interface MemoryFigures {
  readonly pid: number;
  readonly heapUsed: number;
  readonly rss: number;
}

/** What the server probe answers; a cluster primary (GRADFLOW_WORKERS) adds each worker's own answer as `workers`. */
export type ProbeReply =
  | { readonly probe: 'gc'; readonly id: number; readonly pid: number; readonly workers?: readonly { readonly pid: number }[] }
  | ({ readonly probe: 'memory'; readonly id: number; readonly workers?: readonly MemoryFigures[] } & MemoryFigures)
  | ({ readonly probe: 'mark'; readonly id: number; readonly workers?: readonly MarkFigures[] } & MarkFigures);

/** Longest wait for the probe (a full GC of a big heap takes a while). */
const PROBE_TIMEOUT_MS = 10_000;

/** The node arguments that run a TypeScript file with tsx's loader in this same process (so its pid is the program's). */
export function tsxArgs(file: string): string[] {
  return ['--import', 'tsx', file];
}

/** Starts one server process on `port` and waits for its ready line. */
export function startServer(opts: {
  readonly index: number;
  readonly entry: ServerEntry;
  readonly port: number;
  readonly dataDir: string;
  readonly redisUrl?: string;
  /** The embedded store when there is no Redis (GRADFLOW_STORE). */
  readonly embedded?: 'sqlite' | 'memory';
  /** When set, the server writes a V8 CPU profile into this directory on exit. */
  readonly cpuProfDir?: string;
  readonly nodeArgs?: readonly string[];
  /** More environment for the server (GRADFLOW_WORKERS; tests: GRADFLOW_TRUST_PROXY). */
  readonly env?: Readonly<Record<string, string>>;
}): Promise<ServerProcess> {
  const file = path.join(ROOT, 'server/index.ts');
  const entryArgs = opts.entry === 'next' ? [] : ['--no-pages'];
  // One file per thread (tsx's loader runs in a worker thread): the largest is the main thread.
  const profiling = opts.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${opts.cpuProfDir}`] : [];
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    GRADFLOW_DATA_DIR: opts.dataDir,
    GRADFLOW_INSTRUCTOR_KEY: 'load-bench-instructor-key',
    LOG_LEVEL: 'warn',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  delete env.REDIS_URL;
  delete env.NODE_OPTIONS;
  delete env.GRADFLOW_STORE;
  if (opts.redisUrl) env.REDIS_URL = opts.redisUrl;
  if (opts.embedded) env.GRADFLOW_STORE = opts.embedded;
  Object.assign(env, opts.env);
  // The probe (server-probe.mjs) answers over an IPC channel: full GCs before heap readings, event-loop figures.
  const probe = ['--expose-gc', '--import', pathToFileURL(path.join(ROOT, 'scripts/bench/load/server-probe.mjs')).href];
  const child = spawn(process.execPath, [...profiling, ...probe, ...(opts.nodeArgs ?? []), ...tsxArgs(file), ...entryArgs], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const pending = new Map<number, (msg: ProbeReply) => void>();
  let nextId = 0;
  child.on('message', (msg: ProbeReply) => {
    pending.get(msg.id)?.(msg);
    pending.delete(msg.id);
  });
  const ask = <T extends ProbeReply['probe']>(what: T): Promise<Extract<ProbeReply, { probe: T }>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`server ${opts.index} did not answer the probe's ${what}`));
      }, PROBE_TIMEOUT_MS);
      pending.set(id, (msg) => {
        clearTimeout(timer);
        resolve(msg as Extract<ProbeReply, { probe: T }>);
      });
      child.send({ probe: what, id });
    });
  const server: ServerProcess = { index: opts.index, url: `http://127.0.0.1:${opts.port}`, pid: child.pid ?? -1, child, output: () => out, probe: ask };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server ${opts.index} not ready after ${SERVER_READY_TIMEOUT_MS} ms:\n${out}`)), SERVER_READY_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server ${opts.index} exited (${code ?? signal}) before it was ready:\n${out}`));
    });
    const onData = () => {
      if (!out.includes('gradflow ready on')) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      resolve(server);
    };
    child.stdout?.on('data', onData);
  });
}

/** Stops a child: SIGTERM, then SIGKILL after a grace period. Resolves when it has exited. */
export function stopChild(child: ChildProcess | undefined, graceMs = STOP_GRACE_MS): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** A generator worker process, with a typed channel. */
export interface WorkerProcess {
  readonly index: number;
  readonly child: ChildProcess;
  readonly pid: number;
  send(msg: ToWorker): void;
}

/** Forks a generator worker; `onMessage` gets everything it reports. */
export function startWorker(index: number, onMessage: (index: number, msg: FromWorker) => void, onExit: (index: number, code: number | null) => void): Promise<WorkerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_OPTIONS;
  const child = fork(path.join(ROOT, 'scripts/bench/load/worker.ts'), [], {
    cwd: ROOT,
    env,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('exit', (code) => onExit(index, code));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', (msg: FromWorker) => {
      if (msg.t === 'ready') resolve({ index, child, pid: msg.pid, send: (m) => child.send(m) });
      onMessage(index, msg);
    });
  });
}

/** CPU time (ms) a process has used so far, from /proc; NaN when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident set size (bytes) of a process so far, from /proc; NaN when it is gone. */
export function peakRss(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Open sockets of a process (its /proc fd table): with GRADFLOW_WORKERS, how the students spread over the workers. */
export function socketCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).filter((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:');
      } catch {
        return false;
      }
    }).length;
  } catch {
    return Number.NaN;
  }
}

/** The 1-minute load average. */
export function loadAverage(): number {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}

/**
 * Each cluster worker of a GRADFLOW_WORKERS server, in pid order: a full GC in each, its live heap and RSS from
 * the probe (through the primary), and its open sockets as `clients` (/healthz would answer from one worker only).
 */
export async function workerHealth(server: ServerProcess): Promise<(Health & { readonly pid: number })[]> {
  const reply = await server.probe('memory');
  return [...(reply.workers ?? [])].sort((a, b) => a.pid - b.pid).map((w) => ({ pid: w.pid, clients: socketCount(w.pid), heapUsed: w.heapUsed, rss: w.rss }));
}

/** What /healthz says about a server's memory. */
export interface Health {
  readonly clients: number;
  readonly heapUsed: number;
  readonly rss: number;
}

/** Collects garbage in the server (through the probe), then reads /healthz (heapUsed and rss are NaN on a server that does not report them). */
export async function health(server: ServerProcess): Promise<Health> {
  await server.probe('gc');
  const res = await fetch(`${server.url}/healthz`);
  const body = (await res.json()) as { clients?: number; heapUsed?: number; rss?: number };
  return { clients: body.clients ?? Number.NaN, heapUsed: body.heapUsed ?? Number.NaN, rss: body.rss ?? Number.NaN };
}

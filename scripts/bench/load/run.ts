/**
 * The load benchmark's driver: starts Redis (when asked), the server
 * processes and the generator workers, joins N students to one room, plays
 * the rounds as the host, checks every student got every message exactly
 * once, and tears everything down, also on failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClient } from 'redis';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type Ack, type ClientToServerEvents, type ServerToClientEvents } from '@/engine/protocol';
import { disposeRedis, freePort, startRedis, type RedisServer } from '@/server/test-support/redis-server';
import { answersFor, builtinPack } from './answers';
import { stateKey, type AnswerPattern, type FromWorker, type LoopDelay, type WorkerResult } from './messages';
import {
  ROOT,
  cpuMs,
  health,
  loadAverage,
  peakRss,
  startServer,
  startWorker,
  stopChild,
  workerHealth,
  type Health,
  type MarkFigures,
  type ServerEntry,
  type ServerProcess,
  type WorkerProcess,
} from './processes';
import { summarise, type Summary } from './stats';

/** The store the server runs on: the embedded SQLite database, the memory store (nothing kept) or Redis. */
export type LoadStore = 'sqlite' | 'memory' | 'redis';

/** What a run does. */
export interface LoadOptions {
  readonly students: number;
  readonly processes: number;
  readonly store: LoadStore;
  readonly rounds: number;
  /** Generator processes; 0 = one per {@link STUDENTS_PER_GENERATOR} students (at least 2). */
  readonly generators: number;
  /** One server with GRADFLOW_WORKERS=N (on Redis, one port) instead of separate processes; 0 = no cluster. */
  readonly clusterWorkers: number;
  readonly server: ServerEntry;
  readonly packId: string;
  /** Window of the spread pattern. */
  readonly spreadMs: number;
  /** Share of right answers. */
  readonly correctShare: number;
  /** Every typed answer a distinct string (no two students write it the same way). */
  readonly uniqueAnswers: boolean;
  /** Connections each worker opens at once while joining. */
  readonly concurrency: number;
  /** Loopback source addresses (127.0.x.y) the students come from; 1 puts everyone on 127.0.0.1, as behind one NAT. */
  readonly addresses: number;
  /** Longest wait for any expected event or ack. */
  readonly eventTimeoutMs: number;
  /** Write a V8 CPU profile of each server process into this directory. */
  readonly cpuProfDir?: string;
  /** Extra node flags for the server processes. */
  readonly serverNodeArgs?: readonly string[];
  /** Aborting it (Ctrl-C) stops the run; everything is still torn down. */
  readonly signal?: AbortSignal;
  readonly log: (line: string) => void;
}

/** Defaults for everything but the student count. */
export const DEFAULTS = {
  processes: 1,
  store: 'sqlite',
  rounds: 3,
  generators: 0,
  clusterWorkers: 0,
  server: 'next',
  packId: 'week09',
  spreadMs: 3000,
  correctShare: 0.7,
  uniqueAnswers: false,
  concurrency: 50,
  addresses: 250,
  eventTimeoutMs: 30_000,
} as const satisfies Partial<LoadOptions>;

/** Students per generator process when --generators is not given: enough processes that their own loop p99 stays under 20 ms (at 5,000: 27 ms with 1,000 each, 14 ms with 500). */
export const STUDENTS_PER_GENERATOR = 500;
/** Fewest generator processes. */
const MIN_GENERATORS = 2;

/** Generator processes for a run: `generators` when given (≥ 1), else one per {@link STUDENTS_PER_GENERATOR} students, at least {@link MIN_GENERATORS}. */
export function generatorCount(generators: number, students: number): number {
  const wanted = generators > 0 ? generators : Math.max(MIN_GENERATORS, Math.ceil(students / STUDENTS_PER_GENERATOR));
  return Math.max(1, Math.min(wanted, students));
}

/** Time for the server's heap to settle before it is read. */
const SETTLE_MS = 1500;
/** Lead time of a burst, so every worker fires at the same wall-clock instant. */
const BURST_LEAD_MS = 50;
/** How often the load average is sampled. */
const LOAD_SAMPLE_MS = 2000;

/** One question as it went. */
export interface QuestionResult {
  readonly index: number;
  readonly id: string;
  readonly type: string;
  readonly pattern: AnswerPattern;
  readonly fanout: Summary;
  readonly ack: Summary;
  readonly verdict: Summary;
  /** Host opens the question → every verdict received. */
  readonly wallMs: number;
  /** Burst only: the common send instant → the last ack. */
  readonly drainMs: number | null;
  /** CPU of all server processes together during the question (a cluster's primary and workers). */
  readonly serverCpuMs: number;
  /** The busiest server process (or cluster worker) as its probe saw it: host opens → last ack, and last ack → every verdict. */
  readonly answering: ProbeWindow;
  readonly revealing: ProbeWindow;
}

/** A server process's own view of a time window (server-probe.mjs). */
export interface ProbeWindow {
  readonly wallMs: number;
  /** Share of the window its event loop was busy (0..1). */
  readonly utilization: number;
  readonly cpuMs: number;
  /** Worst event-loop delay in the window. */
  readonly delayMaxMs: number;
  /** When it ended (monotonic µs, a CPU profile's clock), in the process it was measured in. */
  readonly worstStallEndUs: number;
  readonly pid: number;
}

/** Per server process, or per cluster worker (then `students` is its open sockets joined − idle, see workerHealth). */
export interface ServerResult {
  readonly index: number;
  readonly pid: number;
  readonly students: number;
  readonly idle: Health;
  readonly joined: Health;
  readonly end: Health;
  readonly peakRss: number;
  readonly cpu: { readonly joinMs: number; readonly gameMs: number; readonly totalMs: number };
}

/** Everything a run measured. */
export interface LoadResult {
  readonly ok: boolean;
  readonly errors: string[];
  readonly options: Omit<LoadOptions, 'log'>;
  readonly machine: { readonly nproc: number; readonly model: string; readonly ramGB: number; readonly node: string };
  readonly startedAt: string;
  readonly durationMs: number;
  readonly load: { readonly start: number; readonly mean: number; readonly max: number; readonly end: number };
  readonly join: { readonly allMs: number; readonly each: Summary; readonly joined: number; readonly failed: number; readonly rateLimitedRetries: number };
  readonly fanout: {
    /** The first room broadcast: the host locks the lobby once everyone has joined. */
    readonly lock: Summary;
    readonly question: Summary;
    readonly reveal: Summary;
    readonly verdict: Summary;
    readonly leaderboard: Summary;
    readonly final: Summary;
  };
  readonly ack: { readonly spread: Summary; readonly burst: Summary; readonly refused: number };
  readonly messages: { readonly expectedPerStudent: number; readonly lost: number; readonly duplicated: number; readonly unexpected: number; readonly examples: string[] };
  readonly questions: QuestionResult[];
  /** The busiest server process's windows outside the questions: joins, the lock, each leaderboard (`leaderboard:q`, after question q) and the final screen. */
  readonly serverWindows: Record<string, ProbeWindow>;
  readonly servers: ServerResult[];
  /** (live heap after join − idle live heap) / students, averaged over the server processes. */
  readonly heapPerStudent: number;
  /** Generator processes, their CPU, and the worst of their own event-loop delays per window (join, lock, answering:q, revealing:q, between:q = leaderboard before q). */
  readonly generator: { readonly processes: number; readonly cpuMs: number; readonly loop: Record<string, LoopDelay>; readonly loopP99Max: number };
  readonly redis: { readonly cpuMs: number; readonly usedMemory: number } | null;
  /** With GRADFLOW_WORKERS: the primary, which routes connections to the workers (its CPU is in `serverCpuMs` too). */
  readonly primary: { readonly pid: number; readonly cpuMs: number; readonly peakRss: number } | null;
}

type HostSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

interface Waiter {
  readonly what: string;
  readonly done: () => boolean;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
  readonly timer: NodeJS.Timeout;
}

/** The busiest process's window (the one whose event loop was busiest), as a ProbeWindow. */
function busiestOf(marks: readonly MarkFigures[]): ProbeWindow {
  const busiest = marks.reduce((a, b) => (b.utilization > a.utilization ? b : a));
  return { wallMs: busiest.wallMs, utilization: busiest.utilization, cpuMs: busiest.cpuMs, delayMaxMs: busiest.delayMaxMs, worstStallEndUs: busiest.worstStallEndUs, pid: busiest.pid };
}

/** Collects what the workers report and lets the driver wait for it. */
class Hub {
  readonly got = new Map<string, number>();
  readonly acked = new Map<number, { workers: number; ok: number; refused: number; at: number }>();
  readonly joined = { workers: 0, ok: 0, failed: 0, retries: 0 };
  readonly results: WorkerResult[] = [];
  readonly errors: string[] = [];
  private readonly waiters = new Set<Waiter>();
  /** Why the run was aborted; later waits fail at once. */
  private aborted: string | null = null;

  constructor(private readonly workers: number) {}

  all(key: string): boolean {
    return (this.got.get(key) ?? 0) >= this.workers;
  }

  onMessage(msg: FromWorker): void {
    switch (msg.t) {
      case 'ready':
        break;
      case 'joined':
        this.joined.workers++;
        this.joined.ok += msg.ok;
        this.joined.failed += msg.failed;
        this.joined.retries += msg.retries;
        for (const e of msg.errors) this.error(e);
        break;
      case 'got':
        this.got.set(msg.key, (this.got.get(msg.key) ?? 0) + 1);
        break;
      case 'acked': {
        const a = this.acked.get(msg.questionIndex) ?? { workers: 0, ok: 0, refused: 0, at: 0 };
        a.workers++;
        a.ok += msg.ok;
        a.refused += msg.refused;
        a.at = Date.now();
        this.acked.set(msg.questionIndex, a);
        for (const e of msg.errors) this.error(e);
        break;
      }
      case 'error':
        this.error(msg.message);
        break;
      case 'result':
        this.results.push(msg.result);
        break;
    }
    this.check();
  }

  error(message: string): void {
    if (this.errors.length < 50) this.errors.push(message);
  }

  /** Fails every wait at once (a worker or server died). */
  abort(reason: string): void {
    this.error(reason);
    this.aborted ??= reason;
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(`${reason} (while waiting for ${w.what})`));
    }
    this.waiters.clear();
  }

  /** Resolves once `done()` holds; fails after `timeoutMs`, or at once after an abort (unless `evenIfAborted`). */
  wait(what: string, done: () => boolean, timeoutMs: number, evenIfAborted = false): Promise<void> {
    if (done()) return Promise.resolve();
    if (this.aborted && !evenIfAborted) return Promise.reject(new Error(`${this.aborted} (before waiting for ${what})`));
    return new Promise((resolve, reject) => {
      const w: Waiter = {
        what,
        done,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
        }, timeoutMs),
      };
      this.waiters.add(w);
    });
  }

  private check(): void {
    for (const w of this.waiters) {
      if (!w.done()) continue;
      clearTimeout(w.timer);
      this.waiters.delete(w);
      w.resolve();
    }
  }
}

function machine(): LoadResult['machine'] {
  let model = 'unknown';
  try {
    model = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1]?.trim() ?? model;
  } catch {
    // Not Linux: leave it unknown.
  }
  return { nproc: os.cpus().length, model, ramGB: Math.round(os.totalmem() / 1024 ** 3), node: process.version };
}

function connectHost(url: string, timeoutMs: number): Promise<HostSocket> {
  const socket: HostSocket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: timeoutMs });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => reject(new Error(`host cannot connect to ${url}: ${err.message}`)));
  });
}

function hostCall<E extends keyof ClientToServerEvents>(
  socket: HostSocket,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
  timeoutMs: number,
): Promise<Parameters<Parameters<ClientToServerEvents[E]>[1]>[0] extends Ack<infer T> ? T : never> {
  return new Promise((resolve, reject) => {
    (socket.timeout(timeoutMs).emit as (e: string, p: unknown, ack: (err: Error | null, r: Ack<unknown>) => void) => void)(event, payload, (err, r) => {
      if (err) return reject(new Error(`host ${event}: no ack within ${timeoutMs} ms`));
      if (!r.ok) return reject(new Error(`host ${event} refused: ${r.error}: ${r.message}`));
      resolve(r.data as never);
    });
  });
}

const merge = (results: readonly WorkerResult[], pick: (r: WorkerResult) => Record<string, number[]>, keys: (k: string) => boolean): number[] =>
  results.flatMap((r) => Object.entries(pick(r)).flatMap(([k, v]) => (keys(k) ? v : [])));

/** Runs the benchmark. Never throws: problems are in `errors` and make `ok` false. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { log } = options;
  const started = Date.now();
  const errors: string[] = [];
  const loads: number[] = [loadAverage()];
  const loadTimer = setInterval(() => loads.push(loadAverage()), LOAD_SAMPLE_MS);
  const tempDirs: string[] = [];
  let redis: RedisServer | undefined;
  const servers: ServerProcess[] = [];
  const workers: WorkerProcess[] = [];
  let host: HostSocket | undefined;
  const workerCount = generatorCount(options.generators, options.students);
  const clustered = options.clusterWorkers > 0;
  let primary: LoadResult['primary'] = null;
  const hub = new Hub(workerCount);
  const played: Omit<QuestionResult, 'fanout' | 'ack' | 'verdict'>[] = [];
  const serverWindows: Record<string, ProbeWindow> = {};
  const serverResults: ServerResult[] = [];
  const expected: string[] = [];
  let joinAllMs = Number.NaN;
  let redisStats: LoadResult['redis'] = null;
  let shuttingDown = false;
  const onAbort = () => hub.abort('interrupted');
  options.signal?.addEventListener('abort', onAbort);

  try {
    if (options.server === 'next' && !existsSync(path.join(ROOT, '.next', 'BUILD_ID'))) {
      throw new Error('server/index.ts needs a production build: run `npm run build` first, or use --server bare');
    }
    if (options.processes > 1 && options.store !== 'redis') throw new Error('several processes share a room only through Redis: add --store redis');
    if (clustered && (options.store !== 'redis' || options.processes !== 1)) throw new Error('GRADFLOW_WORKERS runs one server on Redis: --store redis and one process');
    const pack = builtinPack(options.packId);
    const answers = answersFor(pack);
    const questionCount = options.rounds * 2;
    if (questionCount > pack.questions.length) {
      throw new Error(`${options.rounds} rounds need ${questionCount} questions; pack "${options.packId}" has ${pack.questions.length} (at most ${Math.floor(pack.questions.length / 2)} rounds)`);
    }
    for (const a of answers.slice(0, questionCount)) {
      if (options.spreadMs > a.timeLimitMs - 5000) throw new Error(`--spread-ms ${options.spreadMs} does not fit question ${a.index}'s ${a.timeLimitMs} ms limit`);
    }

    if (options.store === 'redis') {
      log('starting redis-server…');
      redis = await startRedis();
    }
    log(`starting ${options.processes} server process(es)${clustered ? ` with GRADFLOW_WORKERS=${options.clusterWorkers}` : ''} (${options.server === 'next' ? 'server/index.ts' : 'bare app'}, store: ${options.store})…`);
    const launched = await Promise.allSettled(
      Array.from({ length: options.processes }, async (_, index) => {
        const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-load-'));
        tempDirs.push(dataDir);
        const server = await startServer({ index, entry: options.server, port: await freePort(), dataDir, redisUrl: redis?.url, embedded: options.store === 'redis' ? undefined : options.store, cpuProfDir: options.cpuProfDir, nodeArgs: options.serverNodeArgs, env: clustered ? { GRADFLOW_WORKERS: String(options.clusterWorkers) } : {} });
        servers.push(server);
        server.child.on('exit', (code, signal) => {
          if (!shuttingDown) hub.abort(`server ${index} exited (${code ?? signal}):\n${server.output().slice(-2000)}`);
        });
        return server;
      }),
    );
    for (const s of launched) if (s.status === 'rejected') throw s.reason;
    servers.sort((a, b) => a.index - b.index);
    const urls = servers.map((s) => s.url);

    log(`starting ${workerCount} generator worker(s)…`);
    workers.push(
      ...(await Promise.all(
        Array.from({ length: workerCount }, (_, i) =>
          startWorker(
            i,
            (_index, msg) => hub.onMessage(msg),
            (index, code) => {
              if (!shuttingDown) hub.abort(`generator worker ${index} exited (${code})`);
            },
          ),
        ),
      )),
    );

    // The processes measured: each server process, or each worker of the one GRADFLOW_WORKERS server (its probe asks them).
    const cluster = clustered ? servers[0] : undefined;
    const readHealth = async (): Promise<(Health & { readonly pid: number })[]> =>
      cluster ? workerHealth(cluster) : Promise.all(servers.map(async (s) => ({ ...(await health(s)), pid: s.pid })));
    const readMarks = async (): Promise<readonly MarkFigures[]> => (cluster ? ((await cluster.probe('mark')).workers ?? []) : Promise.all(servers.map((s) => s.probe('mark'))));
    const idle = await readHealth();
    const pids = idle.map((h) => h.pid);
    if (cluster && pids.length !== options.clusterWorkers) throw new Error(`the probe reached ${pids.length} of ${options.clusterWorkers} workers`);
    const allPids = cluster ? [cluster.pid, ...pids] : pids;
    const cpuStart = pids.map(cpuMs);

    host = await connectHost(urls[0] as string, options.eventTimeoutMs);
    const created = await hostCall(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: options.packId }, options.eventTimeoutMs);

    // Every plan goes out before the game starts, so no question can arrive before its plan.
    for (let q = 0; q < questionCount; q++) {
      const a = answers[q];
      if (!a) continue;
      const plan = { questionIndex: q, pattern: (q % 2 === 0 ? 'spread' : 'burst') as AnswerPattern, spreadMs: options.spreadMs, correct: a.correct, wrong: a.wrong, correctShare: options.correctShare, unique: options.uniqueAnswers };
      for (const w of workers) w.send({ t: 'plan', plan });
    }

    // The server's own window over the joins starts here.
    await (cluster ? cluster.probe('mark') : Promise.all(servers.map((sv) => sv.probe('mark'))));
    log(`joining ${options.students} students through ${urls.length} process(es)…`);
    const joinStarted = Date.now();
    const per = Math.ceil(options.students / workerCount);
    workers.forEach((w, i) => {
      const first = i * per;
      w.send({ t: 'join', code: created.code, urls, first, count: Math.max(0, Math.min(per, options.students - first)), concurrency: options.concurrency, ackTimeoutMs: options.eventTimeoutMs, addresses: options.addresses });
    });
    await hub.wait('every student to join', () => hub.joined.workers === workerCount, options.eventTimeoutMs + options.students * 20);
    joinAllMs = Date.now() - joinStarted;
    log(`joined ${hub.joined.ok}/${options.students} in ${joinAllMs} ms (${hub.joined.failed} failed, ${hub.joined.retries} retried after rate/limited)`);
    if (hub.joined.failed > 0) throw new Error(`${hub.joined.failed} students could not join`);
    await new Promise((r) => setTimeout(r, SETTLE_MS));
    for (const w of workers) w.send({ t: 'mark', label: 'join' });
    serverWindows.join = busiestOf(await readMarks());
    const joined = await readHealth();
    const cpuJoined = pids.map(cpuMs);
    // The heap probe's own full GC is not part of the lock's window.
    await readMarks();

    // As an instructor does once the class is in: lock the room. It is the first room broadcast (measured on its own).
    expected.push(stateKey('lobby', -1));
    await hostCall(host, 'host:lock', { locked: true }, options.eventTimeoutMs);
    await hub.wait('the locked lobby at every student', () => hub.all(stateKey('lobby', -1)), options.eventTimeoutMs);
    for (const w of workers) w.send({ t: 'mark', label: 'lock' });
    serverWindows.lock = busiestOf(await readMarks());
    const serverCpu = () => allPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
    // The busiest process's window since the previous mark.
    const mark = async (label?: string): Promise<ProbeWindow> => {
      if (label !== undefined) for (const w of workers) w.send({ t: 'mark', label });
      return busiestOf(await readMarks());
    };

    for (let q = 0; q < questionCount; q++) {
      const a = answers[q];
      if (!a) continue;
      const pattern: AnswerPattern = q % 2 === 0 ? 'spread' : 'burst';
      const cpuBefore = serverCpu();
      const between = await mark(`between:${q}`);
      if (q > 0) serverWindows[`leaderboard:${q - 1}`] = between;
      const opened = Date.now();
      for (const k of ['question', 'reveal', 'me']) expected.push(k === 'me' ? `me:${q}` : stateKey(k, q));
      await hostCall(host, q === 0 ? 'host:start' : 'host:next', {}, options.eventTimeoutMs);
      await hub.wait(`question ${q} at every student`, () => hub.all(stateKey('question', q)), options.eventTimeoutMs);
      let fireAt: number | null = null;
      if (pattern === 'burst') {
        fireAt = Date.now() + BURST_LEAD_MS;
        for (const w of workers) w.send({ t: 'fire', questionIndex: q, at: fireAt });
      }
      await hub.wait(`acks of question ${q}`, () => (hub.acked.get(q)?.workers ?? 0) >= workerCount, options.eventTimeoutMs + options.spreadMs);
      const acks = hub.acked.get(q);
      if (acks && acks.refused > 0) errors.push(`question ${q}: ${acks.refused} answers refused`);
      const answering = await mark(`answering:${q}`);
      await hub.wait(`reveal ${q} at every student`, () => hub.all(stateKey('reveal', q)), options.eventTimeoutMs);
      await hub.wait(`verdict ${q} at every student`, () => hub.all(`me:${q}`), options.eventTimeoutMs);
      const wallMs = Date.now() - opened;
      const revealing = await mark(`revealing:${q}`);
      played.push({
        index: q,
        id: a.id,
        type: a.type,
        pattern,
        wallMs,
        drainMs: fireAt !== null && acks ? acks.at - fireAt : null,
        serverCpuMs: serverCpu() - cpuBefore,
        answering,
        revealing,
      });
      log(`question ${q} (${a.type}, ${pattern}) done in ${wallMs} ms`);
      if (q < questionCount - 1) {
        expected.push(stateKey('leaderboard', q));
        await hostCall(host, 'host:next', {}, options.eventTimeoutMs);
        await hub.wait(`leaderboard ${q} at every student`, () => hub.all(stateKey('leaderboard', q)), options.eventTimeoutMs);
      }
    }
    const last = questionCount - 1;
    expected.push(stateKey('final', last));
    await hostCall(host, 'host:end', {}, options.eventTimeoutMs);
    await hub.wait('the final screen at every student', () => hub.all(stateKey('final', last)), options.eventTimeoutMs);
    for (const w of workers) w.send({ t: 'mark', label: `between:${questionCount}` });
    serverWindows.final = busiestOf(await readMarks());

    const end = await readHealth();
    if (end.map((h) => h.pid).join() !== pids.join()) errors.push(`a server process was replaced during the run (pids ${pids.join(', ')} → ${end.map((h) => h.pid).join(', ')})`);
    const cpuEnd = pids.map(cpuMs);
    pids.forEach((pid, i) => {
      // Separate processes: the generators spread students evenly over the URLs; cluster workers: sockets that opened.
      const mine = cluster
        ? (joined[i]?.clients ?? Number.NaN) - (idle[i]?.clients ?? Number.NaN)
        : Math.floor(options.students / urls.length) + (i < options.students % urls.length ? 1 : 0);
      serverResults.push({
        index: i,
        pid,
        students: mine,
        idle: idle[i] as Health,
        joined: joined[i] as Health,
        end: end[i] as Health,
        peakRss: peakRss(pid),
        cpu: {
          joinMs: (cpuJoined[i] as number) - (cpuStart[i] as number),
          gameMs: (cpuEnd[i] as number) - (cpuJoined[i] as number),
          totalMs: cpuEnd[i] as number,
        },
      });
    });
    if (cluster) primary = { pid: cluster.pid, cpuMs: cpuMs(cluster.pid), peakRss: peakRss(cluster.pid) };
    if (redis) {
      const client = createClient({ url: redis.url });
      await client.connect();
      const info = await client.info();
      await client.close();
      const field = (name: string) => Number(new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1] ?? Number.NaN);
      redisStats = { cpuMs: (field('used_cpu_sys') + field('used_cpu_user')) * 1000, usedMemory: field('used_memory') };
    }
  } catch (err) {
    errors.push(err instanceof Error ? err.message : String(err));
  } finally {
    shuttingDown = true;
    // Collect what the workers saw (also after a failure: it says what was lost).
    if (workers.length > 0) {
      for (const w of workers) if (w.child.connected) w.send({ t: 'finish', expected });
      const alive = () => workers.filter((w) => w.child.exitCode === null && w.child.signalCode === null).length;
      await hub.wait('the workers’ results', () => hub.results.length >= alive(), 20_000, true).catch((e: Error) => errors.push(e.message));
    }
    host?.disconnect();
    await Promise.all(workers.map((w) => stopChild(w.child, 2000)));
    await Promise.all(servers.map((s) => stopChild(s.child)));
    await disposeRedis(redis).catch(() => undefined);
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
    clearInterval(loadTimer);
    options.signal?.removeEventListener('abort', onAbort);
  }
  loads.push(loadAverage());

  // ---------- collate ----------
  const results = hub.results;
  errors.push(...hub.errors);
  const isPhase = (phase: string) => (k: string) => k.startsWith(`${phase}:`);
  const patternOf = (k: string) => (Number(k) % 2 === 0 ? 'spread' : 'burst');
  const questions: QuestionResult[] = played.map((q) => ({
    ...q,
    fanout: summarise(merge(results, (r) => r.samples.fanout, (k) => k === stateKey('question', q.index))),
    ack: summarise(merge(results, (r) => r.samples.ack, (k) => k === String(q.index))),
    verdict: summarise(merge(results, (r) => r.samples.verdict, (k) => k === String(q.index))),
  }));
  const lost = results.reduce((s, r) => s + r.lost, 0);
  const duplicated = results.reduce((s, r) => s + r.duplicated, 0);
  const unexpected = results.reduce((s, r) => s + r.unexpected, 0);
  if (lost > 0) errors.push(`${lost} messages lost`);
  if (duplicated > 0) errors.push(`${duplicated} messages duplicated`);
  if (unexpected > 0) errors.push(`${unexpected} unexpected messages`);
  const refused = [...hub.acked.values()].reduce((s, a) => s + a.refused, 0);
  const heapDeltas = serverResults.filter((s) => s.students > 0).map((s) => (s.joined.heapUsed - s.idle.heapUsed) / s.students);
  const { log: _log, ...shown } = options;
  const generatorLoop: Record<string, LoopDelay> = {};
  for (const r of results) {
    for (const [label, d] of Object.entries(r.samples.loop)) {
      const seen = generatorLoop[label];
      generatorLoop[label] = seen ? { p99: Math.max(seen.p99, d.p99), max: Math.max(seen.max, d.max) } : d;
    }
  }
  return {
    ok: errors.length === 0,
    errors,
    options: shown,
    machine: machine(),
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    load: { start: loads[0] as number, mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads), end: loads[loads.length - 1] as number },
    join: { allMs: joinAllMs, each: summarise(results.flatMap((r) => r.samples.join)), joined: hub.joined.ok, failed: hub.joined.failed, rateLimitedRetries: hub.joined.retries },
    fanout: {
      lock: summarise(merge(results, (r) => r.samples.fanout, isPhase('lobby'))),
      question: summarise(merge(results, (r) => r.samples.fanout, isPhase('question'))),
      reveal: summarise(merge(results, (r) => r.samples.fanout, isPhase('reveal'))),
      verdict: summarise(merge(results, (r) => r.samples.verdict, () => true)),
      leaderboard: summarise(merge(results, (r) => r.samples.fanout, isPhase('leaderboard'))),
      final: summarise(merge(results, (r) => r.samples.fanout, isPhase('final'))),
    },
    ack: {
      spread: summarise(merge(results, (r) => r.samples.ack, (k) => patternOf(k) === 'spread')),
      burst: summarise(merge(results, (r) => r.samples.ack, (k) => patternOf(k) === 'burst')),
      refused,
    },
    messages: { expectedPerStudent: expected.length, lost, duplicated, unexpected, examples: results.flatMap((r) => r.examples).slice(0, 10) },
    questions,
    serverWindows,
    servers: serverResults,
    heapPerStudent: heapDeltas.length ? heapDeltas.reduce((a, b) => a + b, 0) / heapDeltas.length : Number.NaN,
    generator: { processes: workerCount, cpuMs: results.reduce((s, r) => s + r.cpuUserMs + r.cpuSystemMs, 0), loop: generatorLoop, loopP99Max: Math.max(0, ...Object.values(generatorLoop).map((d) => d.p99)) },
    redis: redisStats,
    primary,
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type RoomView } from '@/engine/protocol';
import { answersFor, builtinPack } from '@/scripts/bench/load/answers';
import { connectClient, within } from './test-support/clients';
import { call, next, ok, type Client } from './test-support/harness';
import { disposeRedis, startRedis, type RedisServer } from './test-support/redis-server';

const root = path.resolve(__dirname, '..');
/** Longest a primary and its two workers may take to be ready (tsx compiles the server in each). */
const START_TIMEOUT_MS = 60_000;
/** The whole game, start included, on a loaded machine. */
const TEST_TIMEOUT_MS = 120_000;

let redis: RedisServer | undefined;
let primary: ChildProcess | undefined;
let dataDir: string | undefined;
const sockets: Client[] = [];

function startCluster(env: Record<string, string>): Promise<{ url: string; output: () => string }> {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-cluster-'));
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'server/index.ts'), '--no-pages'], {
    cwd: root,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', GRADFLOW_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  primary = child;
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`cluster not ready after ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`primary exited ${code}:\n${output}`));
    });
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /gradflow ready on http:\/\/localhost:(\d+) \((\d+) workers/.exec(output);
      if (!m) return;
      clearTimeout(timer);
      resolve({ url: `http://127.0.0.1:${m[1]}`, output: () => output });
    });
  });
}

/** A client as the phone opens it; `transports` says which it tries first. */
async function client(url: string, transports: string[]): Promise<Client> {
  return (await connectClient(url, { transports }, sockets)).socket;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  if (primary && primary.exitCode === null) {
    const exited = new Promise((done) => primary?.once('exit', done));
    primary.kill('SIGTERM');
    await exited;
  }
  await disposeRedis(redis);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const phase = (p: RoomView['phase'], i?: number) => (v: RoomView) => v.phase === p && (i === undefined || v.questionIndex === i);

it('GRADFLOW_WORKERS=2 on one port: connections are spread over both workers and one game plays across them', async () => {
  if (!redis) throw new Error('no redis');
  const { url } = await startCluster({ GRADFLOW_WORKERS: '2', REDIS_URL: redis.url, GRADFLOW_INSTRUCTOR_KEY: 'cluster-test-key' });
  const host = await client(url, ['websocket']);
  const created = ok(await within('ack', call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'week09' })));
  // Two students start on HTTP long-polling (then upgrade): without sticky sessions their second request would reach the other worker and fail.
  const students = [
    await client(url, ['websocket']),
    await client(url, ['polling', 'websocket']),
    await client(url, ['websocket']),
    await client(url, ['polling']),
  ];
  for (const [i, s] of students.entries()) ok(await within('ack', call(s, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: `Student${i}` })));

  // The primary hands a new connection to the worker with the fewest: 5 sockets are 3 + 2, and this request reaches
  // the one with 2 (with everything on one worker it would reach the other one, with none).
  const health = (await (await fetch(`${url}/healthz`)).json()) as { clients: number; store: string };
  expect(health.store).toBe('redis');
  expect(health.clients).toBeGreaterThan(0);
  expect(health.clients).toBeLessThanOrEqual(2);

  const pack = builtinPack('week09');
  const answers = answersFor(pack);
  for (const q of [0, 1]) {
    const a = answers[q];
    if (!a) throw new Error(`no answers for question ${q}`);
    const opened = Promise.all(students.map((s) => next(s, 'room:state', phase('question', q))));
    ok(await within('ack', call(host, q === 0 ? 'host:start' : 'host:next', {})));
    const views = await within(`question ${q} at every student`, opened);
    expect(new Set(views.map((v) => v.question?.id))).toEqual(new Set([a.id]));
    const revealed = Promise.all(students.map((s) => next(s, 'room:state', phase('reveal', q))));
    // Students 0 and 1 right, 2 and 3 wrong; once all four have answered the question closes itself.
    for (const [i, s] of students.entries()) {
      const answer = i < 2 ? a.correct[0] : a.wrong[0];
      if (!answer) throw new Error(`question ${q} has no ${i < 2 ? 'right' : 'wrong'} answer`);
      ok(await within('ack', call(s, 'answer:submit', { questionIndex: q, answerId: `s${i}-q${q}`, answer })));
    }
    const reveals = await within(`reveal ${q} at every student`, revealed);
    for (const r of reveals) expect(r.reveal).toMatchObject({ answered: 4, correct: 2 });
    if (q === 0) {
      const boards = Promise.all(students.map((s) => next(s, 'room:state', phase('leaderboard'))));
      ok(await within('ack', call(host, 'host:next', {})));
      const seen = await within('leaderboard at every student', boards);
      for (const b of seen) expect(b.leaders).toEqual(seen[0]!.leaders);
    }
  }
  const finals = Promise.all(students.map((s) => next(s, 'room:state', phase('final'))));
  ok(await within('ack', call(host, 'host:end', {})));
  const podiums = await within('podium at every student', finals);
  for (const p of podiums) expect(p.leaders).toEqual(podiums[0]!.leaders);
  // The two who were right twice lead the two who were wrong twice.
  expect(podiums[0]!.leaders.slice(0, 2).map((l) => l.nickname).sort()).toEqual(['Student0', 'Student1']);
  expect(podiums[0]!.leaders[1]!.score).toBeGreaterThan(podiums[0]!.leaders[2]!.score);
}, TEST_TIMEOUT_MS);

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type RoomView } from '@/engine/protocol';
import { silentLogger } from '../logger';
import { SqliteStore } from '../store/sqlite';
import { RedisStore } from '../store/redis';
import { call, next, ok, type Client } from '../test-support/harness';
import { Phone } from '../test-support/phone';
import { disposeRedis, freePort, startRedis, type RedisServer } from '../test-support/redis-server';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';

/** Students in each restart scenario. */
const STUDENTS = 40;

let redis: RedisServer | undefined;
let proc: ServerProcess | undefined;
const phones: Phone[] = [];
const clients: Client[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const p of phones.splice(0)) p.close();
  for (const c of clients.splice(0)) c.disconnect();
  await proc?.stop('SIGKILL');
  proc = undefined;
});
afterAll(async () => {
  await disposeRedis(redis);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const phase = (p: RoomView['phase'], i?: number) => (v: RoomView) => v.phase === p && (i === undefined || v.questionIndex === i);

async function hostClient(url: string): Promise<Client> {
  const socket: Client = io(url, { transports: ['websocket'], forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 500, randomizationFactor: 0 });
  clients.push(socket);
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return socket;
}

async function classroom(url: string, n: number) {
  const host = await hostClient(url);
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
  const students = await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const phone = await new Phone(url).ready();
      phones.push(phone);
      await phone.join(created.code, `student ${i}`);
      return phone;
    }),
  );
  return { host, created, students };
}

function redisEnv(port: number): Record<string, string> {
  if (!redis) throw new Error('no redis');
  return { STORE: 'redis', REDIS_URL: redis.url, PORT: String(port) };
}

describe('server restarts (Redis store)', () => {
  it('SIGKILL mid-question: students come back by themselves, acknowledged answers are kept, nothing counts twice', async () => {
    const port = await freePort();
    proc = await startServerProcess(redisEnv(port));
    const { host, created, students } = await classroom(proc.url, STUDENTS);
    const opened = Promise.all(students.map((s) => next(s.socket, 'room:state', phase('question', 0))));
    ok(await call(host, 'host:start', {}));
    await opened;
    const firstHalf = students.slice(0, STUDENTS / 2);
    await Promise.all(firstHalf.map(async (s, i) => ok(await call(s.socket, 'answer:submit', { questionIndex: 0, answerId: `a${i}`, answer: { kind: 'choice', index: 1 } }))));

    const before = students.map((s) => ({ recovered: s.recovered, resumed: s.resumed }));
    await proc.stop('SIGKILL');
    const killedAt = performance.now();
    proc = await startServerProcess(redisEnv(port));
    await Promise.all(students.map((s, i) => s.backOnline(before[i]!)));
    const backMs = performance.now() - killedAt;

    // The host console re-attaches with its token, as the page does on reload.
    const host2 = await hostClient(proc.url);
    ok(await call(host2, 'host:attach', { protocol: PROTOCOL_VERSION, roomId: created.roomId, hostToken: created.hostToken }));
    for (const s of firstHalf) expect(s.me?.answeredQuestion).toBe(0);
    expect(students.every((s) => s.room?.phase === 'question')).toBe(true);

    // A retry of an acknowledged answer is the same answer; the rest answer now.
    expect((await call(firstHalf[0]!.socket, 'answer:submit', { questionIndex: 0, answerId: 'a0', answer: { kind: 'choice', index: 1 } })).ok).toBe(true);
    // Half of the second half is right; once everyone has answered the question closes by itself.
    const revealed = next(students[0]!.socket, 'room:state', phase('reveal', 0));
    await Promise.all(
      students.slice(STUDENTS / 2).map(async (s, i) => ok(await call(s.socket, 'answer:submit', { questionIndex: 0, answerId: `b${i}`, answer: { kind: 'choice', index: i % 2 } }))),
    );
    const reveal = (await revealed).reveal;
    expect(reveal).toMatchObject({ answered: STUDENTS, correct: STUDENTS / 2 + STUDENTS / 4 });
    expect(backMs).toBeGreaterThan(0);
    console.info(`SIGKILL mid-question: ${STUDENTS}/${STUDENTS} students back in ${(backMs / 1000).toFixed(2)} s, ${STUDENTS / 2} acknowledged answers kept`);
  });

  it('SIGTERM restart: students recover their session without a visible rejoin', async () => {
    const port = await freePort();
    proc = await startServerProcess(redisEnv(port));
    const { host, students } = await classroom(proc.url, STUDENTS);
    const opened = Promise.all(students.map((s) => next(s.socket, 'room:state', phase('question', 0))));
    ok(await call(host, 'host:start', {}));
    await opened;
    const before = students.map((s) => ({ recovered: s.recovered, resumed: s.resumed }));
    await proc.stop('SIGTERM');
    proc = await startServerProcess(redisEnv(port));
    await Promise.all(students.map((s, i) => s.backOnline(before[i]!)));
    const silent = students.filter((s, i) => s.recovered > before[i]!.recovered).length;
    console.info(`SIGTERM restart: ${silent}/${STUDENTS} recovered without a rejoin`);
    expect(silent / STUDENTS).toBeGreaterThanOrEqual(0.99);
    // And the game goes on: an answer after the restart is accepted.
    ok(await call(students[0]!.socket, 'answer:submit', { questionIndex: 0, answerId: 'after', answer: { kind: 'choice', index: 1 } }));
  });

  it('Redis restarted mid-game: the server stays up, answers during the outage get a clear error, then service resumes with scores intact', async () => {
    if (!redis) throw new Error('no redis');
    proc = await startServerProcess(redisEnv(0));
    const { host, created, students } = await classroom(proc.url, 4);
    const opened = Promise.all(students.map((s) => next(s.socket, 'room:state', phase('question', 0))));
    ok(await call(host, 'host:start', {}));
    await opened;
    ok(await call(students[0]!.socket, 'answer:submit', { questionIndex: 0, answerId: 'kept', answer: { kind: 'choice', index: 1 } }));

    // A restart, as an operator does it (SIGTERM: Redis fsyncs its AOF before exiting).
    await redis.stop('SIGTERM');
    const during = await call(students[1]!.socket, 'answer:submit', { questionIndex: 0, answerId: 'outage', answer: { kind: 'choice', index: 1 } });
    expect(during).toMatchObject({ ok: false, error: 'store/unavailable' });
    const health = await fetch(`${proc.url}/healthz`);
    expect(health.status).toBe(503);

    const restartedAt = performance.now();
    await redis.restart();
    // The phone retries the same answer once the server is healthy again.
    await expect.poll(async () => (await fetch(`${proc!.url}/healthz`)).status, { timeout: 10_000, interval: 100 }).toBe(200);
    const retried = await call(students[1]!.socket, 'answer:submit', { questionIndex: 0, answerId: 'outage', answer: { kind: 'choice', index: 1 } });
    const resumedMs = performance.now() - restartedAt;
    expect(retried.ok).toBe(true);
    expect(resumedMs).toBeLessThan(10_000);
    console.info(`Redis restart: service resumed ${(resumedMs / 1000).toFixed(2)} s after Redis came back`);

    const store = await RedisStore.connect(redis.url, silentLogger);
    try {
      const answers = await store.listAnswers(created.roomId, 0);
      expect(answers.map((a) => a.answerId).sort()).toEqual(['kept', 'outage']);
    } finally {
      await store.close();
    }
  });
});

describe('embedded store', () => {
  it('a process killed right after the game ended leaves its report intact', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-kill-'));
    dirs.push(dir);
    proc = await startServerProcess({ STORE: 'sqlite', DATA_DIR: dir, PORT: '0' });
    const { host, created, students } = await classroom(proc.url, 3);
    const opened = next(students[0]!.socket, 'room:state', phase('question', 0));
    ok(await call(host, 'host:start', {}));
    await opened;
    ok(await call(students[0]!.socket, 'answer:submit', { questionIndex: 0, answerId: 'x', answer: { kind: 'choice', index: 1 } }));
    const final = next(students[0]!.socket, 'room:state', phase('final'));
    ok(await call(host, 'host:end', {}));
    await final;
    await proc.stop('SIGKILL');
    proc = undefined;
    const store = SqliteStore.open(dir, { logger: silentLogger });
    const report = await store.getReport(created.roomId);
    await store.close();
    expect(report?.roomId).toBe(created.roomId);
    expect(report?.title).toBe('Chain rule warm-up');
  });
});

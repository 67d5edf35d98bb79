import { afterAll, beforeAll, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { PROTOCOL_VERSION, type RoomView } from '@/engine/protocol';
import { call, next, ok, type Client } from '../test-support/harness';
import { disposeRedis, startRedis, type RedisServer } from '../test-support/redis-server';
import { startServerProcess, type ServerProcess } from '../test-support/server-process';

let redis: RedisServer | undefined;
const processes: ServerProcess[] = [];
const sockets: Client[] = [];

async function client(url: string): Promise<Client> {
  const socket: Client = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all(processes.map((p) => p.stop('SIGTERM')));
  await disposeRedis(redis);
});

const phase = (p: RoomView['phase'], i?: number) => (v: RoomView) => v.phase === p && (i === undefined || v.questionIndex === i);

it('two server processes on one Redis run one game: same rounds, same leaderboard', async () => {
  if (!redis) throw new Error('no redis');
  const started = await Promise.all([0, 1].map(() => startServerProcess({ STORE: 'redis', REDIS_URL: redis!.url, PORT: '0' })));
  processes.push(...started);
  const [urlA, urlB] = started.map((p) => p.url);
  const host = await client(urlA!);
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
  const onA = await client(urlA!);
  const onB1 = await client(urlB!);
  const onB2 = await client(urlB!);
  ok(await call(onA, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Ada' }));
  ok(await call(onB1, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Bob' }));
  ok(await call(onB2, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Cy' }));
  expect(await call(onB2, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'ada' })).toMatchObject({ ok: false, error: 'nickname/taken' });
  const students = [onA, onB1, onB2];

  for (const q of [0, 1]) {
    const opened = Promise.all(students.map((s) => next(s, 'room:state', phase('question', q))));
    ok(await call(host, q === 0 ? 'host:start' : 'host:next', {}));
    const views = await opened;
    expect(new Set(views.map((v) => v.question?.id))).toEqual(new Set([`c${q}`]));
    const revealed = Promise.all(students.map((s) => next(s, 'room:state', phase('reveal', q))));
    // Ada (process A) and Bob (process B) are right, Cy (process B) is wrong; everyone answered so it closes itself.
    ok(await call(onA, 'answer:submit', { questionIndex: q, answerId: `a${q}`, answer: { kind: 'choice', index: 1 } }));
    ok(await call(onB1, 'answer:submit', { questionIndex: q, answerId: `b${q}`, answer: { kind: 'choice', index: 1 } }));
    ok(await call(onB2, 'answer:submit', { questionIndex: q, answerId: `c${q}`, answer: { kind: 'choice', index: 0 } }));
    const reveals = await revealed;
    for (const r of reveals) expect(r.reveal).toMatchObject({ answered: 3, correct: 2, choiceCounts: [1, 2, 0] });
    if (q === 0) {
      const boards = Promise.all(students.map((s) => next(s, 'room:state', phase('leaderboard'))));
      ok(await call(host, 'host:next', {}));
      const seen = await boards;
      expect(seen[1]!.leaders).toEqual(seen[0]!.leaders);
      expect(seen[0]!.leaders.map((l) => l.nickname).slice(2)).toEqual(['Cy']);
    }
  }
  const finals = Promise.all(students.map((s) => next(s, 'room:state', phase('final'))));
  ok(await call(host, 'host:next', {}));
  const podiums = await finals;
  expect(podiums[2]!.leaders).toEqual(podiums[0]!.leaders);
  expect(podiums[0]!.leaders.find((l) => l.nickname === 'Cy')?.score).toBe(0);
  expect(podiums[0]!.leaders.filter((l) => l.score > 0).map((l) => l.nickname).sort()).toEqual(['Ada', 'Bob']);
});

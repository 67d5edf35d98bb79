import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOST_EVENTS, PROTOCOL_VERSION, type MeView, type RoomView } from '@/engine/protocol';
import { scoreAnswer } from '@/engine/game/scoring';
import { silentLogger } from '../logger';
import { SqliteStore } from '../store/sqlite';
import { RedisStore } from '../store/redis';
import type { Store } from '../store/types';
import { call, ManualClock, next, ok, startServer, type Client, type TestServer } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';
import { disposeRedis, startRedis, type RedisServer } from '../test-support/redis-server';

const LIMIT = 20_000;
const pack = choicePack(3, LIMIT);

let redis: RedisServer | undefined;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-game-'));
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await disposeRedis(redis);
  rmSync(dataDir, { recursive: true, force: true });
});

const stores: Record<string, () => Promise<Store>> = {
  embedded: async () => SqliteStore.open(dataDir, { logger: silentLogger }),
  redis: async () => {
    if (!redis) throw new Error('no redis');
    return RedisStore.connect(redis.url, silentLogger);
  },
};

interface Student {
  socket: Client;
  playerId: string;
  token: string;
  roomId: string;
}

async function setup(storeName: string) {
  const store = await stores[storeName]!();
  const clock = new ManualClock();
  const server = await startServer({ store, packs: packSource(pack), clock });
  const host = await server.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: pack.id }));
  const join = async (nickname: string): Promise<Student> => {
    const socket = await server.client();
    const joined = ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname }));
    return { socket, playerId: joined.playerId, token: joined.playerToken, roomId: joined.roomId };
  };
  return { store, clock, server, host, created, join };
}

const phase = (p: RoomView['phase'], index?: number) => (v: RoomView) => v.phase === p && (index === undefined || v.questionIndex === index);
const resultFor = (index: number) => (me: MeView) => me.result?.questionIndex === index;

describe.each(['embedded', 'redis'])('live game on the %s store', (storeName) => {
  let server: TestServer | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await server?.close();
    await store?.close();
  });

  it('plays a whole game: scores, ranks and streaks follow the scoring rule', async () => {
    const s = await setup(storeName);
    ({ server, store } = s);
    const [ada, bob, cy] = await Promise.all([s.join('Ada'), s.join('Bob'), s.join('Cy')]);
    const everyone = [ada!, bob!, cy!];

    // Question 1: everyone answers; the question closes by itself when all have.
    let opened = Promise.all(everyone.map((p) => next(p.socket, 'room:state', phase('question', 0))));
    ok(await call(s.host, 'host:start', {}));
    const views = await opened;
    expect(views[0]!.deadline! - views[0]!.openedAt!).toBe(LIMIT);
    expect(views[0]!.question?.choices).toEqual(['1', '2', '3']);

    s.clock.advance(2000);
    const results0 = Promise.all(everyone.map((p) => next(p.socket, 'player:me', resultFor(0))));
    ok(await call(ada!.socket, 'answer:submit', { questionIndex: 0, answerId: 'a0', answer: { kind: 'choice', index: 1 } }));
    s.clock.advance(8000);
    ok(await call(bob!.socket, 'answer:submit', { questionIndex: 0, answerId: 'b0', answer: { kind: 'choice', index: 1 } }));
    ok(await call(cy!.socket, 'answer:submit', { questionIndex: 0, answerId: 'c0', answer: { kind: 'choice', index: 0 } }));
    const reveal0 = await next(ada!.socket, 'room:state', phase('reveal', 0));
    expect(reveal0.reveal?.key.choiceIndex).toBe(1);
    expect(reveal0.reveal?.choiceCounts).toEqual([1, 2, 0]);
    const [ra, rb, rc] = await results0;
    const ada0 = scoreAnswer({ credit: 1, responseMs: 2000, limitMs: LIMIT, multiplier: 1, streakBefore: 0, scoring: true });
    const bob0 = scoreAnswer({ credit: 1, responseMs: 10_000, limitMs: LIMIT, multiplier: 1, streakBefore: 0, scoring: true });
    expect(ra!.result?.points).toBe(950);
    expect(ra!.result?.points).toBe(ada0.points);
    expect(rb!.result?.points).toBe(bob0.points);
    expect(rb!.result?.points).toBe(750);
    expect(rc!.result).toMatchObject({ correct: false, points: 0, streak: 0 });
    expect(rc!.result?.notes[0]?.code).toBe('choice/wrong');
    expect([ra!.rank, rb!.rank, rc!.rank]).toEqual([1, 2, 3]);
    expect(rb!.ahead).toEqual({ nickname: 'Ada', score: 950 });

    // Leaderboard between questions.
    const board = next(cy!.socket, 'room:state', phase('leaderboard'));
    ok(await call(s.host, 'host:next', {}));
    expect((await board).leaders.map((l) => [l.nickname, l.score])).toEqual([['Ada', 950], ['Bob', 750], ['Cy', 0]]);

    // Question 2 at ×2: Ada and Cy answer correctly, Bob does not answer; the host closes it.
    opened = Promise.all(everyone.map((p) => next(p.socket, 'room:state', phase('question', 1))));
    ok(await call(s.host, 'host:next', {}));
    await opened;
    ok(await call(s.host, 'host:multiplier', { multiplier: 2 }));
    const results1 = Promise.all(everyone.map((p) => next(p.socket, 'player:me', resultFor(1))));
    ok(await call(ada!.socket, 'answer:submit', { questionIndex: 1, answerId: 'a1', answer: { kind: 'choice', index: 1 } }));
    s.clock.advance(LIMIT / 2);
    ok(await call(cy!.socket, 'answer:submit', { questionIndex: 1, answerId: 'c1', answer: { kind: 'choice', index: 1 } }));
    ok(await call(s.host, 'host:close', {}));
    const [ra1, rb1, rc1] = await results1;
    expect(ra1!.result).toMatchObject({ correct: true, points: 2000 + 100, streak: 2 });
    expect(rb1!.result).toMatchObject({ answered: false, points: 0, streak: 0 });
    expect(rc1!.result).toMatchObject({ correct: true, points: 1500, streak: 1 });
    expect(ra1!.score).toBe(950 + 2100);

    // Last question: the reveal goes straight to the podium.
    ok(await call(s.host, 'host:next', {}));
    opened = Promise.all(everyone.map((p) => next(p.socket, 'room:state', phase('question', 2))));
    ok(await call(s.host, 'host:next', {}));
    await opened;
    const results2 = Promise.all(everyone.map((p) => next(p.socket, 'player:me', resultFor(2))));
    for (const p of everyone) ok(await call(p.socket, 'answer:submit', { questionIndex: 2, answerId: `${p.playerId}-2`, answer: { kind: 'choice', index: 1 } }));
    const [ra2, rb2, rc2] = await results2;
    expect(ra2!.result?.points).toBe(1000 + 200);
    expect(rb2!.result?.points).toBe(1000);
    expect(rc2!.result?.points).toBe(1000 + 100);
    const final = next(bob!.socket, 'room:state', phase('final'));
    ok(await call(s.host, 'host:next', {}));
    const podium = await final;
    expect(podium.leaders).toEqual([
      { rank: 1, nickname: 'Ada', score: 950 + 2100 + 1200 },
      { rank: 2, nickname: 'Cy', score: 1500 + 1100 },
      { rank: 3, nickname: 'Bob', score: 750 + 1000 },
    ]);
    const report = await s.store.getReport(s.created.roomId);
    expect(report?.title).toBe(pack.title);
  });

  it('brings a student back to the same seat, score and answer after a reconnect mid-question', async () => {
    const s = await setup(storeName);
    ({ server, store } = s);
    const ada = await s.join('Ada');
    const bob = await s.join('Bob');
    const opened = next(ada.socket, 'room:state', phase('question', 0));
    ok(await call(s.host, 'host:start', {}));
    await opened;
    ok(await call(ada.socket, 'answer:submit', { questionIndex: 0, answerId: 'x', answer: { kind: 'choice', index: 1 } }));
    ada.socket.disconnect();
    const again = await s.server.client();
    const resumed = ok(await call(again, 'player:resume', { protocol: PROTOCOL_VERSION, roomId: ada.roomId, playerToken: ada.token }));
    expect(resumed.playerId).toBe(ada.playerId);
    expect(resumed.room.phase).toBe('question');
    expect(resumed.me.answeredQuestion).toBe(0);
    expect(resumed.room.deadline).not.toBeNull();
    // The retried answer is the same answer, not a second one.
    const retry = await call(again, 'answer:submit', { questionIndex: 0, answerId: 'x', answer: { kind: 'choice', index: 1 } });
    expect(retry.ok).toBe(true);
    const other = await call(again, 'answer:submit', { questionIndex: 0, answerId: 'y', answer: { kind: 'choice', index: 0 } });
    expect(other).toMatchObject({ ok: false, error: 'answer/duplicate' });
    const result = next(again, 'player:me', resultFor(0));
    ok(await call(bob.socket, 'answer:submit', { questionIndex: 0, answerId: 'b', answer: { kind: 'choice', index: 0 } }));
    expect((await result).result).toMatchObject({ correct: true, points: 1000 });
    expect(await s.store.countAnswers(ada.roomId, 0)).toBe(2);
    const bad = await call(await s.server.client(), 'player:resume', { protocol: PROTOCOL_VERSION, roomId: ada.roomId, playerToken: `${ada.playerId}.forged` });
    expect(bad).toMatchObject({ ok: false, error: 'auth/forbidden' });
  });

  it('closes early only when every student online has answered, not when answers of students who left add up', async () => {
    const s = await setup(storeName);
    ({ server, store } = s);
    const [ada, bob, cy] = await Promise.all([s.join('Ada'), s.join('Bob'), s.join('Cy')]);
    const opened = next(cy!.socket, 'room:state', phase('question', 0));
    ok(await call(s.host, 'host:start', {}));
    await opened;
    ok(await call(ada!.socket, 'answer:submit', { questionIndex: 0, answerId: 'a', answer: { kind: 'choice', index: 1 } }));
    ada!.socket.disconnect();
    ok(await call(bob!.socket, 'answer:submit', { questionIndex: 0, answerId: 'b', answer: { kind: 'choice', index: 1 } }));
    // Two answers, two students online — but Cy, online, has not answered: the question stays open.
    await next(s.host, 'host:progress', (p) => p.answered === 2 && p.players === 2);
    const back = await s.server.client();
    ok(await call(back, 'player:resume', { protocol: PROTOCOL_VERSION, roomId: ada!.roomId, playerToken: ada!.token }));
    const later = await next(s.host, 'host:progress', (p) => p.players === 3);
    expect(later.answered).toBe(2);
    const revealed = next(cy!.socket, 'room:state', phase('reveal', 0));
    ok(await call(cy!.socket, 'answer:submit', { questionIndex: 0, answerId: 'c', answer: { kind: 'choice', index: 0 } }));
    expect((await revealed).reveal?.answered).toBe(3);
  });

  it('refuses host events from students, answers in the wrong phase, late answers and bad payloads', async () => {
    const s = await setup(storeName);
    ({ server, store } = s);
    const ada = await s.join('Ada');
    const payloads: Record<string, unknown> = { 'host:extend': { seconds: 10 }, 'host:lock': { locked: true }, 'host:kick': { playerId: ada.playerId }, 'host:multiplier': { multiplier: 2 }, 'host:leaderboard': { show: false } };
    for (const event of HOST_EVENTS) {
      const ack = await call(ada.socket, event, (payloads[event] ?? {}) as never);
      expect(ack, event).toMatchObject({ ok: false, error: 'auth/forbidden' });
    }
    expect(await call(ada.socket, 'answer:submit', { questionIndex: 0, answerId: 'early', answer: { kind: 'choice', index: 1 } })).toMatchObject({ ok: false, error: 'phase/not-allowed' });
    expect(await call(ada.socket, 'answer:submit', { questionIndex: 'zero', answer: 5 } as never)).toMatchObject({ ok: false, error: 'payload/invalid' });
    expect(await call(ada.socket, 'player:join', { protocol: PROTOCOL_VERSION + 1, code: s.created.code, nickname: 'Z' })).toMatchObject({ ok: false, error: 'protocol/mismatch' });
    expect(await call(await s.server.client(), 'player:join', { protocol: PROTOCOL_VERSION, code: s.created.code, nickname: ' ada ' })).toMatchObject({ ok: false, error: 'nickname/taken' });
    expect(await call(await s.server.client(), 'player:join', { protocol: PROTOCOL_VERSION, code: '999999x', nickname: 'Q' })).toMatchObject({ ok: false, error: 'room/not-found' });
    expect(await call(await s.server.client(), 'host:attach', { protocol: PROTOCOL_VERSION, roomId: s.created.roomId, hostToken: 'nope' })).toMatchObject({ ok: false, error: 'auth/forbidden' });

    const opened = next(ada.socket, 'room:state', phase('question', 0));
    ok(await call(s.host, 'host:start', {}));
    await opened;
    expect(await call(s.host, 'host:start', {})).toMatchObject({ ok: false, error: 'phase/not-allowed' });
    expect(await call(ada.socket, 'answer:submit', { questionIndex: 1, answerId: 'stale', answer: { kind: 'choice', index: 1 } })).toMatchObject({ ok: false, error: 'answer/stale-question' });
    s.clock.advance(LIMIT + 1);
    expect(await call(ada.socket, 'answer:submit', { questionIndex: 0, answerId: 'late', answer: { kind: 'choice', index: 1 } })).toMatchObject({ ok: false, error: 'answer/late' });
    expect(await s.store.countAnswers(ada.roomId, 0)).toBe(0);
  });

  it('sends students no answer key, token or other answer before the reveal', async () => {
    const s = await setup(storeName);
    ({ server, store } = s);
    const ada = await s.join('Ada');
    const bob = await s.join('Bob');
    const seen: { event: string; json: string }[] = [];
    ada.socket.onAny((event: string, ...args: unknown[]) => seen.push({ event, json: JSON.stringify(args) }));
    const opened = next(ada.socket, 'room:state', phase('question', 0));
    ok(await call(s.host, 'host:start', {}));
    await opened;
    ok(await call(bob.socket, 'answer:submit', { questionIndex: 0, answerId: 'bob-secret-answer', answer: { kind: 'choice', index: 2 } }));
    const revealed = next(ada.socket, 'room:state', phase('reveal', 0));
    ok(await call(ada.socket, 'answer:submit', { questionIndex: 0, answerId: 'a', answer: { kind: 'choice', index: 1 } }));
    await revealed;
    const revealAt = seen.findIndex((e) => e.event === 'room:state' && e.json.includes('"phase":"reveal"'));
    expect(revealAt).toBeGreaterThan(0);
    for (const frame of seen.slice(0, revealAt)) {
      expect(frame.json).not.toContain('choiceIndex');
      expect(frame.json).not.toMatch(/"key":\{/);
      expect(frame.json).not.toContain('bob-secret-answer');
      expect(frame.json).not.toContain(s.created.hostToken);
      expect(frame.json).not.toContain(bob.token);
    }
  });
});

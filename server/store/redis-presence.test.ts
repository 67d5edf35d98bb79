import { afterAll, beforeAll, expect, it } from 'vitest';
import { initialRoomState } from '@/engine/game/phases';
import { silentLogger } from '../logger';
import { disposeRedis, startRedis, type RedisServer } from '../test-support/redis-server';
import { PRESENCE_TTL_MS, RedisStore } from './redis';
import type { RoomRecord } from './types';

let redis: RedisServer | undefined;
const open: RedisStore[] = [];
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await Promise.all(open.map((s) => s.close()));
  await disposeRedis(redis);
});

/** A store whose heartbeat timer never fires during the test: its clock alone says how fresh it is. */
async function connect(clock: { t: number }): Promise<RedisStore> {
  if (!redis) throw new Error('redis-server did not start');
  const s = await RedisStore.connect(redis.url, silentLogger, { now: () => clock.t, heartbeatMs: 3_600_000 });
  open.push(s);
  return s;
}

let seq = 0;
async function newRoom(store: RedisStore): Promise<RoomRecord> {
  seq++;
  const r: RoomRecord = {
    id: `presence-${seq}-${Math.floor(performance.now())}`,
    code: String(300000 + seq),
    hostTokenHash: 'h',
    packId: 'p',
    title: 'T',
    classId: null,
    createdAt: 1,
    state: initialRoomState(1, { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false }),
    reveal: null,
    leaders: [],
    version: 0,
  };
  expect(await store.createRoom(r)).toBe(true);
  return r;
}

it('a crashed process stops counting once its heartbeat is older than the TTL; a live one keeps its students', async () => {
  const clockA = { t: 1_000_000 };
  const clockB = { t: 1_000_000 };
  const a = await connect(clockA);
  const b = await connect(clockB);
  const r = await newRoom(a);
  // p1 on A only, p2 on both (two tabs), p3 on B only.
  await a.presence(r.id, 'p1', 1);
  await a.presence(r.id, 'p2', 1);
  await b.presence(r.id, 'p2', 1);
  expect(await b.presence(r.id, 'p3', 1)).toBe(3);

  // A "crashes": it never writes again (no close, no heartbeat). Just before its TTL it still counts.
  clockB.t += PRESENCE_TTL_MS - 1;
  await b.beat();
  expect(await b.onlineCount(r.id)).toBe(3);
  clockB.t += 2;
  expect(await b.onlineCount(r.id)).toBe(2);
  expect([...(await b.onlinePlayers(r.id))].sort()).toEqual(['p2', 'p3']);
  // B's own connections are untouched: p2 leaving B takes them offline.
  expect(await b.presence(r.id, 'p2', -1)).toBe(1);
  expect([...(await b.onlinePlayers(r.id))]).toEqual(['p3']);
});

it('a process that closes cleanly takes its connections off at once; a late disconnect of a reaped process changes nothing', async () => {
  const clockA = { t: 5_000_000 };
  const clockB = { t: 5_000_000 };
  const a = await connect(clockA);
  const b = await connect(clockB);
  const r = await newRoom(a);
  await a.presence(r.id, 'p1', 1);
  await b.presence(r.id, 'p1', 1);
  await b.presence(r.id, 'p2', 1);
  await b.close();
  expect(await a.onlineCount(r.id)).toBe(1);
  expect([...(await a.onlinePlayers(r.id))]).toEqual(['p1']);

  // A is reaped by a third process while A is merely slow; its later disconnect must not go below zero or touch others.
  const clockC = { t: clockA.t + PRESENCE_TTL_MS + 1 };
  const c = await connect(clockC);
  await c.presence(r.id, 'p9', 1);
  expect([...(await c.onlinePlayers(r.id))]).toEqual(['p9']);
  expect(await a.presence(r.id, 'p1', -1)).toBe(1);
  expect([...(await c.onlinePlayers(r.id))]).toEqual(['p9']);
});

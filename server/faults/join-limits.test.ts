/**
 * Join-code guessing is limited per address, counting failed lookups only (socket `player:join` and
 * HTTP `GET /api/join/<code>` share the budget), so a lecture hall behind one NAT address is never
 * throttled; with Redis the budget is shared by every process.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@/engine/protocol';
import { DEFAULT_LIMITS } from '../app';
import { silentLogger } from '../logger';
import { memoryJoinLimiters, redisJoinLimiters } from '../rate-limit';
import { startReportsServer, type ReportsTestServer } from '../reports/test-server';
import { MemoryStore } from '../store/memory';
import { RedisStore } from '../store/redis';
import { call, ManualClock, ok } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';
import { disposeRedis, startRedis, type RedisServer } from '../test-support/redis-server';

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-join-limits-'));
let redis: RedisServer | undefined;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await disposeRedis(redis);
  rmSync(dataDir, { recursive: true, force: true });
});

/** Students joining one room, well over the old per-address burst of 600 joins. */
const HALL = 700;
/** A code no test room has (rooms get 6-digit codes). */
const wrongCode = (i: number) => `9${String(i).padStart(6, '0')}`;

async function createRoom(server: ReportsTestServer): Promise<{ code: string; roomId: string }> {
  return ok(await call(await server.client(), 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
}

async function socketJoin(server: ReportsTestServer, code: string, nickname: string): Promise<string> {
  const socket = await server.client();
  const ack = await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code, nickname });
  socket.disconnect();
  return ack.ok ? 'ok' : ack.error;
}

describe('join limits per address', () => {
  it('refuses guessing: failed socket joins and HTTP lookups share one budget, which refills with time', async () => {
    const clock = new ManualClock();
    const limits = { ...DEFAULT_LIMITS, failedJoinsPerIp: { burst: 10, perSecond: 0.5 } };
    const server = await startReportsServer({ store: new MemoryStore(), packs: packSource(choicePack()), clock, joinLimiters: memoryJoinLimiters(limits, () => clock.now()) });
    try {
      const { code } = await createRoom(server);
      const results: string[] = [];
      for (let i = 0; i < 6; i++) results.push(await socketJoin(server, wrongCode(i), `g${i}`));
      for (let i = 6; i < 10; i++) results.push(String((await server.fetch(`/api/join/${wrongCode(i)}`)).status));
      expect(results).toEqual([...Array<string>(6).fill('room/not-found'), '404', '404', '404', '404']);

      // The budget is spent: every further lookup from this address is refused, on both paths, the right code too.
      expect(await socketJoin(server, wrongCode(10), 'g10')).toBe('rate/limited');
      const refused = await server.fetch(`/api/join/${wrongCode(11)}`);
      expect(refused.status).toBe(429);
      expect(refused.json()).toMatchObject({ error: 'rate/limited', message: expect.stringContaining('join codes') as unknown });
      expect(await socketJoin(server, code, 'Ann')).toBe('rate/limited');
      expect((await server.fetch(`/api/join/${code}`)).status).toBe(429);

      // One lookup's worth refills in 2 s.
      clock.advance(2_000);
      expect(await socketJoin(server, code, 'Ann')).toBe('ok');
    } finally {
      await server.close();
    }
  });

  it(`lets ${HALL} students behind one address join a real room and look its code up, with the clock standing still`, async () => {
    const clock = new ManualClock();
    const server = await startReportsServer({ store: new MemoryStore(), packs: packSource(choicePack()), clock });
    try {
      const { code, roomId } = await createRoom(server);
      const lookups = await Promise.all(Array.from({ length: HALL }, () => server.fetch(`/api/join/${code}`).then((r) => r.status)));
      expect(lookups.filter((s) => s !== 200)).toEqual([]);
      const joins: string[] = [];
      const BATCH = 100;
      for (let i = 0; i < HALL; i += BATCH) {
        joins.push(...(await Promise.all(Array.from({ length: BATCH }, (_, j) => socketJoin(server, code, `student ${i + j}`)))));
      }
      expect(joins.filter((r) => r !== 'ok')).toEqual([]);
      expect((await server.app.rooms.hostView(roomId)).players).toHaveLength(HALL);
    } finally {
      await server.close();
    }
  }, 120_000);
});

describe('join limits on Redis', () => {
  it('two processes sharing one Redis share one budget of failed lookups', async () => {
    if (!redis) throw new Error('no redis');
    const limits = { ...DEFAULT_LIMITS, failedJoinsPerIp: { burst: 6, perSecond: 0.001 } };
    const stores = [await RedisStore.connect(redis.url, silentLogger), await RedisStore.connect(redis.url, silentLogger)];
    const servers = await Promise.all(
      stores.map((store) => startReportsServer({ store, packs: packSource(choicePack()), joinLimiters: redisJoinLimiters(store.limiterClient(), limits) })),
    );
    try {
      const [a, b] = servers as [ReportsTestServer, ReportsTestServer];
      const results: string[] = [];
      for (let i = 0; i < 4; i++) results.push(await socketJoin(a, wrongCode(i), `a${i}`));
      for (let i = 4; i < 8; i++) results.push(String((await b.fetch(`/api/join/${wrongCode(i)}`)).status));
      results.push(await socketJoin(b, wrongCode(8), 'b8'));
      // Each process alone would have allowed 6 failures; together they allow 6.
      expect(results).toEqual(['room/not-found', 'room/not-found', 'room/not-found', 'room/not-found', '404', '404', '429', '429', 'rate/limited']);
    } finally {
      for (const s of servers) await s.close();
      for (const s of stores) await s.close();
    }
  });
});

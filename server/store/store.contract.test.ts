import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { initialRoomState } from '@/engine/game/phases';
import { silentLogger } from '../logger';
import { disposeRedis, startRedis, type RedisServer } from '../test-support/redis-server';
import { MemoryStore } from './memory';
import { RedisStore } from './redis';
import { SqliteStore } from './sqlite';
import type { AnswerRecord, PlayerRecord, RoomRecord, Store } from './types';

let seq = 0;
const settings = { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false };

function room(code = String(100000 + seq)): RoomRecord {
  seq++;
  return {
    id: `room-${seq}-${Math.floor(performance.now())}`,
    code,
    hostTokenHash: 'h',
    packId: 'week09',
    title: 'T',
    classId: null,
    createdAt: 1,
    state: initialRoomState(3, settings),
    reveal: null,
    leaders: [],
    version: 0,
  };
}

function player(id: string, nickname: string, score = 0): PlayerRecord {
  return { id, tokenHash: 't', nickname, memberId: null, nicknameKey: nickname.toLowerCase(), joinedAt: 1, kicked: false, score, streak: 0, correctCount: 0, rank: null, previousRank: null, scoredThrough: -1, lastResult: null, ahead: null };
}

function answer(playerId: string, questionIndex: number, answerId: string): AnswerRecord {
  return { playerId, answerId, questionIndex, receivedAt: 5, responseMs: 4, answer: { kind: 'count', value: '3' }, credit: 1, correct: true, read: null, notes: [] };
}

/** A store under test; `reopen` (durable stores) closes it and opens the same data again. */
type Opened = { store: Store; reopen?: () => Promise<Store> };

function contract(name: string, open: () => Promise<Opened>) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let reopen: (() => Promise<Store>) | undefined;
    beforeEach(async () => {
      ({ store, reopen } = await open());
    });

    it('creates a room once per join code and finds it by code', async () => {
      const r = room('424242');
      expect(await store.createRoom(r)).toBe(true);
      expect(await store.createRoom({ ...room('424242') })).toBe(false);
      expect(await store.roomIdByCode('424242')).toBe(r.id);
      expect(await store.getRoom(r.id)).toEqual(r);
      expect(await store.getRoom('nope')).toBeNull();
      expect(await store.roomIdByCode('000000')).toBeNull();
    });

    it('compare-and-sets the room by version', async () => {
      const r = room();
      await store.createRoom(r);
      const { version: _v, ...rest } = r;
      const next = { ...rest, state: { ...r.state, phase: 'question' as const } };
      const updated = await store.casRoom(r.id, 0, next);
      expect(updated?.version).toBe(1);
      expect(await store.casRoom(r.id, 0, next)).toBeNull();
      expect((await store.getRoom(r.id))?.state.phase).toBe('question');
      expect((await store.getRoom(r.id))?.version).toBe(1);
    });

    it('keeps nicknames unique per room and saves players in bulk', async () => {
      const r = room();
      await store.createRoom(r);
      expect(await store.addPlayer(r.id, player('p1', 'ada', 10))).toBe('ok');
      expect(await store.addPlayer(r.id, player('p2', 'ada', 0))).toBe('nickname/taken');
      expect(await store.addPlayer(r.id, player('p3', 'bob', 30))).toBe('ok');
      expect(await store.addPlayer(r.id, player('p4', 'cy', 20))).toBe('ok');
      await store.savePlayers(r.id, [{ ...player('p4', 'cy', 40) }, { ...player('p3', 'bob', 30), kicked: true }]);
      expect((await store.getPlayer(r.id, 'p3'))?.kicked).toBe(true);
      expect((await store.listPlayers(r.id)).map((p) => p.id).sort()).toEqual(['p1', 'p3', 'p4']);
      // Concurrent joins with one nickname: exactly one wins.
      const racing = await Promise.all(['e1', 'e2', 'e3'].map((id) => store.addPlayer(r.id, player(id, 'Eve'))));
      expect(racing.filter((x) => x === 'ok')).toHaveLength(1);
      expect(await store.listPlayers(r.id)).toHaveLength(4);
      expect((await store.getPlayer(r.id, 'p4'))?.score).toBe(40);
      expect(await store.getPlayer(r.id, 'p9')).toBeNull();
    });

    it('lists every player as last written, also after a full listing (a cache must see later joins and saves)', async () => {
      const r = room();
      await store.createRoom(r);
      await store.addPlayer(r.id, player('p1', 'ada', 10));
      await store.addPlayer(r.id, player('p2', 'bob', 20));
      expect((await store.listPlayers(r.id)).map((p) => [p.id, p.score]).sort()).toEqual([['p1', 10], ['p2', 20]]);
      await store.addPlayer(r.id, player('p3', 'cy', 30));
      await store.savePlayers(r.id, [{ ...player('p1', 'ada', 15) }, { ...player('p2', 'bob', 20), kicked: true }]);
      const listed = await store.listPlayers(r.id);
      expect(listed.map((p) => [p.id, p.score, p.kicked]).sort()).toEqual([['p1', 15, false], ['p2', 20, true], ['p3', 30, false]]);
      // A caller changing the listed array does not change the next listing.
      listed.pop();
      expect(await store.listPlayers(r.id)).toHaveLength(3);
    });

    it('keeps the first answer per player and question, only while it is open', async () => {
      const r = room();
      await store.createRoom(r);
      expect(await store.putAnswer(r.id, answer('p1', 0, 'a'))).toEqual({ status: 'closed' });
      const { version: _v, ...rest } = r;
      const open = await store.casRoom(r.id, 0, { ...rest, state: { ...r.state, phase: 'question', questionIndex: 0 } });
      expect(open).not.toBeNull();
      expect(await store.putAnswer(r.id, answer('p1', 0, 'a'))).toEqual({ status: 'stored' });
      expect(await store.putAnswer(r.id, answer('p1', 1, 'a'))).toEqual({ status: 'closed' });
      const again = await store.putAnswer(r.id, answer('p1', 0, 'b'));
      expect(again.status === 'duplicate' && again.existing.answerId).toBe('a');
      await Promise.all(['x', 'y', 'z'].map((id) => store.putAnswer(r.id, answer('p2', 0, id))));
      expect(await store.countAnswers(r.id, 0)).toBe(2);
      expect(await store.countAnswers(r.id, 1)).toBe(0);
      expect([...(await store.answeredPlayers(r.id, 0))].sort()).toEqual(['p1', 'p2']);
      expect(await store.answeredPlayers(r.id, 1)).toEqual(new Set());
      expect((await store.listAnswers(r.id, 0)).map((a) => a.playerId).sort()).toEqual(['p1', 'p2']);
      expect((await store.getAnswer(r.id, 0, 'p1'))?.answerId).toBe('a');
      await store.casRoom(r.id, 1, { ...rest, state: { ...r.state, phase: 'reveal', questionIndex: 0 } });
      expect(await store.putAnswer(r.id, answer('p3', 0, 'c'))).toEqual({ status: 'closed' });
      expect(await store.countAnswers(r.id, 0)).toBe(2);
    });

    it('counts students online across several connections', async () => {
      const r = room();
      await store.createRoom(r);
      expect(await store.presence(r.id, 'p1', 1)).toBe(1);
      expect(await store.presence(r.id, 'p1', 1)).toBe(1);
      expect(await store.presence(r.id, 'p2', 1)).toBe(2);
      expect(await store.presence(r.id, 'p1', -1)).toBe(2);
      expect(await store.presence(r.id, 'p1', -1)).toBe(1);
      expect(await store.onlineCount(r.id)).toBe(1);
      expect([...(await store.onlinePlayers(r.id))]).toEqual(['p2']);
    });

    it('lists the live rooms: every room not in the final phase', async () => {
      const [a, b, c] = [room(), room(), room()];
      for (const r of [a, b, c]) await store.createRoom(r);
      const { version: _v, ...rest } = b;
      await store.casRoom(b.id, 0, { ...rest, state: { ...b.state, phase: 'final' } });
      const { version: _w, ...restC } = c;
      await store.casRoom(c.id, 0, { ...restC, state: { ...c.state, phase: 'question', questionIndex: 0 } });
      const live = await store.listLiveRooms();
      const mine = live.filter((r) => [a.id, b.id, c.id].includes(r.id));
      expect(mine.map((r) => r.id).sort()).toEqual([a.id, c.id].sort());
      expect(mine.find((r) => r.id === c.id)).toMatchObject({ version: 1, state: { phase: 'question', questionIndex: 0 } });
      expect(live.every((r) => r.state.phase !== 'final')).toBe(true);
    });

    it('keeps reports and documents (across a restart of a durable store)', async () => {
      const students = Array.from({ length: 3 }, (_, i) => ({ playerId: `s${i}`, answers: [{ questionIndex: 0, answerText: `x${i}` }] }));
      const report = { roomId: `rep-${seq++}`, title: 'Week 09', classId: null, endedAt: 1234, leaderboard: [{ nickname: 'ada', score: 10 }], students };
      await store.saveReport(report);
      await store.putDoc('pack', 'custom-1', { title: 'My pack' });
      const reopened = reopen ? await reopen() : store;
      expect(await reopened.getReport(report.roomId)).toEqual(report);
      expect((await reopened.listReports()).map((r) => r.roomId)).toContain(report.roomId);
      expect(await reopened.getDoc('pack', 'custom-1')).toEqual({ title: 'My pack' });
      expect(await reopened.listDocs('pack')).toContainEqual({ title: 'My pack' });
      expect(await reopened.getReport('missing')).toBeNull();
      expect(await reopened.ping()).toBe(true);
    });

    it('deletes documents durably, and deleting a missing one is a no-op', async () => {
      await store.putDoc('pack', 'gone-1', { title: 'Gone' });
      await store.putDoc('pack', 'kept-1', { title: 'Kept' });
      await store.deleteDoc('pack', 'gone-1');
      await store.deleteDoc('pack', 'never-there');
      // A store that keeps nothing past the process is checked in place; a durable one after a reopen.
      const reopened = reopen ? await reopen() : store;
      expect(await reopened.getDoc('pack', 'gone-1')).toBeNull();
      expect(await reopened.listDocs('pack')).not.toContainEqual({ title: 'Gone' });
      expect(await reopened.listDocs('pack')).toContainEqual({ title: 'Kept' });
    });

    it('keeps live rooms, players and answers across a restart of a durable store', async () => {
      const r = room();
      await store.createRoom(r);
      const { version: _v, ...rest } = r;
      await store.casRoom(r.id, 0, { ...rest, state: { ...r.state, phase: 'question', questionIndex: 0 } });
      await store.addPlayer(r.id, player('p1', 'ada'));
      expect(await store.putAnswer(r.id, answer('p1', 0, 'kept'))).toEqual({ status: 'stored' });
      if (!reopen) return expect(store.kind).toBe('memory');
      const again = await reopen();
      expect((await again.getRoom(r.id))?.version).toBe(1);
      expect((await again.listLiveRooms()).map((x) => x.id)).toContain(r.id);
      expect((await again.getPlayer(r.id, 'p1'))?.nickname).toBe('ada');
      expect(await again.addPlayer(r.id, player('p2', 'ADA'))).toBe('nickname/taken');
      const dup = await again.putAnswer(r.id, answer('p1', 0, 'retry'));
      expect(dup.status === 'duplicate' && dup.existing.answerId).toBe('kept');
    });
  });
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-store-'));
const sqliteStores: Store[] = [];
afterAll(async () => {
  await Promise.all(sqliteStores.map((s) => s.close()));
  rmSync(dataDir, { recursive: true, force: true });
});
contract('sqlite', async () => {
  const open = () => {
    const s = SqliteStore.open(dataDir, { logger: silentLogger });
    sqliteStores.push(s);
    return s;
  };
  const store = open();
  return { store, reopen: async () => (await store.close(), open()) };
});
contract('memory', async () => ({ store: new MemoryStore() }));

let redis: RedisServer | undefined;
const opened: Store[] = [];
beforeAll(async () => {
  redis = await startRedis();
}, 30_000);
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  await disposeRedis(redis);
});
contract('redis', async () => {
  if (!redis) throw new Error('redis-server did not start');
  const url = redis.url;
  const store = await RedisStore.connect(url, silentLogger);
  opened.push(store);
  return {
    store,
    reopen: async () => {
      await store.close();
      await redis?.restart();
      const again = await RedisStore.connect(url, silentLogger);
      opened.push(again);
      return again;
    },
  };
});

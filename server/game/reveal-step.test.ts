import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@/engine/protocol';
import { MemoryStore } from '../store/memory';
import type { Store } from '../store/types';
import { call, ManualScheduler, next, ok, startServer, type TestServer } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';
import { scoreAndReveal } from './reveal-step';

const pack = choicePack(2, 20_000);
let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The store, except that its `failAt`-th savePlayers call fails (a crash between two chunks). */
function failingOnce(store: Store, failAt: number): Store {
  let calls = 0;
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === 'savePlayers') {
        return async (...args: Parameters<Store['savePlayers']>) => {
          if (++calls === failAt) throw new Error('crash between chunks');
          return target.savePlayers(...args);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('the reveal step', () => {
  it('writes scores in chunks, and scoring again after a crash between chunks scores every student exactly once', async () => {
    const store = new MemoryStore();
    server = await startServer({ store, packs: packSource(pack), scheduler: new ManualScheduler() });
    const host = await server.client();
    const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: pack.id }));
    const students = [];
    for (const nickname of ['Ada', 'Bob', 'Cy', 'Dee', 'Eve']) {
      const socket = await server.client();
      ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname }));
      students.push(socket);
    }
    const opened = next(students[0]!, 'room:state', (v) => v.phase === 'question');
    ok(await call(host, 'host:start', {}));
    await opened;
    for (const [i, s] of students.entries()) {
      ok(await call(s, 'answer:submit', { questionIndex: 0, answerId: `a${i}`, answer: { kind: 'choice', index: 1 } }));
    }
    const room = (await store.getRoom(created.roomId))!;
    const deps = { now: () => Date.now(), casAttempts: 3, saveChunk: 2 };

    // Chunks of 2 seats: the second write fails, so 2 of 5 students are scored and stored.
    await expect(scoreAndReveal({ ...deps, store: failingOnce(store, 2) }, room, pack)).rejects.toThrow('crash between chunks');
    const partly = await store.listPlayers(created.roomId);
    expect(partly.filter((p) => p.lastResult?.questionIndex === 0)).toHaveLength(2);

    const { verdicts } = await scoreAndReveal({ ...deps, store }, room, pack);
    const players = await store.listPlayers(created.roomId);
    expect(players.map((p) => p.lastResult?.questionIndex)).toEqual([0, 0, 0, 0, 0]);
    // All answered right at the same moment: the same points each, scored once (a second scoring would double them).
    const points = players.map((p) => p.score);
    expect(new Set(points).size).toBe(1);
    expect(points[0]).toBe(players[0]!.lastResult!.points);
    expect(points[0]).toBeGreaterThan(0);
    expect(verdicts).toHaveLength(5);
    expect((await store.getRoom(created.roomId))!.reveal?.questionIndex).toBe(0);
  });
});

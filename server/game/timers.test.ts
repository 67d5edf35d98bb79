/**
 * The room's own clock: the deadline close and auto-advance, driven by a
 * manual scheduler that the test steps. Nothing else (no host action, no
 * answer from everyone) moves these rooms on, so each test fails if the
 * timer wiring is gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { AUTO_ADVANCE_MS } from '@/engine/game/phases';
import { RECOVERY_GRACE_MS } from './room-service';
import { PROTOCOL_VERSION, type MeView, type RoomView } from '@/engine/protocol';
import { MemoryStore } from '../store/memory';
import { call, ManualScheduler, next, ok, startServer, type Client, type TestServer } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';

const LIMIT = 20_000;
const phase = (p: RoomView['phase'], index?: number) => (v: RoomView) => v.phase === p && (index === undefined || v.questionIndex === index);
const choose = (index: number, answerId: string, questionIndex = 0) => ({ questionIndex, answerId, answer: { kind: 'choice' as const, index } });

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(settings: { autoAdvance?: boolean } = {}) {
  const scheduler = new ManualScheduler();
  const pack = choicePack(2, LIMIT);
  const s = await startServer({ store: new MemoryStore(), packs: packSource(pack), scheduler });
  server = s;
  const host = await s.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: pack.id, settings }));
  const students: Client[] = [];
  for (const nickname of ['Ada', 'Bob', 'Cy']) {
    const socket = await s.client();
    ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname }));
    students.push(socket);
  }
  const [ada, bob, cy] = students as [Client, Client, Client];
  const timer = () => s.app.rooms.timerOf(created.roomId);
  return { scheduler, host, ada, bob, cy, timer };
}

async function open(host: Client, student: Client): Promise<RoomView> {
  const opened = next(student, 'room:state', phase('question', 0));
  ok(await call(host, 'host:start', {}));
  return opened;
}

describe('the room clock', () => {
  it('closes a question at its deadline and reveals it, with nobody acting', async () => {
    const { scheduler, host, ada, bob, timer } = await setup();
    const view = await open(host, ada);
    expect(view.deadline).toBe(scheduler.now() + LIMIT);
    expect(timer()).toEqual({ kind: 'deadline', at: view.deadline });
    ok(await call(ada, 'answer:submit', choose(1, 'a')));

    const verdict = next(ada, 'player:me', (me: MeView) => me.result?.questionIndex === 0);
    const revealed = next(ada, 'room:state', phase('reveal', 0));
    scheduler.advance(LIMIT - 1);
    // One millisecond before the deadline the question is still open (Cy never answers, so only the deadline can close it).
    ok(await call(bob, 'answer:submit', choose(0, 'b')));
    scheduler.advance(1);
    const reveal = await revealed;
    expect(reveal.reveal).toMatchObject({ answered: 2, correct: 1, players: 3 });
    expect((await verdict).result).toMatchObject({ correct: true, answered: true });
    expect(timer()).toBeNull();
  });

  it('waits for a deadline the host moved, then closes at the new one', async () => {
    const { scheduler, host, ada, timer } = await setup();
    const view = await open(host, ada);
    scheduler.advance(5000);
    const extended = next(ada, 'room:state', (v) => v.phase === 'question' && v.deadline !== view.deadline);
    ok(await call(host, 'host:extend', { seconds: 30 }));
    const moved = await extended;
    expect(moved.deadline).toBe((view.deadline as number) + 30_000);
    expect(timer()).toEqual({ kind: 'deadline', at: moved.deadline });
    const revealed = next(ada, 'room:state', phase('reveal', 0));
    scheduler.advance(LIMIT - 5000);
    // The old deadline has passed: an answer is still on time.
    ok(await call(ada, 'answer:submit', choose(1, 'a')));
    scheduler.advance(30_000);
    expect((await revealed).reveal).toMatchObject({ answered: 1 });
  });

  it('advances on its own from the reveal to the leaderboard to the next question', async () => {
    const { scheduler, host, ada, timer } = await setup({ autoAdvance: true });
    await open(host, ada);
    const revealed = next(ada, 'room:state', phase('reveal', 0));
    ok(await call(host, 'host:close', {}));
    await revealed;
    expect(timer()).toEqual({ kind: 'advance', at: scheduler.now() + AUTO_ADVANCE_MS });
    const board = next(ada, 'room:state', phase('leaderboard', 0));
    scheduler.advance(AUTO_ADVANCE_MS);
    expect((await board).phase).toBe('leaderboard');
    const question = next(ada, 'room:state', phase('question', 1));
    scheduler.advance(AUTO_ADVANCE_MS);
    const second = await question;
    expect(second.deadline).toBe(scheduler.now() + LIMIT);
    expect(timer()).toEqual({ kind: 'deadline', at: second.deadline });
  });

  it('arms nothing in a room that does not advance on its own', async () => {
    const { host, ada, timer } = await setup();
    await open(host, ada);
    const revealed = next(ada, 'room:state', phase('reveal', 0));
    ok(await call(host, 'host:close', {}));
    await revealed;
    expect(timer()).toBeNull();
  });

  it('after a restart, a question open across it waits RECOVERY_GRACE_MS before the everyone-answered close', async () => {
    const scheduler = new ManualScheduler();
    const pack = choicePack(2, LIMIT);
    const store = new MemoryStore();
    const first = await startServer({ store, packs: packSource(pack), scheduler });
    const host = await first.client();
    const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: pack.id }));
    const ada = await first.client();
    const joined = ok(await call(ada, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname: 'Ada' }));
    ok(await call(host, 'host:start', {}));
    ok(await call(ada, 'answer:submit', choose(1, 'a')));
    // The process stops (its sockets go) and a new one starts on the same store, a little later.
    await first.close();
    scheduler.advance(1000);
    const second = await startServer({ store, packs: packSource(pack), scheduler });
    server = second;
    const back = await second.client();
    ok(await call(back, 'player:resume', { protocol: PROTOCOL_VERSION, roomId: joined.roomId, playerToken: joined.playerToken }));
    const phaseNow = async () => (await second.app.rooms.hostView(created.roomId)).room.phase;
    // Time passes beat by beat, with the event loop turning between beats (as it does in production).
    const step = async (ms: number) => {
      for (let t = 0; t < ms; t += 250) {
        scheduler.advance(250);
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    // Everyone online has answered, but the question was open before this process started: no early close yet.
    await step(RECOVERY_GRACE_MS - 1000);
    expect(await phaseNow()).toBe('question');
    const revealed = next(back, 'room:state', phase('reveal', 0));
    await step(1500);
    expect((await revealed).reveal).toMatchObject({ answered: 1 });
  });
});

import { afterEach, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type RoomView } from '@/engine/protocol';
import { MemoryStore } from '../store/memory';
import { call, next, ok, startServer, type TestServer } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';
import { Phone } from '../test-support/phone';

let server: TestServer | undefined;
const phones: Phone[] = [];
afterEach(async () => {
  for (const p of phones.splice(0)) p.close();
  await server?.close();
});

const phase = (p: RoomView['phase'], i?: number) => (v: RoomView) => v.phase === p && (i === undefined || v.questionIndex === i);
const STUDENTS = 50;

it('30% of students drop at once mid-question and all come back to their seat, score and question', async () => {
  server = await startServer({ store: new MemoryStore(), packs: packSource(choicePack(2, 600_000)) });
  const host = await server.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
  const students = await Promise.all(
    Array.from({ length: STUDENTS }, async (_, i) => {
      const phone = await new Phone(server!.url).ready();
      phones.push(phone);
      await phone.join(created.code, `s${i}`);
      return phone;
    }),
  );
  // Question 1 scores some points, so there is a score to keep.
  let opened = Promise.all(students.map((s) => next(s.socket, 'room:state', phase('question', 0))));
  ok(await call(host, 'host:start', {}));
  await opened;
  const scored = Promise.all(students.map((s) => next(s.socket, 'player:me', (me) => me.result?.questionIndex === 0)));
  await Promise.all(students.map(async (s, i) => ok(await call(s.socket, 'answer:submit', { questionIndex: 0, answerId: `q0-${i}`, answer: { kind: 'choice', index: i % 2 } }))));
  const scores = (await scored).map((me) => me.score);
  ok(await call(host, 'host:next', {}));
  opened = Promise.all(students.map((s) => next(s.socket, 'room:state', phase('question', 1))));
  ok(await call(host, 'host:next', {}));
  await opened;

  // Some answer, then 30% lose the network at the same moment (some of them had answered).
  const answeredFirst = students.slice(0, 20);
  await Promise.all(answeredFirst.map(async (s, i) => ok(await call(s.socket, 'answer:submit', { questionIndex: 1, answerId: `q1-${i}`, answer: { kind: 'choice', index: 1 } }))));
  const dropping = students.slice(10, 10 + Math.round(STUDENTS * 0.3));
  const before = dropping.map((s) => ({ recovered: s.recovered, resumed: s.resumed }));
  for (const s of dropping) s.socket.io.engine.close();
  await Promise.all(dropping.map((s, i) => s.backOnline(before[i]!)));

  for (const s of dropping) {
    const index = students.indexOf(s);
    expect(s.socket.connected).toBe(true);
    expect(s.room?.phase).toBe('question');
    expect(s.room?.questionIndex).toBe(1);
    expect(s.me?.score).toBe(scores[index]);
    // A resumed phone learns from the server whether it already answered; a recovered one never lost track.
    if (s.resumed > 0) expect(s.me?.answeredQuestion).toBe(index < 20 ? 1 : null);
  }
  // Everyone who had not answered yet still can, and the question closes with every answer counted once.
  const revealed = next(students[0]!.socket, 'room:state', phase('reveal', 1));
  await Promise.all(students.slice(20).map(async (s, i) => ok(await call(s.socket, 'answer:submit', { questionIndex: 1, answerId: `q1-late-${i}`, answer: { kind: 'choice', index: 1 } }))));
  expect((await revealed).reveal).toMatchObject({ answered: STUDENTS, correct: STUDENTS });
  console.info(`drop: ${dropping.length}/${STUDENTS} dropped, ${dropping.filter((s) => s.recovered > 0).length} recovered silently, ${dropping.filter((s) => s.resumed > 0).length} resumed`);
});

it('the same answer sent concurrently and repeatedly, from two connections of one student, is scored once', async () => {
  server = await startServer({ store: new MemoryStore(), packs: packSource(choicePack(1, 600_000)) });
  const host = await server.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
  const phone = await new Phone(server.url).ready();
  phones.push(phone);
  const joined = await phone.join(created.code, 'Ada');
  const second = await server.client();
  ok(await call(second, 'player:resume', { protocol: PROTOCOL_VERSION, roomId: joined.roomId, playerToken: joined.playerToken }));
  const opened = next(phone.socket, 'room:state', phase('question', 0));
  ok(await call(host, 'host:start', {}));
  await opened;
  const payload = { questionIndex: 0, answerId: 'same', answer: { kind: 'choice' as const, index: 1 } };
  const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => call(i % 2 ? second : phone.socket, 'answer:submit', payload)));
  expect(acks.every((a) => a.ok)).toBe(true);
  expect(new Set(acks.map((a) => (a.ok ? a.data.receivedAt : -1))).size).toBe(1);
  const result = next(phone.socket, 'player:me', (me) => me.result?.questionIndex === 0);
  ok(await call(host, 'host:close', {}));
  expect((await result).result).toMatchObject({ correct: true });
  expect((await result).score).toBe((await result).result?.points);
  expect(await server.app.rooms.hostView(created.roomId).then((v) => v.room.reveal?.answered)).toBe(1);
});

it('ignores client clocks: an answer carries no client time, and one that tries is refused', async () => {
  server = await startServer({ store: new MemoryStore(), packs: packSource(choicePack(1, 600_000)) });
  const host = await server.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'choice-test' }));
  const phone = await new Phone(server.url).ready();
  phones.push(phone);
  await phone.join(created.code, 'Ada');
  const opened = next(phone.socket, 'room:state', phase('question', 0));
  ok(await call(host, 'host:start', {}));
  const room = await opened;
  const skewed = { questionIndex: 0, answerId: 'a', answer: { kind: 'choice', index: 1 }, clientTime: Date.now() - 5 * 60_000 };
  expect(await call(phone.socket, 'answer:submit', skewed as never)).toMatchObject({ ok: false, error: 'payload/invalid' });
  const ack = ok(await call(phone.socket, 'answer:submit', { questionIndex: 0, answerId: 'a', answer: { kind: 'choice', index: 1 } }));
  // The server's own clock decides: receipt is after the opening and before the deadline, in server time.
  expect(ack.receivedAt).toBeGreaterThanOrEqual(room.openedAt ?? Infinity);
  expect(ack.receivedAt).toBeLessThanOrEqual(room.deadline ?? -Infinity);
});

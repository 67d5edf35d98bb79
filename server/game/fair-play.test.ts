/**
 * Fair play over real sockets: nothing one student sends reaches another's
 * screen or the projector, and the protocol does what docs/PROTOCOL.md,
 * docs/GRADING.md and docs/SCORING.md promise (issue 14, items 1–7).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type AnswerPayload, type MeView, type RoomCountView, type RoomView } from '@/engine/protocol';
import { BUILTIN_PACKS, compilePackOrThrow } from '@/engine/quiz/pack';
import type { RuntimePack } from '@/engine/quiz/runtime';
import { MemoryStore } from '../store/memory';
import { call, ManualScheduler, next, ok, startServer, type Client, type TestServer } from '../test-support/harness';
import { packSource } from '../test-support/packs';

const week09 = compilePackOrThrow(BUILTIN_PACKS[0]).pack;
const byId = (id: string) => {
  const q = week09.questions.find((x) => x.id === id);
  if (!q) throw new Error(id);
  return q;
};
/** Count (paths to x2), highlight (w_{2,5}) and formula (factors per path) from the Week 09 pack. */
const PACK: RuntimePack = { id: 'fair-play', title: 'Fair play', questions: [byId('paths-x2'), byId('highlight-w25'), byId('task2-factors-k')] };
const phase = (p: RoomView['phase'], index?: number) => (v: RoomView) => v.phase === p && (index === undefined || v.questionIndex === index);
const submit = (socket: Client, questionIndex: number, answerId: string, answer: AnswerPayload) => call(socket, 'answer:submit', { questionIndex, answerId, answer });

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(nicknames: readonly string[]) {
  const scheduler = new ManualScheduler();
  const s = await startServer({ store: new MemoryStore(), packs: packSource(PACK), scheduler });
  server = s;
  const host = await s.client();
  const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: PACK.id }));
  const students: Client[] = [];
  const counts: number[] = [];
  for (const nickname of nicknames) {
    const socket = await s.client();
    const joined = ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname }));
    counts.push(joined.room.playerCount);
    students.push(socket);
  }
  const openNext = async (index: number, first = false) => {
    const opened = Promise.all(students.map((p) => next(p, 'room:state', phase('question', index))));
    if (!first) ok(await call(host, 'host:next', {}));
    ok(await call(host, first ? 'host:start' : 'host:next', {}));
    await opened;
  };
  return { scheduler, host, students, counts, created, openNext };
}

describe('fair play', () => {
  it('bounces an unreadable answer without recording it, so the student can fix it (item 3)', async () => {
    const { host, students } = await setup(['Ada']);
    const [ada] = students as [Client];
    const opened = next(ada, 'room:state', phase('question', 0));
    ok(await call(host, 'host:start', {}));
    await opened;
    for (const answer of [{ kind: 'count', value: 'two' }, { kind: 'expression', text: 'dE/dn7 * (' }, { kind: 'choice', index: 1 }] as AnswerPayload[]) {
      const ack = await submit(ada, 0, `bad-${answer.kind}`, answer);
      expect(ack).toMatchObject({ ok: false, error: 'answer/unreadable' });
      expect(ack.ok ? '' : ack.message.length).toBeGreaterThan(10);
    }
    // Nothing was recorded: the corrected answer is taken and graded.
    ok(await submit(ada, 0, 'fixed', { kind: 'count', value: '2' }));
    const verdict = next(ada, 'player:me', (me: MeView) => me.result?.questionIndex === 0);
    ok(await call(host, 'host:close', {}));
    expect((await verdict).result).toMatchObject({ answered: true, correct: true });
  });

  it('refuses made-up edge ids, so class-wide counts carry only the network’s own ids (item 1)', async () => {
    const { host, students, openNext } = await setup(['Ada', 'Bob']);
    const [ada, bob] = students as [Client, Client];
    await openNext(0, true);
    ok(await call(host, 'host:close', {}));
    await openNext(1);
    const madeUp = Array.from({ length: 500 }, (_, i) => `fake-edge-${String(i).padStart(21, '0')}`);
    expect(await submit(ada, 1, 'spam', { kind: 'highlight', edges: madeUp })).toMatchObject({ ok: false, error: 'answer/unreadable' });
    expect(await submit(ada, 1, 'mixed', { kind: 'highlight', edges: ['n2-n5', 'made-up'] })).toMatchObject({ ok: false, error: 'answer/unreadable' });
    ok(await submit(ada, 1, 'real', { kind: 'highlight', edges: [' n2-n5', 'n2-n5', 'n5-n7', 'n7-E'] }));
    const revealed = next(bob, 'room:state', phase('reveal', 1));
    ok(await call(host, 'host:close', {}));
    const reveal = (await revealed).reveal;
    expect(reveal?.heatmap).toEqual({ 'n2-n5': 1, 'n5-n7': 1, 'n7-E': 1 });
  });

  it('shows the class fixed mistake labels, never what a student typed (item 2)', async () => {
    const { host, students, openNext } = await setup(['Ada', 'Bob']);
    const [ada, bob] = students as [Client, Client];
    await openNext(0, true);
    ok(await call(host, 'host:close', {}));
    await openNext(1);
    ok(await call(host, 'host:close', {}));
    await openNext(2);
    expect(await submit(ada, 2, 'rude', { kind: 'formula', text: 'Your_teacher_is_wrong' })).toMatchObject({ ok: false, error: 'answer/unreadable' });
    ok(await submit(ada, 2, 'wrong', { kind: 'formula', text: 'k*123457' }));
    const seenByBob = next(bob, 'room:state', phase('reveal', 2));
    const seenByHost = next(host, 'room:state', phase('reveal', 2));
    ok(await call(host, 'host:close', {}));
    for (const view of await Promise.all([seenByBob, seenByHost])) {
      expect(view.reveal?.mistakes.length).toBeGreaterThan(0);
      expect(JSON.stringify(view)).not.toContain('123457');
      expect(JSON.stringify(view)).not.toContain('teacher');
    }
  });

  it('answers an answer after the close or the deadline with answer/late (item 4)', async () => {
    const { scheduler, host, students } = await setup(['Ada', 'Bob']);
    const [ada, bob] = students as [Client, Client];
    const opened = next(ada, 'room:state', phase('question', 0));
    ok(await call(host, 'host:start', {}));
    const view = await opened;
    ok(await call(host, 'host:close', {}));
    expect(await submit(ada, 0, 'a', { kind: 'count', value: '2' })).toMatchObject({ ok: false, error: 'answer/late' });
    ok(await call(host, 'host:next', {}));
    const second = next(bob, 'room:state', phase('question', 1));
    ok(await call(host, 'host:next', {}));
    const q1 = await second;
    const revealed = next(bob, 'room:state', phase('reveal', 1));
    scheduler.advance((q1.deadline as number) - scheduler.now() + 1);
    await revealed;
    expect(await submit(bob, 1, 'b', { kind: 'highlight', edges: ['n2-n5'] })).toMatchObject({ ok: false, error: 'answer/late' });
    expect(view.deadline).not.toBeNull();
  });

  it('shows everyone in a tie the same player just ahead (item 5)', async () => {
    const { host, students } = await setup(['Ada', 'Bob', 'Cy', 'Dee']);
    const opened = Promise.all(students.map((p) => next(p, 'room:state', phase('question', 0))));
    ok(await call(host, 'host:start', {}));
    await opened;
    ok(await submit(students[0]!, 0, 'a', { kind: 'count', value: '2' }));
    const verdicts = Promise.all(students.map((p) => next(p, 'player:me', (me: MeView) => me.result?.questionIndex === 0)));
    ok(await call(host, 'host:close', {}));
    const [ada, ...tied] = await verdicts;
    expect(ada!.ahead).toBeNull();
    for (const me of tied) expect(me.ahead).toEqual({ nickname: 'Ada', score: ada!.score });
    expect(tied.map((me) => me.rank)).toEqual([2, 2, 2]);
  });

  it('counts the joining student in the lobby and keeps the count live (item 6)', async () => {
    const { scheduler, students, counts, created } = await setup(['Ada']);
    expect(counts).toEqual([1]);
    const [ada] = students as [Client];
    const live = next(ada, 'room:count', (c: RoomCountView) => c.playerCount === 3);
    for (const nickname of ['Bob', 'Cy']) {
      const socket = await server!.client();
      const joined = ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname }));
      expect(joined.room.playerCount).toBe(nickname === 'Bob' ? 2 : 3);
    }
    scheduler.advance(250);
    expect(await live).toEqual({ roomId: created.roomId, playerCount: 3 });
  });

  it('says which question a student answered, in the verdict too (item 7)', async () => {
    const { host, students } = await setup(['Ada', 'Bob']);
    const [ada, bob] = students as [Client, Client];
    const opened = next(ada, 'room:state', phase('question', 0));
    ok(await call(host, 'host:start', {}));
    await opened;
    ok(await submit(ada, 0, 'a', { kind: 'count', value: '3' }));
    const verdicts = Promise.all([ada, bob].map((p) => next(p, 'player:me', (me: MeView) => me.result?.questionIndex === 0)));
    ok(await call(host, 'host:close', {}));
    const [mine, silent] = await verdicts;
    expect(mine!.answeredQuestion).toBe(0);
    expect(silent!.answeredQuestion).toBeNull();
  });
});

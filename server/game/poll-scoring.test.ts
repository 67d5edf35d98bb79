import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { scoreAnswer } from '@/engine/game/scoring';
import { PROTOCOL_VERSION, type MeView, type ProgressView, type RoomView } from '@/engine/protocol';
import { choiceQuestion } from '@/engine/quiz/choice';
import { multiSelectQuestion, pollQuestion } from '@/engine/quiz/choice-kinds';
import type { RuntimePack } from '@/engine/quiz/runtime';
import { MemoryStore } from '../store/memory';
import { call, ManualClock, next, ok, startServer, type TestServer } from '../test-support/harness';
import { packSource } from '../test-support/packs';

const LIMIT = 20_000;
const common = { timeLimitMs: LIMIT, explanation: null, network: null };
const pack: RuntimePack = {
  id: 'poll-test',
  title: 'Polls never score',
  questions: [
    choiceQuestion({ id: 'c0', prompt: 'Two?', choices: ['1', '2'], answer: 1, multiplier: 1, ...common }),
    pollQuestion({ id: 'p1', prompt: 'How sure are you?', choices: ['Sure', 'Unsure', 'Lost'], ...common }),
    multiSelectQuestion({ id: 'm2', prompt: 'Which are local derivatives?', choices: ['a', 'b', 'c'], answers: [0, 2], multiplier: 1, ...common }),
  ],
};

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-poll-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const phase = (p: RoomView['phase'], index?: number) => (v: RoomView) => v.phase === p && (index === undefined || v.questionIndex === index);
const resultFor = (index: number) => (me: MeView) => me.result?.questionIndex === index;

describe('a poll between scored questions', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
  });

  it('awards nothing and keeps every streak (even at ×2), shows the host live votes, and the multi-select gives partial credit', async () => {
    const store = new MemoryStore();
    const clock = new ManualClock();
    server = await startServer({ store, packs: packSource(pack), clock });
    const host = await server.client();
    const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: pack.id }));
    const join = async (nickname: string) => {
      const socket = await server!.client();
      const joined = ok(await call(socket, 'player:join', { protocol: PROTOCOL_VERSION, code: created.code, nickname }));
      return { socket, playerId: joined.playerId };
    };
    const ada = await join('Ada');
    const bob = await join('Bob');

    // Question 0: both right at once (streak 1 each).
    let opened = next(ada.socket, 'room:state', phase('question', 0));
    ok(await call(host, 'host:start', {}));
    await opened;
    let results = Promise.all([ada, bob].map((p) => next(p.socket, 'player:me', resultFor(0))));
    for (const p of [ada, bob]) ok(await call(p.socket, 'answer:submit', { questionIndex: 0, answerId: `${p.playerId}-0`, answer: { kind: 'choice', index: 1 } }));
    const [a0, b0] = await results;
    expect(a0!.result).toMatchObject({ correct: true, points: 1000, streak: 1 });
    expect(b0!.result).toMatchObject({ correct: true, points: 1000, streak: 1 });

    // Question 1, the poll: the host tries ×2; Ada votes, Bob does not.
    ok(await call(host, 'host:next', {}));
    opened = next(ada.socket, 'room:state', phase('question', 1));
    ok(await call(host, 'host:next', {}));
    const pollView = await opened;
    expect(pollView.question).toMatchObject({ type: 'poll', choices: ['Sure', 'Unsure', 'Lost'], multiplier: 0 });
    ok(await call(host, 'host:multiplier', { multiplier: 2 }));
    const live = next(host, 'host:progress', (p: ProgressView) => p.questionIndex === 1 && p.answered === 1);
    ok(await call(ada.socket, 'answer:submit', { questionIndex: 1, answerId: 'a1', answer: { kind: 'choice', index: 1 } }));
    clock.advance(1000);
    expect((await live).votes).toEqual([0, 1, 0]);
    // A vote for an option that does not exist is bounced, not counted.
    const bad = await call(bob.socket, 'answer:submit', { questionIndex: 1, answerId: 'b1', answer: { kind: 'choice', index: 5 } });
    expect(bad).toMatchObject({ ok: false, error: 'answer/unreadable' });
    results = Promise.all([ada, bob].map((p) => next(p.socket, 'player:me', resultFor(1))));
    const revealed = next(host, 'room:state', phase('reveal', 1));
    ok(await call(host, 'host:close', {}));
    const [a1, b1] = await results;
    const reveal1 = (await revealed).reveal;
    expect(reveal1?.choiceCounts).toEqual([0, 1, 0]);
    expect(reveal1?.key.choiceIndices).toEqual([]);
    expect(a1!.result).toMatchObject({ answered: true, correct: false, points: 0, streak: 1 });
    expect(b1!.result).toMatchObject({ answered: false, points: 0, streak: 1 });
    expect([a1!.score, b1!.score]).toEqual([1000, 1000]);

    // Question 2, multi-select: Ada picks both right options (streak 2: +100), Bob one right and one wrong (credit 0).
    ok(await call(host, 'host:next', {}));
    opened = next(ada.socket, 'room:state', phase('question', 2));
    ok(await call(host, 'host:next', {}));
    await opened;
    results = Promise.all([ada, bob].map((p) => next(p.socket, 'player:me', resultFor(2))));
    const revealed2 = next(ada.socket, 'room:state', phase('reveal', 2));
    ok(await call(ada.socket, 'answer:submit', { questionIndex: 2, answerId: 'a2', answer: { kind: 'multi', indices: [2, 0] } }));
    clock.advance(LIMIT / 2);
    ok(await call(bob.socket, 'answer:submit', { questionIndex: 2, answerId: 'b2', answer: { kind: 'multi', indices: [0, 1] } }));
    const [a2, b2] = await results;
    const adaExpected = scoreAnswer({ credit: 1, responseMs: 0, limitMs: LIMIT, multiplier: 1, streakBefore: 1, scoring: true });
    expect(a2!.result).toMatchObject({ correct: true, credit: 1, points: adaExpected.points, streak: 2 });
    expect(adaExpected.points).toBe(1100);
    expect(b2!.result).toMatchObject({ correct: false, credit: 0, points: 0, streak: 0 });
    expect(b2!.result?.notes.map((n) => n.code)).toEqual(['multi/missed', 'multi/extra']);
    const final = await revealed2;
    expect(final.reveal?.choiceCounts).toEqual([2, 1, 1]);
    expect(final.reveal?.key.choiceIndices).toEqual([0, 2]);
  });
});

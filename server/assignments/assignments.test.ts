import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  attemptSeed,
  type AssignmentDetailResponse,
  type AssignmentListResponse,
  type AssignmentView,
  type RosterResponse,
  type StudentAssignmentListResponse,
  type StudentAssignmentResponse,
  type SubmitAttemptResponse,
} from '@/engine/assignments';
import type { PracticeAnswerResponse, PracticeResponse } from '@/engine/practice';
import { BUILTIN_PACKS, compilePackOrThrow } from '@/engine/quiz/pack';
import type { ClassLeaderboardResponse } from '@/engine/reports';
import { silentLogger } from '../logger';
import { MemoryStore } from '../store/memory';
import { SqliteStore } from '../store/sqlite';
import { RedisStore } from '../store/redis';
import type { Store } from '../store/types';
import { PROTOCOL_VERSION, type AnswerPayload, type RoomView } from '@/engine/protocol';
import { call, ManualClock, next, ok, TEST_INSTRUCTOR_KEY } from '../test-support/harness';
import { disposeRedis, startRedis, type RedisServer } from '../test-support/redis-server';
import { startAssignmentsServer, type AssignmentsTestServer } from './test-server';

const KEY = TEST_INSTRUCTOR_KEY;
const HOUR = 3_600_000;
const week09 = compilePackOrThrow(BUILTIN_PACKS[0]).pack;
const question = (id: string) => week09.questions.find((q) => q.id === id)!;
/** Warm-up count (no variants), a highlight (no variants) and the finale (a random network per student and attempt). */
const QUESTIONS = ['warmup-paths-n1', 'highlight-w25', 'own-network'];

let redis: RedisServer | undefined;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-assign-'));
  dirs.push(dir);
  return dir;
};
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await disposeRedis(redis);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Joined {
  readonly memberId: string;
  readonly memberToken: string;
  readonly nickname: string;
}

let server: AssignmentsTestServer | undefined;
let store: Store | undefined;
afterEach(async () => {
  await server?.close();
  await store?.close();
  server = undefined;
  store = undefined;
});

async function createClass(s: AssignmentsTestServer, name = '50.039 Deep Learning'): Promise<string> {
  const res = await s.fetch('/api/classes', { auth: KEY, body: { name } });
  expect(res.status).toBe(201);
  return (res.json() as { class: { id: string } }).class.id;
}

async function assign(s: AssignmentsTestServer, body: Record<string, unknown>): Promise<AssignmentView> {
  const res = await s.fetch('/api/assignments', { auth: KEY, body });
  expect(res.status, res.text).toBe(201);
  return (res.json() as { assignment: AssignmentView }).assignment;
}

async function join(s: AssignmentsTestServer, assignmentId: string, nickname: string): Promise<Joined> {
  const res = await s.fetch(`/api/assignments/${assignmentId}/join`, { body: { nickname } });
  expect(res.status).toBe(201);
  return res.json() as Joined;
}

async function me(s: AssignmentsTestServer, assignmentId: string, who: Joined): Promise<StudentAssignmentResponse> {
  const res = await s.fetch(`/api/assignments/${assignmentId}/me`, { auth: who.memberToken });
  expect(res.status).toBe(200);
  return res.json() as StudentAssignmentResponse;
}

let answerCounter = 0;
function submit(s: AssignmentsTestServer, assignmentId: string, who: Joined, questionId: string, attempt: number, answer: AnswerPayload, answerId = `a${++answerCounter}`) {
  return s.fetch(`/api/assignments/${assignmentId}/answer`, { auth: who.memberToken, body: { questionId, attempt, answerId, answer } });
}

const count = (value: string): AnswerPayload => ({ kind: 'count', value });
const keyFor = (assignmentId: string, who: Joined, questionId: string, attempt: number) => {
  const q = question(questionId);
  return q.key(q.hasVariants ? attemptSeed(assignmentId, who.memberId, questionId, attempt) : 0);
};

/**
 * The shared story: an assignment of three Week 09 questions with 2 attempts, opening in an hour.
 * Ada: warm-up wrong then right; highlight right; finale (weight 2) wrong on variant 1, right on variant 2 → 4 of 4, finished.
 * Bob: warm-up wrong twice (out of attempts), highlight missing an edge (partial credit 0.8) → 0.8 of 4, started.
 */
async function story(s: AssignmentsTestServer, clock: ManualClock) {
  const classId = await createClass(s);
  const a = await assign(s, { classId, source: { kind: 'pack', packId: 'week09' }, questionIds: QUESTIONS, opensAt: clock.now() + HOUR, closesAt: clock.now() + 3 * HOUR, attempts: 2 });
  const ada = await join(s, a.id, 'Ada');
  const bob = await join(s, a.id, 'Bob');
  const early = await submit(s, a.id, ada, 'warmup-paths-n1', 1, count('2'));
  expect(early.status).toBe(409);
  expect(early.json()).toMatchObject({ error: 'assignment/not-open' });
  clock.advance(HOUR);

  const warm = keyFor(a.id, ada, 'warmup-paths-n1', 1).text;
  expect((await submit(s, a.id, ada, 'warmup-paths-n1', 1, count(String(Number(warm) + 5)))).status).toBe(201);
  expect((await submit(s, a.id, ada, 'warmup-paths-n1', 2, count(warm))).status).toBe(201);
  const hl = keyFor(a.id, ada, 'highlight-w25', 1);
  expect((await submit(s, a.id, ada, 'highlight-w25', 1, { kind: 'highlight', edges: [...hl.edges] })).status).toBe(201);
  const wrongFinale = await submit(s, a.id, ada, 'own-network', 1, { kind: 'expression', text: keyFor(a.id, ada, 'own-network', 2).text });
  expect(wrongFinale.status).toBe(201);
  expect((wrongFinale.json() as SubmitAttemptResponse).attempt.verdict).not.toBe('correct');
  const rightFinale = await submit(s, a.id, ada, 'own-network', 2, { kind: 'expression', text: keyFor(a.id, ada, 'own-network', 2).text });
  expect((rightFinale.json() as SubmitAttemptResponse).attempt.verdict).toBe('correct');

  expect((await submit(s, a.id, bob, 'warmup-paths-n1', 1, count('7'))).status).toBe(201);
  expect((await submit(s, a.id, bob, 'warmup-paths-n1', 2, count('8'))).status).toBe(201);
  expect((await submit(s, a.id, bob, 'highlight-w25', 1, { kind: 'highlight', edges: hl.edges.slice(1) })).status).toBe(201);
  return { classId, a, ada, bob };
}

describe('assignments: attempts, variants and refusals', () => {
  it('grades each attempt at once, gives each attempt of a variant question a new variant, and refuses what it must', async () => {
    const clock = new ManualClock();
    store = new MemoryStore();
    server = await startAssignmentsServer({ store, clock });
    const s = server;
    const classId = await createClass(s);
    const a = await assign(s, { classId, source: { kind: 'pack', packId: 'week09' }, questionIds: QUESTIONS, opensAt: clock.now(), closesAt: clock.now() + HOUR, attempts: 2 });
    expect(a).toMatchObject({ questionCount: 3, attempts: 2, status: 'open', maxPoints: 1 + 1 + 2 });
    const ada = await join(s, a.id, 'Ada');

    // The same question, as the phone shows it before each attempt: a new network for attempt 2.
    const before = await me(s, a.id, ada);
    const finale1 = before.questions[2]!.next!;
    expect(before.questions[2]).toMatchObject({ hasVariants: true, attemptsLeft: 2, done: false });
    expect(before.questions[0]!.next!.prompt).toBe(question('warmup-paths-n1').view(0, 0).prompt);

    // Unreadable: bounced, no attempt used.
    const typo = await submit(s, a.id, ada, 'warmup-paths-n1', 1, count('two'));
    expect(typo.status).toBe(422);
    expect(typo.json()).toMatchObject({ error: 'answer/unreadable' });
    expect((await me(s, a.id, ada)).questions[0]!.attemptsUsed).toBe(0);

    // A wrong answer: verdict, notes and explanation at once; the key waits until the question is done.
    const wrong = await submit(s, a.id, ada, 'warmup-paths-n1', 1, count('5'), 'ada-w1');
    expect(wrong.status).toBe(201);
    const w = wrong.json() as SubmitAttemptResponse;
    expect(w.attempt).toMatchObject({ attempt: 1, verdict: 'wrong', credit: 0, key: null });
    expect(w.attempt.notes.length).toBeGreaterThan(0);
    expect(w.question.explanation).toBe(question('warmup-paths-n1').explanation);
    expect(w.question).toMatchObject({ attemptsUsed: 1, attemptsLeft: 1, done: false });
    // The phone lost the reply and sends the same answer id again: the same attempt, none used.
    const again = await submit(s, a.id, ada, 'warmup-paths-n1', 1, count('5'), 'ada-w1');
    expect(again.status).toBe(200);
    expect((again.json() as SubmitAttemptResponse)).toMatchObject({ created: false, question: { attemptsUsed: 1 } });
    // Another phone still showing attempt 1.
    const stale = await submit(s, a.id, ada, 'warmup-paths-n1', 1, count('2'));
    expect(stale.status).toBe(409);
    expect(stale.json()).toMatchObject({ error: 'attempt/stale' });
    // Right on attempt 2: credit 1 and now the key.
    const right = (await submit(s, a.id, ada, 'warmup-paths-n1', 2, count(question('warmup-paths-n1').key(0).text))).json() as SubmitAttemptResponse;
    expect(right.attempt).toMatchObject({ verdict: 'correct', credit: 1 });
    expect(right.attempt.key?.text).toBe(question('warmup-paths-n1').key(0).text);
    expect(right.question.attempts[0]!.key).not.toBeNull();
    expect(right.mark).toMatchObject({ points: 1, maxPoints: 4 });
    const done = await submit(s, a.id, ada, 'warmup-paths-n1', 3, count('2'));
    expect(done.status).toBe(409);
    expect(done.json()).toMatchObject({ error: 'question/done' });
    // The finale's next attempt is still its first variant: nothing was answered there.
    expect((await me(s, a.id, ada)).questions[2]!.next).toEqual(finale1);
  });

  it('refuses attempts beyond the limit, answers after closing, and questions done', async () => {
    const clock = new ManualClock();
    store = new MemoryStore();
    server = await startAssignmentsServer({ store, clock });
    const s = server;
    const { a, ada, bob } = await story(s, clock);
    const third = await submit(s, a.id, bob, 'warmup-paths-n1', 3, count('2'));
    expect(third.status).toBe(409);
    expect(third.json()).toMatchObject({ error: 'attempts/exhausted', message: 'You have used all 2 attempts at this question.' });
    const doneAgain = await submit(s, a.id, ada, 'warmup-paths-n1', 3, count('2'));
    expect(doneAgain.status).toBe(409);
    expect(doneAgain.json()).toMatchObject({ error: 'question/done' });
    const unknownQuestion = await submit(s, a.id, bob, 'expr-n4', 1, { kind: 'expression', text: 'x' });
    expect(unknownQuestion.status).toBe(404);

    // Variants: Ada's finale attempts saw two different networks, each graded against its own key.
    const ada1 = await me(s, a.id, ada);
    const [v1, v2] = ada1.questions[2]!.attempts;
    expect(v1!.question.network).not.toEqual(v2!.question.network);
    // The same text (variant 2's key) is not right on variant 1; it earns partial credit when the two random networks
    // share a path (about 1 run in 11: the assignment id, and so the variants, differ every run), so not 'wrong'.
    expect(v1!.verdict).not.toBe('correct');
    expect(v2!.verdict).toBe('correct');

    clock.advance(2 * HOUR);
    const late = await submit(s, a.id, bob, 'highlight-w25', 2, { kind: 'highlight', edges: [] });
    expect(late.status).toBe(409);
    expect(late.json()).toMatchObject({ error: 'assignment/closed' });
    expect((late.json() as { message: string }).message).toMatch(/closed at .*answers are no longer accepted/u);
    // After closing every attempt shows its key, and nothing offers a next attempt.
    const bobAfter = await me(s, a.id, bob);
    expect(bobAfter.assignment.status).toBe('closed');
    expect(bobAfter.questions.every((q) => q.next === null)).toBe(true);
    expect(bobAfter.questions[1]!.attempts[0]!.key).not.toBeNull();
    const joinLate = await s.fetch(`/api/assignments/${a.id}/join`, { body: { nickname: 'Cy' } });
    expect(joinLate.status).toBe(409);
  });

  it('checks keys, tokens, bodies and paths', async () => {
    const clock = new ManualClock();
    store = new MemoryStore();
    server = await startAssignmentsServer({ store, clock });
    const s = server;
    const { classId, a, ada, bob } = await story(s, clock);
    const body = { classId, source: { kind: 'pack', packId: 'week09' }, opensAt: 0, closesAt: 1 };
    expect((await s.fetch('/api/assignments', { body })).status).toBe(401);
    expect((await s.fetch('/api/assignments', { body, auth: 'wrong' })).status).toBe(403);
    expect((await s.fetch('/api/assignments', { body, auth: ada.memberToken })).status).toBe(403);
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ ...body, closesAt: 0 }, 400, /closesAt must be after opensAt/u],
      [{ ...body, attempts: 11 }, 400, /attempts/u],
      [{ ...body, source: { kind: 'pack', packId: 'nope' } }, 404, /No quiz pack "nope"/u],
      [{ ...body, source: { kind: 'game', roomId: 'nope' } }, 404, /No finished game/u],
      [{ ...body, classId: 'nope' }, 404, /No class/u],
      [{ ...body, questionIds: ['warmup-paths-n1', 'nope'] }, 400, /Not a question of that pack: nope/u],
      [{ ...body, questionIds: ['warmup-paths-n1', 'warmup-paths-n1'] }, 400, /listed twice/u],
      [{ ...body, extra: 1 }, 400, /Unrecognized key/iu],
    ];
    for (const [b, status, message] of cases) {
      const res = await s.fetch('/api/assignments', { body: b, auth: KEY });
      expect(res.status, JSON.stringify(b)).toBe(status);
      expect((res.json() as { message: string }).message).toMatch(message);
    }
    const notJson = await fetch(`${s.url}/api/assignments`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: '{' });
    expect(notJson.status).toBe(400);

    // Students see only their own work; the instructor's views need the key.
    expect((await s.fetch(`/api/assignments/${a.id}`, { auth: ada.memberToken })).status).toBe(403);
    expect((await s.fetch(`/api/assignments/${a.id}`)).status).toBe(401);
    expect((await s.fetch(`/api/assignments?class=${classId}`, { auth: bob.memberToken })).status).toBe(403);
    expect((await s.fetch(`/api/assignments/${a.id}/me`)).status).toBe(401);
    expect((await s.fetch(`/api/assignments/${a.id}/me`, { auth: `${ada.memberId}.forged` })).status).toBe(403);
    expect((await s.fetch(`/api/assignments/${a.id}/me`, { auth: KEY })).status).toBe(403);
    const bobView = await me(s, a.id, bob);
    expect(JSON.stringify(bobView)).not.toContain('Ada');
    expect(bobView.questions.flatMap((q) => q.attempts)).toHaveLength(3);
    expect((await s.fetch('/api/assignments/nope/me', { auth: ada.memberToken })).status).toBe(404);
    expect((await s.fetch(`/api/assignments/${a.id}/answer`, { auth: ada.memberToken })).status).toBe(405);
    expect((await s.fetch(`/api/assignments/${a.id}/answer`, { auth: ada.memberToken, body: { questionId: 'x' } })).status).toBe(400);
    const badAnswer = await s.fetch(`/api/assignments/${a.id}/answer`, { auth: ada.memberToken, body: { questionId: 'own-network', attempt: 1, answerId: 'z', answer: { kind: 'count', value: 3 } } });
    expect(badAnswer.status).toBe(400);
    expect((await s.fetch(`/api/assignments/${a.id}/join`, { body: { nickname: '   ' } })).status).toBe(400);
    // A phone that has the class's token keeps its identity when it opens the link again.
    const rejoin = await s.fetch(`/api/assignments/${a.id}/join`, { auth: ada.memberToken, body: { nickname: 'Other' } });
    expect(rejoin.status).toBe(200);
    expect(rejoin.json()).toMatchObject({ memberId: ada.memberId });
    const info = await s.fetch(`/api/assignments/${a.id}/info`);
    expect(info.json()).toMatchObject({ assignment: { id: a.id, status: 'open' }, className: '50.039 Deep Learning' });
    expect(info.text).not.toContain('"key"');

    const list = (await s.fetch(`/api/assignments?class=${classId}`, { auth: KEY })).json() as AssignmentListResponse;
    expect(list.assignments).toEqual([expect.objectContaining({ id: a.id, started: 2, finished: 1, className: '50.039 Deep Learning' })]);
    expect((await s.fetch('/api/assignments?class=nope', { auth: KEY })).status).toBe(404);
    const mine = (await s.fetch(`/api/classes/${classId}/assignments/me`, { auth: ada.memberToken })).json() as StudentAssignmentListResponse;
    expect(mine.assignments).toEqual([expect.objectContaining({ id: a.id, started: true, mark: expect.objectContaining({ points: 4, maxPoints: 4, percent: 100 }) })]);
    expect((await s.fetch(`/api/classes/${classId}/assignments/me`)).status).toBe(401);
  });
});

describe('the instructor view, roster and gradebook', () => {
  it('shows progress and per-question analytics, includes assignments on the leaderboard on request, and exports Canvas and Moodle CSVs', async () => {
    const clock = new ManualClock();
    store = new MemoryStore();
    server = await startAssignmentsServer({ store, clock });
    const s = server;
    const { classId, a, ada, bob } = await story(s, clock);
    const detail = (await s.fetch(`/api/assignments/${a.id}`, { auth: KEY })).json() as AssignmentDetailResponse;
    expect(detail).toMatchObject({ members: 2, started: 2, finished: 1 });
    expect(detail.progress.map((p) => [p.nickname, p.state, p.mark.points, p.attemptsUsed])).toEqual([
      ['Ada', 'finished', 4, 5],
      ['Bob', 'started', 0.8, 3],
    ]);
    const [warm, hl, finale] = detail.questions;
    expect(warm).toMatchObject({ attempted: 2, correct: 1, correctRate: 0.5, averageAttempts: 2 });
    expect(warm!.mistakes.map((m) => m.code)).toContain('count/wrong');
    expect(warm!.mistakes.find((m) => m.code === 'count/wrong')!.count).toBe(2);
    expect(hl!.mistakes).toEqual([expect.objectContaining({ code: 'highlight/missing-edge', count: 1 })]);
    const edges = question('highlight-w25').key(0).edges;
    expect(hl!.heatmap[edges[0]!]).toBe(1);
    expect(hl!.heatmap[edges[1]!]).toBe(2);
    expect(finale).toMatchObject({ hasVariants: true, heatmap: {}, attempted: 1, correct: 1 });

    // Leaderboard: assignments only when asked for; 1000 points per question weight at full credit.
    const without = (await s.fetch(`/api/classes/${classId}/leaderboard`)).json() as ClassLeaderboardResponse;
    expect(without.leaderboard).toEqual([]);
    const withA = (await s.fetch(`/api/classes/${classId}/leaderboard?assignments=include`)).json() as ClassLeaderboardResponse;
    expect(withA.assignments).toBe(true);
    expect(withA.leaderboard.map((r) => [r.nickname, r.points])).toEqual([
      ['Ada', 4000],
      ['Bob', 800],
    ]);

    // Roster: by JSON, then a CSV import matched by nickname with a row that matches nobody.
    const put = await s.fetch(`/api/classes/${classId}/roster`, { auth: KEY, method: 'PUT', body: { entries: [{ memberId: ada.memberId, studentId: 'S-001', name: 'Ada Lovelace', email: 'ada@uni.edu' }] } });
    expect(put.status).toBe(200);
    const csv = await s.fetch(`/api/classes/${classId}/roster.csv`, { auth: KEY, body: 'nickname,student_id,name,email\r\nbob,S-002,"Bob, Jr. Smith",bob@uni.edu\r\nZed,S-9,,\r\n' });
    expect(csv.status).toBe(200);
    const roster = csv.json() as RosterResponse;
    expect(roster.unmatched).toEqual([{ line: 3, message: 'No member with nickname "Zed".' }]);
    expect(roster.roster.map((r) => [r.nickname, r.studentId, r.name, r.email])).toEqual([
      ['Ada', 'S-001', 'Ada Lovelace', 'ada@uni.edu'],
      ['Bob', 'S-002', 'Bob, Jr. Smith', 'bob@uni.edu'],
    ]);
    expect((await s.fetch(`/api/classes/${classId}/roster.csv`, { auth: KEY, body: 'email\r\nx@y\r\n' })).status).toBe(400);
    expect((await s.fetch(`/api/classes/${classId}/roster.csv`, { auth: KEY, body: 'nickname,student_id\r\n"Bob,S\r\n' })).status).toBe(400);
    expect((await s.fetch(`/api/classes/${classId}/roster`, { auth: ada.memberToken })).status).toBe(403);

    const canvas = await s.fetch(`/api/classes/${classId}/gradebook.csv?format=canvas`, { auth: KEY });
    expect(canvas.status).toBe(200);
    expect(canvas.headers.get('content-type')).toContain('text/csv');
    expect(canvas.headers.get('content-disposition')).toMatch(/gradflow-50-039-deep-learning-\d{4}-\d{2}-\d{2}-canvas\.csv/u);
    const title = `${a.title} (gradflow assignment ${new Date(a.closesAt).toISOString().slice(0, 10)})`;
    expect(canvas.text).toBe(
      '\uFEFF' +
        [`Student,ID,SIS User ID,SIS Login ID,Section,${title}`, 'Points Possible,,,,,4', 'Ada Lovelace,,S-001,,50.039 Deep Learning,4', '"Bob, Jr. Smith",,S-002,,50.039 Deep Learning,0.8']
          .map((l) => l + '\r\n')
          .join(''),
    );
    const moodle = await s.fetch(`/api/classes/${classId}/gradebook.csv?format=moodle&scale=percent`, { auth: KEY });
    expect(moodle.text).toBe(
      '\uFEFF' + [`First name,Last name,ID number,Email address,${title}`, 'Ada,Lovelace,S-001,ada@uni.edu,100', '"Bob, Jr.",Smith,S-002,bob@uni.edu,20'].map((l) => l + '\r\n').join(''),
    );
    expect((await s.fetch(`/api/classes/${classId}/gradebook.csv?format=blackboard`, { auth: KEY })).status).toBe(400);
    expect((await s.fetch(`/api/classes/${classId}/gradebook.csv?scale=stars`, { auth: KEY })).status).toBe(400);
    expect((await s.fetch(`/api/classes/${classId}/gradebook.csv`)).status).toBe(401);
    expect((await s.fetch(`/api/classes/nope/gradebook.csv`, { auth: KEY })).status).toBe(404);
    expect((await s.fetch(`/api/classes/${classId}/gradebook.csv`, { auth: KEY, method: 'POST', body: {} })).status).toBe(405);
    void bob;
  });

  it('limits new students joining through one link, as live games limit joins per room', async () => {
    const clock = new ManualClock();
    store = new MemoryStore();
    server = await startAssignmentsServer({ store, clock, limits: { joinsPerRoom: { burst: 2, perSecond: 0.001 } } });
    const classId = await createClass(server);
    const a = await assign(server, { classId, source: { kind: 'pack', packId: 'week09' }, opensAt: clock.now(), closesAt: clock.now() + HOUR });
    const ada = await join(server, a.id, 'Ada');
    await join(server, a.id, 'Bob');
    const third = await server.fetch(`/api/assignments/${a.id}/join`, { body: { nickname: 'Cy' } });
    expect(third.status).toBe(429);
    expect(third.json()).toMatchObject({ error: 'rate/limited' });
    // A student who already has the class's token is not a new join.
    expect((await server.fetch(`/api/assignments/${a.id}/join`, { auth: ada.memberToken, body: { nickname: 'Ada' } })).status).toBe(200);
  });

  it('puts every live game of the class beside the assignments in the gradebook', async () => {
    const clock = new ManualClock();
    store = new MemoryStore();
    server = await startAssignmentsServer({ store, clock });
    const s = server;
    const { classId, a, ada } = await story(s, clock);
    // A real class game over sockets: Ada plays with her member token and answers the warm-up right; the host ends it.
    const host = await s.server.client();
    const game = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: 'week09', classId, instructorKey: KEY }));
    const phone = await s.server.client();
    ok(await call(phone, 'player:join', { protocol: PROTOCOL_VERSION, code: game.code, nickname: 'Ada', memberToken: ada.memberToken }));
    const opened = next(phone, 'room:state', (v: RoomView) => v.phase === 'question');
    ok(await call(host, 'host:start', {}));
    await opened;
    clock.advance(1000);
    ok(await call(phone, 'answer:submit', { questionIndex: 0, answerId: 'g1', answer: count('2') }));
    const scored = next(phone, 'player:me', (me) => me.result?.questionIndex === 0);
    ok(await call(host, 'host:close', {}));
    const verdict = await scored;
    const ended = next(phone, 'room:state', (v: RoomView) => v.phase === 'final');
    ok(await call(host, 'host:end', {}));
    await ended;
    const points = verdict.result?.points ?? -1;
    expect(points).toBeGreaterThan(0);

    // Reports are listed (and their summaries written) by the reports API.
    expect((await s.fetch('/api/reports', { auth: KEY })).status).toBe(200);
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const gameColumn = `Week 09 — how the gradient flows (gradflow game ${day(clock.now())})`;
    const assignmentColumn = `${a.title} (gradflow assignment ${day(a.closesAt)})`;
    const canvas = (await s.fetch(`/api/classes/${classId}/gradebook.csv`, { auth: KEY })).text.slice(1).split('\r\n');
    // The game ended before the assignment closes: its column comes first.
    expect(canvas.slice(0, 4)).toEqual([
      `Student,ID,SIS User ID,SIS Login ID,Section,${gameColumn},${assignmentColumn}`,
      'Points Possible,,,,,,4',
      `Ada,,,,50.039 Deep Learning,${points},4`,
      'Bob,,,,50.039 Deep Learning,,0.8',
    ]);
    const percent = (await s.fetch(`/api/classes/${classId}/gradebook.csv?format=moodle&scale=percent`, { auth: KEY })).text.slice(1).split('\r\n');
    expect(percent.slice(1, 3)).toEqual(['Ada,,,,100,100', 'Bob,,,,,20']);
  });

  it('assigns the questions of a finished game only from that game', async () => {
    const clock = new ManualClock();
    store = new MemoryStore();
    server = await startAssignmentsServer({ store, clock });
    const classId = await createClass(server);
    // A finished game as the report writer keeps it (its report names the pack and the questions played).
    await store.saveReport({ roomId: 'room1', title: 'Monday lecture', classId, endedAt: clock.now(), packId: 'week09', questions: [{ id: 'warmup-paths-n1' }, { id: 'highlight-w25' }] });
    const a = await assign(server, { classId, source: { kind: 'game', roomId: 'room1' }, opensAt: clock.now(), closesAt: clock.now() + HOUR });
    expect(a).toMatchObject({ title: 'Monday lecture', questionCount: 2, attempts: 3, source: { kind: 'game', roomId: 'room1', packId: 'week09' } });
    const outside = await server.fetch('/api/assignments', { auth: KEY, body: { classId, source: { kind: 'game', roomId: 'room1' }, questionIds: ['expr-n4'], opensAt: 0, closesAt: 1 } });
    expect(outside.status).toBe(400);
    expect((outside.json() as { message: string }).message).toBe('Not a question of that game: expr-n4.');
  });
});

describe('practice', () => {
  it("offers the student's missed questions and new ones aimed at their own mistakes, and never changes marks", async () => {
    const clock = new ManualClock();
    store = new MemoryStore();
    server = await startAssignmentsServer({ store, clock });
    const s = server;
    const { classId, a, bob } = await story(s, clock);
    const res = await s.fetch(`/api/classes/${classId}/practice`, { auth: bob.memberToken });
    expect(res.status).toBe(200);
    const set = res.json() as PracticeResponse;
    expect(set.items.filter((i) => i.kind === 'missed').map((i) => i.id).sort()).toEqual([`missed.assignment.${a.id}.highlight-w25`, `missed.assignment.${a.id}.warmup-paths-n1`]);
    expect(set.codes.map((c) => c.code)).toEqual(['count/wrong', 'highlight/missing-edge']);
    const targeted = set.items.filter((i) => i.kind === 'targeted');
    expect(targeted.map((t) => t.id.split('.')[1])).toEqual(['counting', 'counting', 'several-paths', 'several-paths']);
    expect(targeted[0]!.question.type).toBe('count');

    const before = await me(s, a.id, bob);
    const item = set.items.find((i) => i.id.endsWith('warmup-paths-n1'))!;
    const ans = await s.fetch(`/api/classes/${classId}/practice/answer`, { auth: bob.memberToken, body: { id: item.id, seed: item.seed, answer: count(question('warmup-paths-n1').key(0).text) } });
    expect(ans.status).toBe(200);
    expect(ans.json() as PracticeAnswerResponse).toMatchObject({ verdict: 'correct', credit: 1, key: { text: question('warmup-paths-n1').key(0).text } });
    const gen = targeted[0]!;
    const wrong = await s.fetch(`/api/classes/${classId}/practice/answer`, { auth: bob.memberToken, body: { id: gen.id, seed: 0, answer: count('9999') } });
    expect(wrong.json()).toMatchObject({ verdict: 'wrong' });
    const typo = await s.fetch(`/api/classes/${classId}/practice/answer`, { auth: bob.memberToken, body: { id: gen.id, seed: 0, answer: count('lots') } });
    expect(typo.status).toBe(422);
    expect((await me(s, a.id, bob)).mark).toEqual(before.mark);
    expect((await s.fetch(`/api/classes/${classId}/practice/answer`, { auth: bob.memberToken, body: { id: 'missed.game.nope.x', seed: 0, answer: count('1') } })).status).toBe(404);
    expect((await s.fetch(`/api/classes/${classId}/practice`)).status).toBe(401);
    expect((await s.fetch(`/api/classes/${classId}/practice`, { auth: KEY })).status).toBe(403);
  });
});

type StoreFactory = { open: () => Promise<Store>; restart: (store: Store) => Promise<Store> };
const embedded = (): StoreFactory => {
  const dir = tempDir();
  return { open: async () => SqliteStore.open(dir, { logger: silentLogger }), restart: async (old) => (await old.close(), SqliteStore.open(dir, { logger: silentLogger })) };
};
const onRedis = (): StoreFactory => ({
  open: () => RedisStore.connect((redis as RedisServer).url, silentLogger),
  restart: async (old) => {
    await old.close();
    await (redis as RedisServer).restart();
    return RedisStore.connect((redis as RedisServer).url, silentLogger);
  },
});

describe.each([
  ['embedded', embedded],
  ['redis', onRedis],
] as const)('assignments on the %s store', (_name, factory) => {
  it('lose nothing when the server and the store restart: a student continues on another phone with their member token', async () => {
    const stores = factory();
    const clock = new ManualClock();
    store = await stores.open();
    server = await startAssignmentsServer({ store, clock });
    const { a, ada, bob } = await story(server, clock);
    const adaBefore = await me(server, a.id, ada);
    const detailBefore = (await server.fetch(`/api/assignments/${a.id}`, { auth: KEY })).json() as AssignmentDetailResponse;
    await server.close();
    store = await stores.restart(store);
    server = await startAssignmentsServer({ store, clock });
    // "Another phone": nothing but the member token.
    expect(await me(server, a.id, ada)).toEqual(adaBefore);
    expect((await server.fetch(`/api/assignments/${a.id}`, { auth: KEY })).json()).toEqual(detailBefore);
    // Bob carries on where he stopped: the highlight's second attempt.
    const res = await submit(server, a.id, bob, 'highlight-w25', 2, { kind: 'highlight', edges: [...question('highlight-w25').key(0).edges] });
    expect(res.status).toBe(201);
    expect((res.json() as SubmitAttemptResponse).mark.points).toBe(1);
  });
});

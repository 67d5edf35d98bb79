import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION, type RoomView } from '@/engine/protocol';
import { BUILTIN_PACKS, compilePackOrThrow } from '@/engine/quiz/pack';
import { silentLogger } from '../logger';
import { SqliteStore } from '../store/sqlite';
import { RedisStore } from '../store/redis';
import type { Store } from '../store/types';
import { call, ManualClock, next, ok, TEST_INSTRUCTOR_KEY, type Client } from '../test-support/harness';
import { choicePack, packSource } from '../test-support/packs';
import { disposeRedis, startRedis, type RedisServer } from '../test-support/redis-server';
import { csvCell } from './csv';
import { joinGame, opened, startReportsServer, verdicts, type ReportsTestServer, type TestStudent } from './test-server';
import type {
  ClassHistoryResponse,
  ClassLeaderboardResponse,
  ClassListResponse,
  GameHistoryResponse,
  PublicGameReport,
  ReportListResponse,
} from '@/engine/reports';

const KEY = TEST_INSTRUCTOR_KEY;
const LIMIT = 20_000;
const choices = choicePack(2, LIMIT);
const week09 = compilePackOrThrow(BUILTIN_PACKS[0]).pack;

let redis: RedisServer | undefined;
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gradflow-reports-'));
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

const final = (v: RoomView) => v.phase === 'final';

async function answer(s: TestStudent, questionIndex: number, index: number) {
  ok(await call(s.socket, 'answer:submit', { questionIndex, answerId: `${s.playerId}-${questionIndex}`, answer: { kind: 'choice', index } }));
}

/** Creates a class through the API. */
async function createClass(server: ReportsTestServer, name: string): Promise<string> {
  const res = await server.fetch('/api/classes', { auth: KEY, body: { name } });
  expect(res.status).toBe(201);
  return (res.json() as { class: { id: string } }).class.id;
}

/**
 * Two games of one class. Game 1 (2 questions, played to the end): Ada 950 + 1000, Bob 0 + 875.
 * Game 2 (ended by the host after question 1): Ada (same phone: member token) 975, Cy no answer.
 */
async function playClassGames(server: ReportsTestServer, clock: ManualClock) {
  const classId = await createClass(server, '50.039 Deep Learning');
  const host = await server.client();
  const g1 = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: choices.id, classId, instructorKey: KEY }));
  const ada = await joinGame(server, g1.code, 'Ada');
  const bob = await joinGame(server, g1.code, 'Bob');
  let open = opened([ada, bob], 0);
  ok(await call(host, 'host:start', {}));
  await open;
  let scored = verdicts([ada, bob], 0);
  clock.advance(2000);
  await answer(ada, 0, 1);
  await answer(bob, 0, 2);
  await scored;
  ok(await call(host, 'host:next', {}));
  open = opened([ada, bob], 1);
  ok(await call(host, 'host:next', {}));
  await open;
  scored = verdicts([ada, bob], 1);
  clock.advance(4000);
  await answer(ada, 1, 1);
  clock.advance(1000);
  await answer(bob, 1, 1);
  await scored;
  let ended = next(ada.socket, 'room:state', final);
  ok(await call(host, 'host:next', {}));
  await ended;

  const g2 = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: choices.id, classId, instructorKey: KEY }));
  const ada2 = await joinGame(server, g2.code, 'Ada', ada.memberToken ?? undefined);
  const cy = await joinGame(server, g2.code, 'Cy');
  open = opened([ada2, cy], 0);
  ok(await call(host, 'host:start', {}));
  await open;
  scored = verdicts([ada2, cy], 0);
  clock.advance(1000);
  await answer(ada2, 0, 1);
  ok(await call(host, 'host:close', {}));
  await scored;
  ended = next(cy.socket, 'room:state', final);
  ok(await call(host, 'host:end', {}));
  await ended;
  return { classId, g1: g1.roomId, g2: g2.roomId, ada, bob, ada2, cy };
}

type StoreFactory = { open: () => Promise<Store>; restart: (store: Store) => Promise<Store> };

const embedded = (): StoreFactory => {
  const dir = tempDir();
  const open = async () => SqliteStore.open(dir, { logger: silentLogger });
  return { open, restart: async (old) => (await old.close(), open()) };
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
] as const)('reports on the %s store', (_name, factory) => {
  let server: ReportsTestServer | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await server?.close();
    await store?.close();
    server = undefined;
    store = undefined;
  });

  it('keeps the report and the class leaderboard when the server and the store restart', async () => {
    const stores = factory();
    const clock = new ManualClock();
    store = await stores.open();
    server = await startReportsServer({ store, packs: packSource(choices), clock });
    const game = await playClassGames(server, clock);

    const report = (await server.fetch(`/api/reports/${game.g1}`, { auth: KEY })).json() as PublicGameReport;
    expect(report.leaderboard).toEqual([
      { rank: 1, nickname: 'Ada', score: 1950 },
      { rank: 2, nickname: 'Bob', score: 875 },
    ]);
    expect(report.questions.map((q) => [q.status, q.players, q.answered, q.correct, q.correctRate, q.averageResponseMs])).toEqual([
      ['scored', 2, 2, 1, 0.5, 2000],
      ['scored', 2, 2, 2, 1, 4500],
    ]);
    expect(report.questions[0]?.distribution).toEqual([
      { label: '1', count: 0, correct: false },
      { label: '2', count: 1, correct: true },
      { label: '3', count: 1, correct: false },
    ]);
    expect(report.questions[0]?.mistakes).toEqual([{ code: 'choice/wrong', count: 1, message: 'Chose a wrong option' }]);
    const ada = report.students[0];
    expect(ada?.answers.map((a) => [a.verdict, a.answerText, a.points, a.streak, a.responseMs])).toEqual([
      ['correct', '2', 950, 1, 2000],
      ['correct', '3', 1000, 2, 4000],
    ]);
    expect(report.endedEarly).toBe(false);
    const second = (await server.fetch(`/api/reports/${game.g2}`, { auth: KEY })).json() as PublicGameReport;
    expect(second.endedEarly).toBe(true);
    expect(second.students.map((s) => [s.nickname, s.score, s.answers[0]?.verdict])).toEqual([
      ['Ada', 975, 'correct'],
      ['Cy', 0, 'none'],
    ]);

    const board = (await server.fetch(`/api/classes/${game.classId}/leaderboard`)).json() as ClassLeaderboardResponse;
    expect(board.leaderboard).toEqual([
      { rank: 1, nickname: 'Ada', points: 2925, games: 2 },
      { rank: 2, nickname: 'Bob', points: 875, games: 1 },
      { rank: 3, nickname: 'Cy', points: 0, games: 1 },
    ]);
    expect(board.series[0]).toEqual({ nickname: 'Ada', cumulative: [1950, 2925] });
    const list = (await server.fetch('/api/reports', { auth: KEY })).json() as ReportListResponse;
    const history = (await server.fetch(`/api/classes/${game.classId}/me`, { auth: game.ada.memberToken ?? '' })).json() as ClassHistoryResponse;
    expect(history).toMatchObject({ nickname: 'Ada', points: 2925, rank: 1 });
    expect(history.games.map((g) => g.score)).toEqual([1950, 975]);

    // Stop everything; start a new server on the same data.
    await server.close();
    server = undefined;
    store = await stores.restart(store);
    server = await startReportsServer({ store, packs: packSource(choices), clock });
    expect((await server.fetch(`/api/reports/${game.g1}`, { auth: KEY })).json()).toEqual(report);
    expect((await server.fetch(`/api/reports/${game.g2}`, { auth: KEY })).json()).toEqual(second);
    expect((await server.fetch(`/api/classes/${game.classId}/leaderboard`)).json()).toEqual(board);
    expect((await server.fetch('/api/reports', { auth: KEY })).json()).toEqual(list);
    expect((await server.fetch(`/api/classes/${game.classId}/me`, { auth: game.ada.memberToken ?? '' })).json()).toEqual(history);
    const bobGame = (await server.fetch(`/api/games/${game.g1}/me`, { auth: game.bob.playerToken })).json() as GameHistoryResponse;
    expect(bobGame.game).toMatchObject({ nickname: 'Bob', score: 875, rank: 2 });
    const classes = (await server.fetch('/api/classes', { auth: KEY })).json() as ClassListResponse;
    expect(classes.classes).toEqual([expect.objectContaining({ id: game.classId, name: '50.039 Deep Learning', games: 2, students: 3 })]);
  });
});

describe('reports on the embedded store', () => {
  let server: ReportsTestServer | undefined;
  let store: Store | undefined;
  afterEach(async () => {
    await server?.close();
    await store?.close();
    server = undefined;
  });

  it('exports a known game as CSV: exact rows, RFC 4180 quoting, BOM, CRLF, no formulas', async () => {
    const clock = new ManualClock();
    store = SqliteStore.open(tempDir(), { logger: silentLogger });
    server = await startReportsServer({ store, packs: packSource(week09), clock });
    const host: Client = await server.client();
    const created = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: week09.id }));
    const ada = await joinGame(server, created.code, 'Ada');
    const eve = await joinGame(server, created.code, '=Eve "E", Jr');
    let open = opened([ada, eve], 0);
    ok(await call(host, 'host:start', {}));
    await open;
    // Question 1 (count, 30 s): Ada right at 3 s, Eve "-2" at 6 s.
    let scored = verdicts([ada, eve], 0);
    clock.advance(3000);
    ok(await call(ada.socket, 'answer:submit', { questionIndex: 0, answerId: 'a0', answer: { kind: 'count', value: '2' } }));
    clock.advance(3000);
    ok(await call(eve.socket, 'answer:submit', { questionIndex: 0, answerId: 'e0', answer: { kind: 'count', value: '-2' } }));
    await scored;
    ok(await call(host, 'host:next', {}));
    open = opened([ada, eve], 1);
    ok(await call(host, 'host:next', {}));
    await open;
    // Question 2 (highlight, 30 s): Ada every edge at 6 s, Eve two of three at 12 s.
    scored = verdicts([ada, eve], 1);
    clock.advance(6000);
    ok(await call(ada.socket, 'answer:submit', { questionIndex: 1, answerId: 'a1', answer: { kind: 'highlight', edges: ['n7-E', 'n5-n7', 'n2-n5'] } }));
    clock.advance(6000);
    ok(await call(eve.socket, 'answer:submit', { questionIndex: 1, answerId: 'e1', answer: { kind: 'highlight', edges: ['n7-E', 'n5-n7'] } }));
    await scored;
    const ended = next(ada.socket, 'room:state', final);
    ok(await call(host, 'host:end', {}));
    await ended;

    const roomId = created.roomId;
    const csv = await server.fetch(`/api/reports/${roomId}/export.csv`, { auth: KEY });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="gradflow-week-09-how-the-gradient-flows-\d{4}-\d{2}-\d{2}-answers\.csv"$/);
    const eveCell = `"'=Eve ""E"", Jr"`;
    // Player ids are random and may start with '-', which the export neutralises like any cell (a leading ').
    const adaId = csvCell(ada.playerId);
    const eveId = csvCell(eve.playerId);
    expect(csv.text).toBe(
      '\uFEFF' +
        [
          'rank,nickname,student_id,question,question_id,type,status,answer,verdict,credit,points,response_s,note_codes,feedback',
          `1,Ada,${adaId},1,warmup-paths-n1,count,scored,2,correct,1,950,3.0,,`,
          `1,Ada,${adaId},2,highlight-w25,highlight,scored,n2-n5 n5-n7 n7-E,correct,1,1000,6.0,,`,
          `2,${eveCell},${eveId},1,warmup-paths-n1,count,scored,'-2,wrong,0,0,6.0,count/wrong,'-2 is not the right count.`,
          `2,${eveCell},${eveId},2,highlight-w25,highlight,scored,n5-n7 n7-E,partial,0.8,640,12.0,highlight/missing-edge,"You missed 1 edge that carries gradient from E to w_{2,5}."`,
        ]
          .map((line) => line + '\r\n')
          .join(''),
    );
    const students = await server.fetch(`/api/reports/${roomId}/export.csv?table=students`, { auth: KEY });
    expect(students.text).toBe(
      '\uFEFF' +
        [
          'rank,nickname,student_id,score,correct,partial,wrong,no_answer,avg_response_s',
          `1,Ada,${adaId},1950,2,0,0,0,4.5`,
          `2,${eveCell},${eveId},640,0,1,1,0,9.0`,
        ]
          .map((line) => line + '\r\n')
          .join(''),
    );
    expect((await server.fetch(`/api/reports/${roomId}/export.csv?table=nope`, { auth: KEY })).status).toBe(400);

    const json = await server.fetch(`/api/reports/${roomId}/export.json`, { auth: KEY });
    expect(json.headers.get('content-disposition')).toMatch(/-report\.json"$/);
    const report = json.json() as PublicGameReport;
    expect(report.endedEarly).toBe(true);
    expect(report.questions[1]?.heatmap).toEqual({ 'n2-n5': 1, 'n5-n7': 2, 'n7-E': 2 });
    expect(report.questions[1]?.key.edges).toEqual(['n2-n5', 'n5-n7', 'n7-E']);
    expect(report.questions[1]?.network).not.toBeNull();
    expect(json.text).not.toContain('playerTokenHashes');
  });

  it('shows students only their own answers and keeps the instructor’s reports from them', async () => {
    const clock = new ManualClock();
    store = SqliteStore.open(tempDir(), { logger: silentLogger });
    server = await startReportsServer({ store, packs: packSource(choices), clock });
    const game = await playClassGames(server, clock);
    const other = await createClass(server, 'Another class');
    const host = await server.client();
    const otherGame = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: choices.id, classId: other, instructorKey: KEY }));
    const stranger = await joinGame(server, otherGame.code, 'Zed');
    const get = (p: string, auth?: string) => server!.fetch(p, auth === undefined ? {} : { auth });

    // The instructor's routes: 401 without a key, 403 with a student's token or a wrong key.
    for (const route of ['/api/reports', `/api/reports/${game.g1}`, `/api/reports/${game.g1}/export.csv`, `/api/reports/${game.g1}/export.json`, '/api/classes']) {
      const anonymous = await get(route);
      expect(anonymous.status, route).toBe(401);
      expect(anonymous.json()).toMatchObject({ error: 'auth/required' });
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="gradflow"');
      for (const token of [game.ada.playerToken, game.ada.memberToken ?? '', 'not-the-key']) {
        const res = await get(route, token);
        expect(res.status, route).toBe(403);
        expect(res.json()).toMatchObject({ error: 'auth/forbidden' });
      }
    }
    expect((await server.fetch('/api/classes', { body: { name: 'Hack' } })).status).toBe(401);
    expect((await server.fetch('/api/classes', { auth: KEY, body: { name: '' } })).status).toBe(400);
    expect((await server.fetch('/api/classes', { auth: KEY, method: 'DELETE' })).status).toBe(405);

    // A game's own answers: only with that student's own token.
    const adaGame = await get(`/api/games/${game.g1}/me`, game.ada.playerToken);
    expect(adaGame.status).toBe(200);
    const mine = adaGame.json() as GameHistoryResponse;
    expect(mine.game).toMatchObject({ nickname: 'Ada', rank: 1, score: 1950, players: 2 });
    expect(mine.game.answers.map((a) => a.points)).toEqual([950, 1000]);
    expect(mine.game.leaderboard).toEqual([
      { rank: 1, nickname: 'Ada', score: 1950 },
      { rank: 2, nickname: 'Bob', score: 875 },
    ]);
    expect(adaGame.text).not.toContain(game.bob.playerId);
    // Bob's wrong answer to question 1 (option 3) is his alone.
    expect(adaGame.text).not.toContain('"index":2');
    expect(adaGame.text).not.toContain('TokenHash');
    expect((await get(`/api/games/${game.g1}/me`)).status).toBe(401);
    expect((await get(`/api/games/${game.g1}/me`, `${game.bob.playerId}.forged`)).status).toBe(403);
    expect((await get(`/api/games/${game.g1}/me`, game.ada2.playerToken)).status).toBe(403);
    expect((await get(`/api/games/${game.g1}/me`, game.ada.memberToken ?? '')).status).toBe(403);
    expect((await get(`/api/games/${otherGame.roomId}/me`, stranger.playerToken)).status).toBe(404);

    // A class history: only with the member token of that class.
    const adaClass = await get(`/api/classes/${game.classId}/me`, game.ada.memberToken ?? '');
    expect(adaClass.status).toBe(200);
    expect(adaClass.text).not.toContain(game.bob.playerId);
    expect(adaClass.text).not.toContain(game.cy.memberToken?.split('.')[0] ?? 'none');
    const bobClass = (await get(`/api/classes/${game.classId}/me`, game.bob.memberToken ?? '')).json() as ClassHistoryResponse;
    expect(bobClass).toMatchObject({ nickname: 'Bob', points: 875, rank: 2 });
    expect(bobClass.games.flatMap((g) => g.answers.map((a) => a.answerText))).toEqual(['3', '3']);
    const memberId = game.ada.memberToken?.split('.')[0] ?? '';
    expect((await get(`/api/classes/${game.classId}/me`)).status).toBe(401);
    expect((await get(`/api/classes/${game.classId}/me`, `${memberId}.forged`)).status).toBe(403);
    expect((await get(`/api/classes/${game.classId}/me`, stranger.memberToken ?? '')).status).toBe(403);
    expect((await get(`/api/classes/${game.classId}/me`, game.ada.playerToken)).status).toBe(403);
    expect((await get(`/api/classes/${other}/me`, game.ada.memberToken ?? '')).status).toBe(403);
    // Reclaiming on a new phone: the code names its class.
    expect((await get('/api/members/me', game.ada.memberToken ?? '')).json()).toEqual({ classId: game.classId, name: '50.039 Deep Learning', nickname: 'Ada' });
    expect((await get('/api/members/me', `${memberId}.forged`)).status).toBe(403);

    // Before joining, a phone learns which class a join code belongs to (to send that class's member token).
    expect((await get(`/api/join/${otherGame.code}`)).json()).toEqual({ classId: other, className: 'Another class' });
    const open = ok(await call(host, 'host:create', { protocol: PROTOCOL_VERSION, packId: choices.id }));
    expect((await get(`/api/join/${open.code}`)).json()).toEqual({ classId: null, className: null });
    expect((await get('/api/join/999999x')).status).toBe(404);

    // The public class leaderboard: nicknames and points, no ids or tokens.
    const board = await get(`/api/classes/${game.classId}/leaderboard`);
    expect(board.status).toBe(200);
    for (const secret of [memberId, game.ada.playerId, game.g1, game.g2]) expect(board.text).not.toContain(secret);
    expect((await get('/api/classes/unknown-class/leaderboard')).status).toBe(404);

    // The instructor's report never carries the token hashes.
    const full = await get(`/api/reports/${game.g1}`, KEY);
    expect(full.status).toBe(200);
    expect(full.text).not.toContain('TokenHash');
    expect((await get('/api/reports/no-such-room', KEY)).status).toBe(404);
    expect((await get('/api/reports/..%2f..%2fetc', KEY)).status).toBe(404);
  });
});

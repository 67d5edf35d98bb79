import { describe, expect, it } from 'vitest';
import { initialRoomState } from '@/engine/game/phases';
import type { AnswerPayload, NoteView } from '@/engine/protocol';
import { BUILTIN_PACKS, compilePackOrThrow } from '@/engine/quiz/pack';
import type { AnswerRecord, PlayerRecord } from '../store/types';
import { choicePack } from '../test-support/packs';
import { answerText, buildReport, buildReportInSteps, isGameReport, REPORT_STUDENTS_PER_STEP, playedQuestionCount, publicReport, summarizeReport, type ReportInput } from './build-report';
import type { PlayerResult, QuestionResultsDoc } from '@/engine/reports';
import { answersCsv } from './csv';

const pack = choicePack(3, 20_000);
const settings = { scoring: true, autoAdvance: false, showLeaderboard: true, locked: false };

function player(id: string, nickname: string, score: number, extra: Partial<PlayerRecord> = {}): PlayerRecord {
  return { id, tokenHash: `hash-${id}`, nickname, memberId: `m-${id}`, nicknameKey: nickname.toLowerCase(), joinedAt: 0, kicked: false, score, streak: 0, correctCount: 0, rank: null, previousRank: null, scoredThrough: -1, lastResult: null, ahead: null, ...extra };
}

function answer(playerId: string, questionIndex: number, a: AnswerPayload, correct: boolean, responseMs: number, notes: NoteView[] = []): AnswerRecord {
  return { playerId, answerId: `${playerId}-${questionIndex}`, questionIndex, receivedAt: 0, responseMs, answer: a, credit: correct ? 1 : 0, correct, read: null, notes };
}

function result(playerId: string, questionIndex: number, points: number, streak: number): PlayerResult {
  return { playerId, questionIndex, answered: true, correct: points > 0, credit: points > 0 ? 1 : 0, points, streak, read: null, notes: [], answer: null, key: null };
}

function results(questionIndex: number, closedBy: QuestionResultsDoc['closedBy'], rows: PlayerResult[]): QuestionResultsDoc {
  return { roomId: 'room1', questionIndex, multiplier: closedBy === 'skipped' ? 0 : 2, closedBy, closedAt: 0, results: rows };
}

const wrong = (text: string): NoteView[] => [{ code: 'choice/wrong', message: text }];

/**
 * Three questions: q0 scored (Ada right, Bob wrong; Dee joined after it), q1 skipped by the host,
 * q2 still open when the host ended the game. Cat was kicked.
 */
function input(): ReportInput {
  return {
    room: {
      id: 'room1',
      code: '123456',
      title: 'Chain rule warm-up',
      packId: pack.id,
      classId: 'class1',
      createdAt: 1000,
      state: { ...initialRoomState(3, settings), phase: 'final', questionIndex: 2, openedAt: 50_000, endedAt: 60_000 },
    },
    pack,
    players: [
      player('b', 'Bob', 0),
      player('a', 'Ada', 1900),
      player('c', 'Cat', 5000, { kicked: true }),
      player('d', 'Dee', 0, { joinedAt: 20_000, memberId: null }),
    ],
    questions: [
      {
        answers: [
          answer('a', 0, { kind: 'choice', index: 1 }, true, 2000),
          answer('b', 0, { kind: 'choice', index: 0 }, false, 4000, wrong('The answer was “2”.')),
          answer('c', 0, { kind: 'choice', index: 0 }, false, 1000, wrong('The answer was “2”.')),
        ],
        results: results(0, 'deadline', [result('a', 0, 1900, 1), result('b', 0, 0, 0), result('c', 0, 0, 0)]),
      },
      { answers: [answer('d', 1, { kind: 'choice', index: 1 }, true, 3000)], results: results(1, 'skipped', [result('a', 1, 0, 1), result('b', 1, 0, 0), result('d', 1, 0, 0)]) },
      { answers: [answer('b', 2, { kind: 'choice', index: 1 }, true, 5000)], results: null },
    ],
    endedAt: 60_000,
  };
}

describe('buildReport', () => {
  it('ranks the students (kicked ones left out) and lists every answer with its points from the reveal', () => {
    const report = buildReport(input());
    expect(report.leaderboard).toEqual([
      { rank: 1, nickname: 'Ada', score: 1900 },
      { rank: 2, nickname: 'Bob', score: 0 },
      { rank: 2, nickname: 'Dee', score: 0 },
    ]);
    const [ada, bob, dee] = report.students;
    expect(ada?.answers.map((a) => [a.verdict, a.answerText, a.points, a.streak, a.responseMs])).toEqual([
      ['correct', '2', 1900, 1, 2000],
      ['none', '', 0, 1, null],
      ['none', '', 0, null, null],
    ]);
    expect(bob?.answers.map((a) => [a.verdict, a.points, a.notes.map((n) => n.code)])).toEqual([
      ['wrong', 0, ['choice/wrong']],
      ['none', 0, []],
      ['correct', 0, []],
    ]);
    // Dee joined after question 1 and before question 3 opened.
    expect(dee?.answers.map((a) => a.verdict)).toEqual(['absent', 'correct', 'none']);
    expect(dee?.memberId).toBeNull();
    expect([ada?.correct, ada?.unanswered, bob?.wrong, bob?.correct, dee?.averageResponseMs]).toEqual([1, 2, 1, 1, 3000]);
    expect(report.students.map((s) => s.nickname)).not.toContain('Cat');
    expect(Object.keys(report.playerTokenHashes).sort()).toEqual(['a', 'b', 'd']);
  });

  it('summarises each question: status, rates, response time, distribution and mistakes', () => {
    const report = buildReport(input());
    expect(report.questions.map((q) => [q.status, q.multiplier, q.players, q.answered, q.correct, q.correctRate, q.averageResponseMs])).toEqual([
      ['scored', 2, 2, 2, 1, 0.5, 3000],
      ['skipped', 0, 3, 1, 1, 1 / 3, 3000],
      ['unscored', 1, 3, 1, 1, 1 / 3, 5000],
    ]);
    expect(report.questions[0]?.distribution).toEqual([
      { label: '1', count: 1, correct: false },
      { label: '2', count: 1, correct: true },
      { label: '3', count: 0, correct: false },
    ]);
    expect(report.questions[0]?.choiceCounts).toEqual([1, 1, 0]);
    expect(report.questions[0]?.mistakes).toEqual([{ code: 'choice/wrong', count: 1, message: 'Chose a wrong option' }]);
    expect(report.questions[0]?.key.choiceIndex).toBe(1);
    expect(report.endedEarly).toBe(true);
    expect(report.questionCount).toBe(3);
  });

  it('groups free answers by what was typed and counts highlighted edges', () => {
    const week09 = compilePackOrThrow(BUILTIN_PACKS[0]).pack;
    const count = (p: string, value: string, correct: boolean) => answer(p, 0, { kind: 'count', value }, correct, 1000);
    const edges = (p: string, e: string[]) => answer(p, 1, { kind: 'highlight', edges: e }, false, 1000);
    const report = buildReport({
      room: { ...input().room, packId: week09.id, state: { ...initialRoomState(week09.questions.length, settings), phase: 'final', questionIndex: 1 } },
      pack: week09,
      players: ['p', 'q', 'r', 's'].map((id) => player(id, id.toUpperCase(), 0)),
      questions: [
        { answers: [count('p', '2', true), count('q', ' 2 ', true), count('r', '3', false)], results: results(0, 'deadline', []) },
        { answers: [edges('p', ['n7-E', 'n5-n7', 'n7-E']), edges('q', ['n5-n7', 'n7-E']), edges('r', ['n2-n4'])], results: results(1, 'host', []) },
      ],
      endedAt: 1,
    });
    expect(report.questions[0]?.distribution).toEqual([
      { label: '2', count: 2, correct: true },
      { label: '3', count: 1, correct: false },
    ]);
    expect(report.questions[1]?.distribution.map((d) => [d.label, d.count])).toEqual([
      ['n5-n7 n7-E', 2],
      ['n2-n4', 1],
    ]);
    expect(report.questions[1]?.heatmap).toEqual({ 'n7-E': 2, 'n5-n7': 2, 'n2-n4': 1 });
    expect(report.questions[1]?.network).not.toBeNull();
    expect(report.endedEarly).toBe(true);
  });

  it('writes an empty report for a game ended in the lobby', () => {
    const base = input();
    const report = buildReport({ ...base, room: { ...base.room, state: initialRoomState(3, settings) }, questions: [] });
    expect(playedQuestionCount(base.room, pack)).toBe(3);
    expect(playedQuestionCount({ state: initialRoomState(3, settings) }, pack)).toBe(0);
    expect(report.questions).toEqual([]);
    expect(report.students.every((s) => s.answers.length === 0)).toBe(true);
    expect(report.endedEarly).toBe(true);
  });

  it('builds the same report in steps: a pause after each question and after every REPORT_STUDENTS_PER_STEP students', () => {
    const base = input();
    const many = Array.from({ length: 2 * REPORT_STUDENTS_PER_STEP + 1 }, (_, i) => player(`s${i}`, `Student ${i}`, i));
    const big = { ...base, players: [...base.players, ...many] };
    const steps = buildReportInSteps(big);
    let pauses = 0;
    let step = steps.next();
    while (!step.done) {
      pauses++;
      step = steps.next();
    }
    // 3 questions; 3 + 2 * STEP + 1 active students (Cat was kicked) start a new step twice.
    expect(pauses).toBe(3 + 2);
    expect(step.value).toEqual(buildReport(big));
    expect(step.value.students).toHaveLength(3 + many.length);
  });
});

describe('report summaries and the public form', () => {
  it('summarises for listings and class leaderboards, and drops token hashes from what the API sends', () => {
    const report = buildReport(input());
    expect(summarizeReport(report)).toEqual({
      roomId: 'room1',
      code: '123456',
      title: 'Chain rule warm-up',
      classId: 'class1',
      createdAt: 1000,
      endedAt: 60_000,
      endedEarly: true,
      questionCount: 3,
      questionsPlayed: 3,
      players: 3,
      correctRate: 0.5,
      leaders: report.leaderboard,
      members: [
        { memberId: 'm-a', nickname: 'Ada', score: 1900 },
        { memberId: 'm-b', nickname: 'Bob', score: 0 },
      ],
    });
    const open = publicReport(report);
    expect(JSON.stringify(open)).not.toContain('hash-');
    expect(isGameReport(report)).toBe(true);
    expect(isGameReport({ roomId: 'x', title: 'old', players: [], questions: [] })).toBe(false);
  });

  it('renders answers as text', () => {
    expect(answerText({ kind: 'choice', index: 2 }, ['a', 'b', 'c'])).toBe('c');
    expect(answerText({ kind: 'choice', index: 7 }, ['a'])).toBe('option 8');
    expect(answerText({ kind: 'expression', text: '  dE/dn6 ·\n dn6/dn4 ' }, [])).toBe('dE/dn6 · dn6/dn4');
    expect(answerText({ kind: 'highlight', edges: ['n7-E', 'n2-n5', 'n7-E'] }, [])).toBe('n2-n5 n7-E');
    expect(answerText(null, [])).toBe('');
  });
});

describe('reports of the option kinds', () => {
  const kinds = compilePackOrThrow({
    id: 'kinds',
    title: 'Kinds',
    questions: [
      { id: 'm', type: 'multi', prompt: 'Which?', choices: ['a', 'b', 'c'], answers: [0, 2] },
      { id: 'p', type: 'poll', prompt: 'Sure?', choices: ['yes', 'no'] },
    ],
  }).pack;
  const graded = (playerId: string, i: number, a: AnswerPayload): AnswerRecord => {
    const v = kinds.questions[i]!.grade(a, 0);
    return { playerId, answerId: `${playerId}-${i}`, questionIndex: i, receivedAt: 0, responseMs: 1000, answer: a, credit: v.credit, correct: v.correct, read: v.read, notes: v.notes };
  };
  const report = () =>
    buildReport({
      room: { id: 'r', code: '111111', title: 'Kinds', packId: 'kinds', classId: null, createdAt: 0, state: { ...initialRoomState(2, settings), phase: 'final', questionIndex: 1, openedAt: 0, endedAt: 10 } },
      pack: kinds,
      players: [player('a', 'Ada', 1000), player('b', 'Bob', 0)],
      questions: [
        {
          answers: [graded('a', 0, { kind: 'multi', indices: [0, 2] }), graded('b', 0, { kind: 'multi', indices: [0, 1] })],
          results: results(0, 'deadline', [result('a', 0, 1000, 1), result('b', 0, 0, 0)]),
        },
        {
          answers: [graded('a', 1, { kind: 'choice', index: 1 })],
          results: results(1, 'deadline', [{ ...result('a', 1, 0, 1), correct: false, credit: 0 }, { ...result('b', 1, 0, 0), answered: false }]),
        },
      ],
      endedAt: 10,
    });

  it('counts every pick of a multi-select per option, right options marked, picks as text', () => {
    const q = report().questions[0]!;
    expect(q.distribution).toEqual([
      { label: 'a', count: 2, correct: true },
      { label: 'b', count: 1, correct: false },
      { label: 'c', count: 1, correct: true },
    ]);
    expect(q.correctRate).toBe(0.5);
    const bob = report().students.find((s) => s.nickname === 'Bob')!;
    expect(bob.answers[0]).toMatchObject({ verdict: 'wrong', answerText: 'a; b', credit: 0 });
    expect(answerText({ kind: 'multi', indices: [2, 0, 2] }, ['a', 'b', 'c'])).toBe('a; c');
  });

  it('lists a poll’s votes per option with no right answer, no rate, and a voted verdict that counts as neither right nor wrong', () => {
    const r = report();
    const q = r.questions[1]!;
    expect(q.distribution).toEqual([
      { label: 'yes', count: 0, correct: false },
      { label: 'no', count: 1, correct: false },
    ]);
    expect(q.choiceCounts).toEqual([0, 1]);
    expect(q.correctRate).toBeNull();
    const ada = r.students.find((s) => s.nickname === 'Ada')!;
    expect(ada.answers[1]).toMatchObject({ verdict: 'voted', answerText: 'no', points: 0 });
    expect(ada).toMatchObject({ correct: 1, wrong: 0, partial: 0 });
    expect(summarizeReport(r).correctRate).toBe(0.5);
  });

  it('exports the kinds to CSV: picks as text, the poll vote as "voted"', () => {
    const rows = answersCsv(report()).slice(1).split('\r\n');
    expect(rows).toContain('1,Ada,m-a,2,p,poll,scored,no,voted,0,0,1.0,,');
    expect(rows).toContain('2,Bob,m-b,1,m,multi,scored,a; b,wrong,0,0,1.0,multi/missed; multi/extra,You missed 1 right option. | 1 of your picks is wrong.');
    expect(rows).toContain('2,Bob,m-b,2,p,poll,scored,,no answer,0,0,,,');
  });
});

/**
 * Builds a finished game's report from what the store kept of it: the room,
 * its players, every answer and the verdicts scored at each reveal. Pure:
 * the same records give the same report. The class-wide numbers (heatmap,
 * choice counts, mistakes) come from the reveal logic in engine/game/reveal.ts.
 */
import { aggregateMistakes, buildReveal } from '@/engine/game/reveal';
import { rankPlayers } from '@/engine/game/scoring';
import type { AnswerPayload, KeyView } from '@/engine/protocol';
import type { RuntimePack, RuntimeQuestion } from '@/engine/quiz/runtime';
import type { AnswerRecord, PlayerRecord, RoomRecord } from '../store/types';
import {
  DISTRIBUTION_ROWS,
  REPORT_MISTAKES,
  REPORT_VERSION,
  type DistributionRow,
  type GameReport,
  type PlayerResult,
  type PublicGameReport,
  type QuestionResultsDoc,
  type QuestionStatus,
  type ReportAnswer,
  type ReportQuestion,
  type ReportStudent,
  type ReportSummary,
  type Verdict,
} from '@/engine/reports';

/** What the store kept of one played question. */
export interface PlayedQuestion {
  readonly answers: readonly AnswerRecord[];
  /** The verdicts scored at its reveal; null when the game ended while it was open. */
  readonly results: QuestionResultsDoc | null;
}

/** Everything a report is built from. */
export interface ReportInput {
  readonly room: Pick<RoomRecord, 'id' | 'code' | 'title' | 'packId' | 'classId' | 'createdAt' | 'state'>;
  readonly pack: RuntimePack;
  /** Every player of the room (kicked ones are left out of the report). */
  readonly players: readonly PlayerRecord[];
  /** The played questions in order, from question 0 (see {@link playedQuestionCount}). */
  readonly questions: readonly PlayedQuestion[];
  /** Server time the game ended. */
  readonly endedAt: number;
}

/** How many of the pack's questions were opened before the game ended. */
export function playedQuestionCount(room: Pick<RoomRecord, 'state'>, pack: RuntimePack): number {
  return room.state.questionIndex < 0 ? 0 : Math.min(room.state.questionIndex + 1, pack.questions.length);
}

/** The store document id of a question's results. */
export function resultsDocId(roomId: string, questionIndex: number): string {
  return `${roomId}.${questionIndex}`;
}

/** An answer as text: a choice by its option, a highlight by its edges (sorted, once each). */
export function answerText(answer: AnswerPayload | null, choices: readonly string[]): string {
  if (!answer) return '';
  switch (answer.kind) {
    case 'choice':
      return choices[answer.index] ?? `option ${answer.index + 1}`;
    case 'count':
      return answer.value.trim();
    case 'expression':
    case 'formula':
    case 'numeric':
      return answer.text.trim().replace(/\s+/gu, ' ');
    case 'highlight':
      return [...new Set(answer.edges)].sort().join(' ');
    case 'multi':
      return [...new Set(answer.indices)].sort((a, b) => a - b).map((i) => choices[i] ?? `option ${i + 1}`).join('; ');
  }
}

/** Question types whose distribution is one row per option. */
const OPTION_TYPES: ReadonlySet<RuntimeQuestion['type']> = new Set(['choice', 'truefalse', 'poll', 'multi']);

const verdictOf = (correct: boolean, credit: number, poll: boolean): Verdict =>
  poll ? 'voted' : correct ? 'correct' : credit > 0 ? 'partial' : 'wrong';

const mean = (values: readonly number[]): number | null =>
  values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;

function statusOf(results: QuestionResultsDoc | null): QuestionStatus {
  if (!results) return 'unscored';
  return results.closedBy === 'skipped' ? 'skipped' : 'scored';
}

function distributionOf(q: RuntimeQuestion, choices: readonly string[], answers: readonly AnswerRecord[], key: KeyView) {
  if (OPTION_TYPES.has(q.type)) {
    // One row per option: how many students picked it (a multi-select answer counts once for each of its picks).
    const counts = choices.map(() => 0);
    let other = 0;
    for (const a of answers) {
      const picks = a.answer.kind === 'choice' ? [a.answer.index] : a.answer.kind === 'multi' ? [...new Set(a.answer.indices)] : [];
      const known = picks.filter((i) => i < counts.length);
      if (known.length === 0) other++;
      for (const i of known) counts[i] = (counts[i] ?? 0) + 1;
    }
    const right = new Set(key.choiceIndices ?? (key.choiceIndex === null ? [] : [key.choiceIndex]));
    const rows: DistributionRow[] = choices.map((label, i) => ({ label, count: counts[i] ?? 0, correct: right.has(i) }));
    return { rows, other };
  }
  const groups = new Map<string, { count: number; correct: boolean; first: number }>();
  answers.forEach((a, i) => {
    const label = answerText(a.answer, choices);
    const g = groups.get(label);
    if (g) g.count++;
    else groups.set(label, { count: 1, correct: a.correct, first: i });
  });
  const sorted = [...groups.entries()].sort((x, y) => y[1].count - x[1].count || x[1].first - y[1].first);
  const rows: DistributionRow[] = sorted.slice(0, DISTRIBUTION_ROWS).map(([label, g]) => ({ label, count: g.count, correct: g.correct }));
  const other = sorted.slice(DISTRIBUTION_ROWS).reduce((n, [, g]) => n + g.count, 0);
  return { rows, other };
}

/** Students' report rows built per step of {@link buildReportInSteps}. */
export const REPORT_STUDENTS_PER_STEP = 250;

/**
 * Builds the report of a finished (or ended) game.
 * @example buildReport({ room, pack, players, questions: [{ answers, results }], endedAt }).students[0]?.answers[0]?.points
 */
export function buildReport(input: ReportInput): GameReport {
  const steps = buildReportInSteps(input);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link buildReport} one piece at a time: it pauses (yields) after each question and after every
 * {@link REPORT_STUDENTS_PER_STEP} students' rows, so a caller can give the event loop a turn in between. A big
 * lecture's whole report in one call was a stall of ~100 ms at 2,000 students.
 */
export function* buildReportInSteps(input: ReportInput): Generator<void, GameReport, void> {
  const { room, pack } = input;
  const active = input.players.filter((p) => !p.kicked);
  const activeIds = new Set(active.map((p) => p.id));
  const played = Math.min(input.questions.length, pack.questions.length);

  const answersBy: Map<string, AnswerRecord>[] = [];
  const resultsBy: Map<string, PlayerResult>[] = [];
  const questions: ReportQuestion[] = [];
  for (let i = 0; i < played; i++) {
    const q = pack.questions[i] as RuntimeQuestion;
    const stored = input.questions[i] as PlayedQuestion;
    const answers = stored.answers.filter((a) => activeIds.has(a.playerId));
    answersBy.push(new Map(answers.map((a) => [a.playerId, a])));
    const results = stored.results?.results.filter((r) => activeIds.has(r.playerId)) ?? null;
    resultsBy.push(new Map((results ?? []).map((r) => [r.playerId, r])));
    const view = q.view(i, 0);
    const key = q.key(0);
    // Without results (ended while open) everyone who had joined by the time it opened took part.
    const openedAt = room.state.openedAt ?? input.endedAt;
    const players = results ? results.length : active.filter((p) => p.joinedAt <= openedAt || answersBy[i]?.has(p.id)).length;
    const reveal = buildReveal({ questionIndex: i, key, explanation: q.explanation, choiceCount: view.choices.length, players, answers });
    const { rows, other } = distributionOf(q, view.choices, answers, key);
    const poll = q.type === 'poll';
    questions.push({
      index: i,
      id: q.id,
      type: q.type,
      prompt: view.prompt,
      network: view.network,
      target: view.target,
      choices: view.choices,
      timeLimitMs: q.timeLimitMs,
      multiplier: stored.results?.multiplier ?? q.multiplier,
      hasVariants: q.hasVariants,
      status: statusOf(stored.results),
      key,
      explanation: q.explanation,
      players,
      answered: reveal.answered,
      correct: reveal.correct,
      partial: reveal.partial,
      // A poll has no right answer, so no rate (it is left out of the game's average).
      correctRate: players > 0 && !poll ? reveal.correct / players : null,
      averageResponseMs: mean(answers.map((a) => a.responseMs)),
      distribution: rows,
      otherAnswers: other,
      choiceCounts: reveal.choiceCounts,
      heatmap: reveal.heatmap,
      mistakes: aggregateMistakes(answers, REPORT_MISTAKES),
    });
    yield;
  }

  const ranking = rankPlayers(active.map((p) => ({ playerId: p.id, nickname: p.nickname, score: p.score })));
  const byId = new Map(active.map((p) => [p.id, p]));
  const students: ReportStudent[] = [];
  for (const r of ranking) {
    if (students.length > 0 && students.length % REPORT_STUDENTS_PER_STEP === 0) yield;
    const p = byId.get(r.playerId) as PlayerRecord;
    const answers: ReportAnswer[] = questions.map((q, i) => {
      const a = answersBy[i]?.get(p.id) ?? null;
      const res = resultsBy[i]?.get(p.id) ?? null;
      const openedAt = room.state.openedAt ?? input.endedAt;
      const present = q.status === 'unscored' ? p.joinedAt <= openedAt || a !== null : res !== null || a !== null;
      const verdict: Verdict = a ? verdictOf(a.correct, a.credit, q.type === 'poll') : present ? 'none' : 'absent';
      return {
        questionIndex: i,
        questionId: q.id,
        verdict,
        answer: a?.answer ?? null,
        answerText: answerText(a?.answer ?? null, q.choices),
        read: a?.read ?? null,
        credit: a?.credit ?? 0,
        notes: a?.notes ?? [],
        key: res?.key ?? null,
        points: res?.points ?? 0,
        streak: res?.streak ?? null,
        responseMs: a?.responseMs ?? null,
      };
    });
    const count = (v: Verdict) => answers.filter((a) => a.verdict === v).length;
    students.push({
      playerId: p.id,
      memberId: p.memberId,
      nickname: p.nickname,
      rank: r.rank,
      score: p.score,
      correct: count('correct'),
      partial: count('partial'),
      wrong: count('wrong'),
      unanswered: count('none'),
      averageResponseMs: mean(answers.flatMap((a) => (a.responseMs === null ? [] : [a.responseMs]))),
      answers,
    });
  }

  const last = questions[questions.length - 1];
  return {
    reportVersion: REPORT_VERSION,
    roomId: room.id,
    code: room.code,
    title: room.title,
    packId: room.packId,
    classId: room.classId,
    createdAt: room.createdAt,
    endedAt: input.endedAt,
    endedEarly: !(played === pack.questions.length && last !== undefined && last.status !== 'unscored'),
    scoring: room.state.settings.scoring,
    questionCount: pack.questions.length,
    leaderboard: students.map((s) => ({ rank: s.rank, nickname: s.nickname, score: s.score })),
    questions,
    students,
    playerTokenHashes: Object.fromEntries(active.map((p) => [p.id, p.tokenHash])),
  };
}

/** Rows of the summary's game leaderboard. */
export const SUMMARY_LEADERS = 3;

/** The index entry of a report (see {@link ReportSummary}). */
export function summarizeReport(report: GameReport): ReportSummary {
  const rates = report.questions.filter((q) => q.status === 'scored' && q.correctRate !== null).map((q) => q.correctRate as number);
  return {
    roomId: report.roomId,
    code: report.code,
    title: report.title,
    classId: report.classId,
    createdAt: report.createdAt,
    endedAt: report.endedAt,
    endedEarly: report.endedEarly,
    questionCount: report.questionCount,
    questionsPlayed: report.questions.length,
    players: report.students.length,
    correctRate: mean(rates),
    leaders: report.leaderboard.slice(0, SUMMARY_LEADERS),
    members: report.students.flatMap((s) => (s.memberId ? [{ memberId: s.memberId, nickname: s.nickname, score: s.score }] : [])),
  };
}

/** The report without what only the server needs (the token hashes). */
export function publicReport(report: GameReport): PublicGameReport {
  const { playerTokenHashes: _hashes, ...rest } = report;
  return rest;
}

/** True when a stored report has the shape this module writes (older ones are skipped). */
export function isGameReport(value: unknown): value is GameReport {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return r.reportVersion === REPORT_VERSION && Array.isArray(r.questions) && Array.isArray(r.students) && typeof r.roomId === 'string';
}

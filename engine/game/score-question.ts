/**
 * Scoring a closed question, as one pure step: every student's points and
 * streak by the rule in docs/SCORING.md, their verdict, the new ranking, who
 * is just ahead of whom, and the top of the leaderboard. The server stores
 * what this returns; nothing here reads a clock or a store.
 */
import type { AnswerPayload, KeyView, LeaderRow, NoteView, QuestionType, ResultView } from '../protocol';
import { rankPlayers, scoreAnswer, scoreMissing } from './scoring';

/**
 * False for a question type that never scores: a poll has no right answer, so
 * it awards no points and leaves every streak as it was, whatever its
 * multiplier. The server scores a question with `scoring: room scoring && questionScores(type)`.
 * @example questionScores('poll') // false
 */
export function questionScores(type: QuestionType): boolean {
  return type !== 'poll';
}

/** Rows on the leaderboard everyone sees. */
export const LEADERS_SHOWN = 5;

/** What scoring needs of a student's seat (the server's player record has more). */
export interface ScoredSeat {
  readonly id: string;
  readonly nickname: string;
  readonly kicked: boolean;
  readonly score: number;
  readonly streak: number;
  readonly correctCount: number;
  readonly rank: number | null;
  readonly previousRank: number | null;
  /** Index of the last question folded into `score`: scoring a question twice changes nothing. */
  readonly scoredThrough: number;
  readonly lastResult: ResultView | null;
  readonly ahead: { readonly nickname: string; readonly score: number } | null;
}

/** A graded answer to the closed question, as scoring needs it. */
export interface ScoredAnswer {
  readonly playerId: string;
  readonly responseMs: number;
  readonly answer: AnswerPayload;
  readonly credit: number;
  readonly correct: boolean;
  readonly read: { text: string; latex: string } | null;
  readonly notes: readonly NoteView[];
}

/** The closed question and the room's rules for it. */
export interface ClosedQuestion<S extends ScoredSeat> {
  readonly questionIndex: number;
  readonly limitMs: number;
  /** The multiplier the question closed with (0 when skipped). */
  readonly multiplier: number;
  /** False in a practice room. */
  readonly scoring: boolean;
  readonly seats: readonly S[];
  readonly answers: readonly ScoredAnswer[];
  /** The key of a student's own variant, or null when the question has no variants. */
  readonly keyFor: (playerId: string) => KeyView | null;
}

/** Everything scoring a question changes. */
export interface ScoredQuestion<S extends ScoredSeat> {
  /** Every seat still in the game, re-ranked, best first. */
  readonly seats: S[];
  /** Each answering or silent student's verdict on this question. */
  readonly results: (ResultView & { readonly playerId: string })[];
  readonly leaders: LeaderRow[];
}

/**
 * Scores question `questionIndex` for every seat not yet scored for it.
 * Ties share a rank; the player "just ahead" of a student is the nearest one
 * with a strictly higher score, so everyone in a tie sees the same player ahead.
 * @example scoreQuestion({ questionIndex: 0, limitMs: 20000, multiplier: 1, scoring: true, seats, answers, keyFor: () => null })
 */
export function scoreQuestion<S extends ScoredSeat>(q: ClosedQuestion<S>): ScoredQuestion<S> {
  const idx = q.questionIndex;
  const byPlayer = new Map(q.answers.map((a) => [a.playerId, a]));
  const fresh = new Set<string>();
  const scored = q.seats
    .filter((seat) => !seat.kicked)
    .map((seat): S => {
      if (seat.scoredThrough >= idx) return seat;
      fresh.add(seat.id);
      const a = byPlayer.get(seat.id);
      const s = a
        ? scoreAnswer({ credit: a.credit, responseMs: a.responseMs, limitMs: q.limitMs, multiplier: q.multiplier, streakBefore: seat.streak, scoring: q.scoring })
        : scoreMissing(seat.streak, q.multiplier, q.scoring);
      const result: ResultView = {
        questionIndex: idx,
        answered: Boolean(a),
        correct: a?.correct ?? false,
        credit: a?.credit ?? 0,
        points: s.points,
        streak: s.streak,
        read: a?.read ?? null,
        notes: a?.notes ?? [],
        answer: a?.answer ?? null,
        key: q.keyFor(seat.id),
      };
      return {
        ...seat,
        score: seat.score + s.points,
        streak: s.streak,
        correctCount: seat.correctCount + (a?.correct ? 1 : 0),
        scoredThrough: idx,
        lastResult: result,
      };
    });
  const byId = new Map(scored.map((seat) => [seat.id, seat]));
  const ranking = rankPlayers(scored.map((seat) => ({ playerId: seat.id, nickname: seat.nickname, score: seat.score })));
  // The nearest strictly higher score is the last seat of the group of scores just above.
  let groupScore = Number.POSITIVE_INFINITY;
  let lastOfGroupAbove: S | undefined;
  let lastSeen: S | undefined;
  const seats = ranking.map((r) => {
    const seat = byId.get(r.playerId) as S;
    if (seat.score !== groupScore) {
      lastOfGroupAbove = lastSeen;
      groupScore = seat.score;
    }
    lastSeen = seat;
    return {
      ...seat,
      previousRank: fresh.has(seat.id) ? seat.rank : seat.previousRank,
      rank: r.rank,
      ahead: lastOfGroupAbove ? { nickname: lastOfGroupAbove.nickname, score: lastOfGroupAbove.score } : null,
    };
  });
  const results = seats.flatMap((seat) => (seat.lastResult?.questionIndex === idx ? [{ ...seat.lastResult, playerId: seat.id }] : []));
  const leaders = seats.slice(0, LEADERS_SHOWN).map((seat) => ({ rank: seat.rank as number, nickname: seat.nickname, score: seat.score }));
  return { seats, results, leaders };
}

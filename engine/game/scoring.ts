/**
 * Scoring (documented in docs/SCORING.md): Kahoot's published rule. A correct
 * answer earns `round(points × (1 − (t/T)/2))` — at least half for any correct
 * answer — times the question's multiplier, times the partial-credit score;
 * consecutive fully correct answers add a streak bonus.
 */

/** Points for an instant, fully correct answer at ×1. */
export const BASE_POINTS = 1000;
/** Streak bonus per consecutive correct answer after the first. */
export const STREAK_STEP = 100;
/** Largest streak bonus. */
export const STREAK_CAP = 500;

/** One graded answer, as scoring sees it. */
export interface ScoringInput {
  /** Partial-credit score from the checker, in [0, 1]; 1 means correct. */
  readonly credit: number;
  /** Milliseconds from the question opening to the answer arriving (server clock). */
  readonly responseMs: number;
  /** The question's time limit in milliseconds. */
  readonly limitMs: number;
  /** The question's multiplier (0, 1 or 2). */
  readonly multiplier: number;
  /** The player's streak of consecutive correct answers before this question. */
  readonly streakBefore: number;
  /** False in a practice room. */
  readonly scoring: boolean;
}

/** Points awarded and the player's streak afterwards. */
export interface ScoringResult {
  readonly points: number;
  readonly basePoints: number;
  readonly streakBonus: number;
  readonly streak: number;
}

/** The time factor `1 − (t/T)/2`, clamped to [0.5, 1]. */
export function timeFactor(responseMs: number, limitMs: number): number {
  if (limitMs <= 0) return 1;
  const ratio = Math.min(Math.max(responseMs / limitMs, 0), 1);
  return 1 - ratio / 2;
}

/**
 * Scores one answer. A question with multiplier 0 or a practice room scores
 * nothing and leaves the streak as it was.
 * @example scoreAnswer({ credit: 1, responseMs: 0, limitMs: 20000, multiplier: 1, streakBefore: 0, scoring: true }).points // 1000
 */
export function scoreAnswer(input: ScoringInput): ScoringResult {
  if (!input.scoring || input.multiplier === 0) {
    return { points: 0, basePoints: 0, streakBonus: 0, streak: input.streakBefore };
  }
  const credit = Math.min(Math.max(input.credit, 0), 1);
  const correct = credit === 1;
  const basePoints =
    credit > 0 ? Math.round(BASE_POINTS * timeFactor(input.responseMs, input.limitMs) * input.multiplier * credit) : 0;
  const streak = correct ? input.streakBefore + 1 : 0;
  const streakBonus = correct ? Math.min(STREAK_STEP * (streak - 1), STREAK_CAP) : 0;
  return { points: basePoints + streakBonus, basePoints, streakBonus, streak };
}

/** No answer at all: no points, streak broken (unless the question did not count). */
export function scoreMissing(streakBefore: number, multiplier: number, scoring: boolean): ScoringResult {
  const counts = scoring && multiplier > 0;
  return { points: 0, basePoints: 0, streakBonus: 0, streak: counts ? 0 : streakBefore };
}

/** One row of a ranking. */
export interface Ranked {
  readonly playerId: string;
  readonly score: number;
  readonly rank: number;
}

/**
 * Ranks players by score, highest first; equal scores share a rank
 * (1, 2, 2, 4); ties are listed by nickname for a stable order.
 */
export function rankPlayers(players: readonly { playerId: string; nickname: string; score: number }[]): Ranked[] {
  const sorted = [...players].sort((a, b) => b.score - a.score || a.nickname.localeCompare(b.nickname));
  const ranked: Ranked[] = [];
  sorted.forEach((p, i) => {
    const prev = ranked[i - 1];
    const rank = prev && prev.score === p.score ? prev.rank : i + 1;
    ranked.push({ playerId: p.playerId, score: p.score, rank });
  });
  return ranked;
}

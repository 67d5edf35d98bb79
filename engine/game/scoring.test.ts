import { describe, expect, it } from 'vitest';
import { rankPlayers, scoreAnswer, scoreMissing, timeFactor } from './scoring';

const base = { credit: 1, responseMs: 0, limitMs: 20_000, multiplier: 1, streakBefore: 0, scoring: true };

describe('scoreAnswer (docs/SCORING.md)', () => {
  it.each([
    [{ ...base }, 1000, 1],
    [{ ...base, responseMs: 2000 }, 950, 1],
    [{ ...base, responseMs: 10_000, streakBefore: 1 }, 850, 2],
    [{ ...base, responseMs: 10_000, streakBefore: 1, multiplier: 2 }, 1600, 2],
    [{ ...base, responseMs: 4000, streakBefore: 2, credit: 0.5 }, 450, 0],
    [{ ...base, credit: 0, streakBefore: 3 }, 0, 0],
    [{ ...base, responseMs: 99_000 }, 500, 1],
    [{ ...base, streakBefore: 10 }, 1500, 11],
  ])('%j → %i points, streak %i', (input, points, streak) => {
    const r = scoreAnswer(input);
    expect(r.points).toBe(points);
    expect(r.streak).toBe(streak);
  });

  it('awards nothing at ×0 or in a practice room, and keeps the streak', () => {
    expect(scoreAnswer({ ...base, multiplier: 0, streakBefore: 2 })).toMatchObject({ points: 0, streak: 2 });
    expect(scoreAnswer({ ...base, scoring: false, streakBefore: 2 })).toMatchObject({ points: 0, streak: 2 });
    expect(scoreMissing(3, 1, true).streak).toBe(0);
    expect(scoreMissing(3, 0, true).streak).toBe(3);
  });

  it('clamps the time factor to [0.5, 1]', () => {
    expect(timeFactor(-5, 100)).toBe(1);
    expect(timeFactor(500, 100)).toBe(0.5);
  });
});

describe('rankPlayers', () => {
  it('shares ranks on ties and orders ties by nickname', () => {
    const ranked = rankPlayers([
      { playerId: 'a', nickname: 'Zoe', score: 10 },
      { playerId: 'b', nickname: 'Ann', score: 30 },
      { playerId: 'c', nickname: 'Bea', score: 10 },
      { playerId: 'd', nickname: 'Cal', score: 5 },
    ]);
    expect(ranked).toEqual([
      { playerId: 'b', score: 30, rank: 1 },
      { playerId: 'c', score: 10, rank: 2 },
      { playerId: 'a', score: 10, rank: 2 },
      { playerId: 'd', score: 5, rank: 4 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { nextStep, type NextStep } from './next-step';
import { PHASES, initialRoomState, reduce, type Phase, type ReduceContext, type RoomState } from './phases';

const ctx: ReduceContext = { question: () => ({ timeLimitMs: 10_000, multiplier: 1 }) };

describe('nextStep', () => {
  it.each<[Phase, number, number, boolean, NextStep | null]>([
    ['reveal', 0, 3, true, 'leaderboard'],
    ['reveal', 0, 3, false, 'question'],
    ['reveal', 2, 3, true, 'final'],
    ['reveal', 2, 3, false, 'final'],
    ['leaderboard', 0, 3, true, 'question'],
    ['leaderboard', 1, 3, false, 'question'],
    ['leaderboard', 2, 3, true, 'final'],
    ['reveal', 0, 1, true, 'final'],
    ['lobby', -1, 3, true, null],
    ['question', 0, 3, true, null],
    ['final', 2, 3, true, null],
  ])('%s at question %i of %i (leaderboard shown: %s) → %s', (phase, questionIndex, questionCount, showLeaderboard, expected) => {
    expect(nextStep({ phase, questionIndex, questionCount, showLeaderboard })).toBe(expected);
  });

  it("names the phase the reducer's next moves to, in every phase, question and setting", () => {
    let checked = 0;
    for (const phase of PHASES) {
      for (const questionCount of [1, 2, 4]) {
        for (let questionIndex = -1; questionIndex < questionCount; questionIndex++) {
          for (const showLeaderboard of [true, false]) {
            const base = initialRoomState(questionCount, { scoring: true, autoAdvance: false, showLeaderboard, locked: false });
            const state: RoomState = { ...base, phase, questionIndex };
            const result = reduce(state, { type: 'next' }, 1000, ctx);
            const step = nextStep({ phase, questionIndex, questionCount, showLeaderboard });
            expect(result.ok ? result.state.phase : null).toBe(step);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(PHASES.length * (2 + 3 + 5) * 2);
  });
});

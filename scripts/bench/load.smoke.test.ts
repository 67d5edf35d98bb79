/**
 * CI smoke run of the load benchmark: 200 students, 2 rounds, embedded
 * store, the app in its own process. Fails on any failed join, refused
 * answer, or lost, duplicated or unexpected message — never on timings.
 */
import { expect, it } from 'vitest';
import { DEFAULTS, runLoad } from './load/run';

/** Students in the smoke run. */
const STUDENTS = 200;

it(
  `${STUDENTS} students in one room for 2 rounds: every join, answer and message arrives exactly once`,
  async () => {
    const result = await runLoad({ ...DEFAULTS, students: STUDENTS, rounds: 2, server: 'bare', spreadMs: 1000, log: () => undefined });
    expect(result.errors).toEqual([]);
    expect(result.join).toMatchObject({ joined: STUDENTS, failed: 0 });
    expect(result.messages).toMatchObject({ lost: 0, duplicated: 0, unexpected: 0 });
    // The locked lobby; question, reveal, verdict and leaderboard per question (none after the last); the final screen.
    expect(result.messages.expectedPerStudent).toBe(1 + 4 * 4 - 1 + 1);
    expect(result.ack.refused).toBe(0);
    expect(result.ack.spread.n + result.ack.burst.n).toBe(STUDENTS * 4);
    expect(result.fanout.question.n).toBe(STUDENTS * 4);
    expect(result.fanout.verdict.n).toBe(STUDENTS * 4);
  },
  120_000,
);

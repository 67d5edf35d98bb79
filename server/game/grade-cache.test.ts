import { describe, expect, it } from 'vitest';
import type { AnswerPayload } from '@/engine/protocol';
import type { GradeResult, RuntimeQuestion } from '@/engine/quiz/runtime';
import { choicePack } from '../test-support/packs';
import { GRADE_CACHE_MAX_KEY, GradeCache } from './grade-cache';

/** Wraps a question so its grade calls are counted. */
function counted(q: RuntimeQuestion, hasVariants = q.hasVariants): { q: RuntimeQuestion; calls: () => number } {
  let calls = 0;
  const wrapped: RuntimeQuestion = {
    ...q,
    hasVariants,
    view: (i, seed) => q.view(i, seed),
    key: (seed) => q.key(seed),
    grade: (answer: AnswerPayload, seed: number): GradeResult => {
      calls++;
      return q.grade(answer, seed);
    },
  };
  return { q: wrapped, calls: () => calls };
}

describe('GradeCache', () => {
  const [base, other] = choicePack(2).questions as [RuntimeQuestion, RuntimeQuestion];

  it('grades the same answer to the same question once and shares the verdict', () => {
    const cache = new GradeCache();
    const { q, calls } = counted(base);
    const a = cache.grade(q, { kind: 'choice', index: 1 }, 11);
    const b = cache.grade(q, { kind: 'choice', index: 1 }, 22);
    expect(b).toBe(a);
    expect(a.correct).toBe(true);
    expect(calls()).toBe(1);
    expect(cache.grade(q, { kind: 'choice', index: 0 }, 11).correct).toBe(false);
    expect(calls()).toBe(2);
  });

  it('never shares verdicts between questions, nor for per-student variants or very long answers', () => {
    const cache = new GradeCache();
    const one = counted(base);
    const two = counted(other);
    cache.grade(one.q, { kind: 'choice', index: 1 }, 0);
    cache.grade(two.q, { kind: 'choice', index: 1 }, 0);
    expect([one.calls(), two.calls()]).toEqual([1, 1]);

    const variants = counted(base, true);
    cache.grade(variants.q, { kind: 'choice', index: 1 }, 1);
    cache.grade(variants.q, { kind: 'choice', index: 1 }, 1);
    expect(variants.calls()).toBe(2);

    const long = { kind: 'expression', text: 'x'.repeat(GRADE_CACHE_MAX_KEY) } as const;
    cache.grade(one.q, long, 0);
    cache.grade(one.q, long, 0);
    expect(one.calls()).toBe(3);
  });
});

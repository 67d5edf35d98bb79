import type { AnswerPayload } from '@/engine/protocol';
import { createLru, type Lru } from '@/engine/quiz/lru';
import type { GradeResult, RuntimeQuestion } from '@/engine/quiz/runtime';

/** Verdicts kept per process (least recently used dropped first). */
export const GRADE_CACHE_SIZE = 4096;
/** Longer answers (as JSON) are graded every time, so the cache stays small. */
export const GRADE_CACHE_MAX_KEY = 1024;

/**
 * Grading is pure and a class sends the same answer many times (the phone's
 * chips write a derivative the same way for everyone), so a question's
 * verdict on an answer is computed once and shared. Questions with
 * per-student variants are graded every time: each student has their own key.
 */
export class GradeCache {
  private readonly verdicts: Lru<string, GradeResult> = createLru(GRADE_CACHE_SIZE);
  /** A number per question object, so a re-uploaded pack never reuses its old verdicts. */
  private readonly ids = new WeakMap<RuntimeQuestion, number>();
  private nextId = 0;

  grade(question: RuntimeQuestion, answer: AnswerPayload, variantSeed: number): GradeResult {
    if (question.hasVariants) return question.grade(answer, variantSeed);
    const json = JSON.stringify(answer);
    if (json.length > GRADE_CACHE_MAX_KEY) return question.grade(answer, variantSeed);
    let id = this.ids.get(question);
    if (id === undefined) this.ids.set(question, (id = this.nextId++));
    const key = `${id}:${json}`;
    const cached = this.verdicts.get(key);
    if (cached) return cached;
    const verdict = question.grade(answer, variantSeed);
    this.verdicts.set(key, verdict);
    return verdict;
  }
}

/**
 * A quiz pack ready to play: each question knows how students see it, how
 * to grade an answer and what its key is. The server only talks to this
 * interface; packs (engine/quiz/pack.ts) compile into it.
 */
import type { Multiplier } from '../game/phases';
import type { AnswerPayload, KeyView, NoteView, PublicQuestion, QuestionType } from '../protocol';

/** The verdict on one answer. */
export interface GradeResult {
  readonly correct: boolean;
  /** Partial credit in [0, 1]; 1 exactly when correct. */
  readonly credit: number;
  /** What the engine read, for "we read your answer as …". */
  readonly read: { text: string; latex: string } | null;
  readonly notes: readonly NoteView[];
}

/** One playable question. `variantSeed` picks a student's own variant when the question has them. */
export interface RuntimeQuestion {
  readonly id: string;
  readonly type: QuestionType;
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  /** True when each student gets their own variant (seeded by room and player). */
  readonly hasVariants: boolean;
  readonly explanation: string | null;
  /** The question as a student with this seed sees it (no key). */
  view(index: number, variantSeed: number): PublicQuestion;
  /** Grades an answer against the key of this seed's variant. Never throws. */
  grade(answer: AnswerPayload, variantSeed: number): GradeResult;
  /** The key of this seed's variant, for the reveal. */
  key(variantSeed: number): KeyView;
}

/** A compiled pack. */
export interface RuntimePack {
  readonly id: string;
  readonly title: string;
  readonly questions: readonly RuntimeQuestion[];
}

/** The verdict for an answer of the wrong kind for its question. */
export function wrongKind(expected: QuestionType, got: AnswerPayload['kind']): GradeResult {
  return {
    correct: false,
    credit: 0,
    read: null,
    notes: [{ code: 'answer/wrong-kind', message: `This question takes a ${expected} answer, not a ${got} answer.` }],
  };
}

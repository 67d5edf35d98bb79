/**
 * A quiz pack ready to play: each question knows how students see it, how
 * to grade an answer and what its key is. The server only talks to this
 * interface; packs (engine/quiz/pack.ts) compile into it.
 */
import type { Multiplier } from '../game/phases';
import { NOTE_CODES, UNGRADED_CODES } from '../expr/notes';
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

/**
 * Note codes that mean the answer was not read, so it is bounced back to the
 * student without penalty and nothing is recorded: a parse problem, an answer
 * of the wrong kind, an option (also a multi-select pick) or an edge that does not exist.
 */
export const UNREADABLE_CODES: ReadonlySet<string> = new Set<string>([
  ...UNGRADED_CODES,
  'answer/wrong-kind',
  'answer/ungradable',
  'choice/unknown',
  NOTE_CODES.highlightUnknownEdge,
]);

/**
 * The note that makes a verdict unreadable, or null when the answer was graded.
 * @example unreadableNote(question.grade({ kind: 'count', value: 'two' }, 0))?.code // 'parse/error'
 */
export function unreadableNote(verdict: GradeResult): NoteView | null {
  return verdict.notes.find((n) => UNREADABLE_CODES.has(n.code)) ?? null;
}

/**
 * An answer as it is stored once read: highlighted edges trimmed and each
 * listed once, so class-wide counts only ever see the network's own ids.
 */
export function normaliseAnswer(answer: AnswerPayload): AnswerPayload {
  // Multi-select picks: each option once, ascending.
  if (answer.kind === 'multi') return { kind: 'multi', indices: [...new Set(answer.indices)].sort((a, b) => a - b) };
  if (answer.kind !== 'highlight') return answer;
  return { kind: 'highlight', edges: [...new Set(answer.edges.map((e) => e.trim()))] };
}

/**
 * The other option-based question types: multi-select (every right option
 * must be picked, partial credit by {@link multiSelectCredit}), true/false
 * (a two-option choice whose key is typed as a boolean) and polls (options
 * with no right answer, which score nothing). Grading is in docs/GRADING.md.
 */
import type { Multiplier } from '../game/phases';
import type { GradeResult, RuntimeQuestion } from './runtime';
import { wrongKind } from './runtime';
import type { PublicQuestion } from '../protocol';

/** The options of a true/false question, in this order (index 0 is "True"). */
export const TRUE_FALSE_CHOICES: readonly string[] = Object.freeze(['True', 'False']);

/** Note codes of multi-select grading. */
export const MULTI_NOTE_CODES = {
  missed: 'multi/missed',
  extra: 'multi/extra',
} as const;

/** What a pack says about an option-based question (the fields every kind shares). */
interface OptionSpec {
  readonly id: string;
  readonly prompt: string;
  readonly choices: readonly string[];
  readonly timeLimitMs: number;
  readonly explanation: string | null;
  /** A network to show as a figure (interchange form); null for none. */
  readonly network: unknown;
}

/** A multi-select question as a pack describes it. */
export interface MultiSpec extends OptionSpec {
  /** Indices of every right option (at least one). */
  readonly answers: readonly number[];
  readonly multiplier: Multiplier;
}

/** A true/false question as a pack describes it. */
export interface TrueFalseSpec extends Omit<OptionSpec, 'choices'> {
  readonly answer: boolean;
  readonly multiplier: Multiplier;
}

/** A poll as a pack describes it (it has no key and no multiplier). */
export type PollSpec = OptionSpec;

function viewOf(spec: OptionSpec, type: PublicQuestion['type'], multiplier: Multiplier) {
  return (index: number): PublicQuestion => ({
    index,
    id: spec.id,
    type,
    prompt: spec.prompt,
    network: spec.network ?? null,
    target: null,
    params: [],
    counts: null,
    formula: null,
    choices: spec.choices,
    timeLimitMs: spec.timeLimitMs,
    multiplier,
  });
}

const unknownOption: GradeResult = {
  correct: false,
  credit: 0,
  read: null,
  notes: [{ code: 'choice/unknown', message: 'That option does not exist.' }],
};

/**
 * Partial credit of a multi-select answer: the right options picked minus
 * the wrong ones picked, over the number of right options, never below 0.
 * Picking every option therefore earns nothing unless every option is right.
 * @example multiSelectCredit([0, 2], [0, 1]) // 0: one right pick, one wrong pick
 * @example multiSelectCredit([0, 2], [0])    // 0.5
 */
export function multiSelectCredit(key: readonly number[], picked: readonly number[]): number {
  const right = new Set(key);
  const chosen = new Set(picked);
  if (right.size === 0) return 0;
  let hits = 0;
  let wrong = 0;
  for (const i of chosen) {
    if (right.has(i)) hits++;
    else wrong++;
  }
  return Math.max(0, (hits - wrong) / right.size);
}

/** Compiles a multi-select question. @example multiSelectQuestion({ id: 'm', prompt: 'Which?', choices: ['a', 'b', 'c'], answers: [0, 2], timeLimitMs: 30000, multiplier: 1, explanation: null, network: null }) */
export function multiSelectQuestion(spec: MultiSpec): RuntimeQuestion {
  const key = [...new Set(spec.answers)].sort((a, b) => a - b);
  const keyText = key.map((i) => spec.choices[i] ?? '').join('; ');
  return {
    id: spec.id,
    type: 'multi',
    timeLimitMs: spec.timeLimitMs,
    multiplier: spec.multiplier,
    hasVariants: false,
    explanation: spec.explanation,
    view: viewOf(spec, 'multi', spec.multiplier),
    grade: (answer) => {
      if (answer.kind !== 'multi') return wrongKind('multi', answer.kind);
      const picked = [...new Set(answer.indices)].sort((a, b) => a - b);
      if (picked.some((i) => i >= spec.choices.length)) return unknownOption;
      const right = new Set(key);
      const missed = key.filter((i) => !picked.includes(i)).length;
      const extra = picked.filter((i) => !right.has(i)).length;
      const notes = [];
      if (missed > 0) notes.push({ code: MULTI_NOTE_CODES.missed, message: `You missed ${missed} right option${missed === 1 ? '' : 's'}.` });
      if (extra > 0) notes.push({ code: MULTI_NOTE_CODES.extra, message: `${extra} of your picks ${extra === 1 ? 'is' : 'are'} wrong.` });
      const credit = multiSelectCredit(key, picked);
      return {
        correct: missed === 0 && extra === 0,
        credit,
        read: { text: picked.map((i) => spec.choices[i] ?? '').join('; '), latex: '' },
        notes,
      };
    },
    key: () => ({ text: keyText, latex: null, edges: [], choiceIndex: null, choiceIndices: key, steps: [] }),
  };
}

/** Compiles a true/false question: a choice between {@link TRUE_FALSE_CHOICES}, answered with a `choice` payload. */
export function trueFalseQuestion(spec: TrueFalseSpec): RuntimeQuestion {
  const options = { ...spec, choices: TRUE_FALSE_CHOICES };
  const answerIndex = spec.answer ? 0 : 1;
  const keyText = TRUE_FALSE_CHOICES[answerIndex] ?? '';
  return {
    id: spec.id,
    type: 'truefalse',
    timeLimitMs: spec.timeLimitMs,
    multiplier: spec.multiplier,
    hasVariants: false,
    explanation: spec.explanation,
    view: viewOf(options, 'truefalse', spec.multiplier),
    grade: (answer) => {
      if (answer.kind !== 'choice') return wrongKind('truefalse', answer.kind);
      if (answer.index >= TRUE_FALSE_CHOICES.length) return unknownOption;
      const correct = answer.index === answerIndex;
      return {
        correct,
        credit: correct ? 1 : 0,
        read: { text: TRUE_FALSE_CHOICES[answer.index] ?? '', latex: '' },
        notes: correct ? [] : [{ code: 'choice/wrong', message: `The statement is ${keyText.toLowerCase()}.` }],
      };
    },
    key: () => ({ text: keyText, latex: null, edges: [], choiceIndex: answerIndex, steps: [] }),
  };
}

/**
 * Compiles a poll: one option per student, no right answer, multiplier 0,
 * so it never awards points or touches a streak (see `questionScores` in
 * engine/game/score-question.ts). Every read vote is graded "not correct,
 * credit 0, no notes".
 */
export function pollQuestion(spec: PollSpec): RuntimeQuestion {
  return {
    id: spec.id,
    type: 'poll',
    timeLimitMs: spec.timeLimitMs,
    multiplier: 0,
    hasVariants: false,
    explanation: spec.explanation,
    view: viewOf(spec, 'poll', 0),
    grade: (answer) => {
      if (answer.kind !== 'choice') return wrongKind('poll', answer.kind);
      if (answer.index >= spec.choices.length) return unknownOption;
      return { correct: false, credit: 0, read: { text: spec.choices[answer.index] ?? '', latex: '' }, notes: [] };
    },
    key: () => ({ text: '', latex: null, edges: [], choiceIndex: null, choiceIndices: [], steps: [] }),
  };
}

/** Multiple-choice questions: the one question type whose key is typed by hand. */
import type { Multiplier } from '../game/phases';
import type { RuntimeQuestion } from './runtime';
import { wrongKind } from './runtime';

/** What a pack says about a choice question. */
export interface ChoiceSpec {
  readonly id: string;
  readonly prompt: string;
  readonly choices: readonly string[];
  /** Index of the correct choice. */
  readonly answer: number;
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  readonly explanation: string | null;
  /** A network to show as a figure (interchange form); omitted or null for none. */
  readonly network?: unknown;
}

/** Compiles a choice question. @example choiceQuestion({ id: 'q1', prompt: '2+2?', choices: ['3', '4'], answer: 1, timeLimitMs: 20000, multiplier: 1, explanation: null }) */
export function choiceQuestion(spec: ChoiceSpec): RuntimeQuestion {
  const correctText = spec.choices[spec.answer] ?? '';
  return {
    id: spec.id,
    type: 'choice',
    timeLimitMs: spec.timeLimitMs,
    multiplier: spec.multiplier,
    hasVariants: false,
    explanation: spec.explanation,
    view: (index) => ({
      index,
      id: spec.id,
      type: 'choice',
      prompt: spec.prompt,
      network: spec.network ?? null,
      target: null,
      params: [],
      counts: null,
      formula: null,
      choices: spec.choices,
      timeLimitMs: spec.timeLimitMs,
      multiplier: spec.multiplier,
    }),
    grade: (answer) => {
      if (answer.kind !== 'choice') return wrongKind('choice', answer.kind);
      if (answer.index >= spec.choices.length) {
        return { correct: false, credit: 0, read: null, notes: [{ code: 'choice/unknown', message: 'That option does not exist.' }] };
      }
      const correct = answer.index === spec.answer;
      return {
        correct,
        credit: correct ? 1 : 0,
        read: { text: spec.choices[answer.index] ?? '', latex: '' },
        notes: correct ? [] : [{ code: 'choice/wrong', message: `The answer was “${correctText}”.` }],
      };
    },
    key: () => ({ text: correctText, latex: null, edges: [], choiceIndex: spec.answer, steps: [] }),
  };
}

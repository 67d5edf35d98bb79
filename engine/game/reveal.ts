/**
 * What the class sees when a question closes: the key, how the answers were
 * distributed, the class-wide edge heatmap and the most common mistakes.
 * Pure: built from the graded answers.
 */
import type { AnswerPayload, KeyView, NoteView, RevealView } from '../protocol';

/** How many distinct mistakes the reveal lists. */
export const TOP_MISTAKES = 5;

/** A graded answer, as the reveal needs it. */
export interface GradedAnswer {
  readonly answer: AnswerPayload;
  readonly correct: boolean;
  readonly credit: number;
  readonly notes: readonly NoteView[];
}

/** Counts note codes across answers, most common first (ties by code), with one example message each. */
export function aggregateMistakes(answers: readonly GradedAnswer[], limit = TOP_MISTAKES): RevealView['mistakes'] {
  const counts = new Map<string, { count: number; message: string }>();
  for (const a of answers) {
    // A student counts once per code, however many notes of that code they got.
    const seen = new Set<string>();
    for (const note of a.notes) {
      if (seen.has(note.code)) continue;
      seen.add(note.code);
      const entry = counts.get(note.code);
      if (entry) entry.count++;
      else counts.set(note.code, { count: 1, message: note.message });
    }
  }
  return [...counts.entries()]
    .map(([code, { count, message }]) => ({ code, count, message }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code))
    .slice(0, limit);
}

/** Builds the reveal of question `questionIndex` from its key and every graded answer. */
export function buildReveal(input: {
  questionIndex: number;
  key: KeyView;
  explanation: string | null;
  choiceCount: number;
  players: number;
  answers: readonly GradedAnswer[];
}): RevealView {
  const choiceCounts = new Array<number>(input.choiceCount).fill(0);
  const heatmap: Record<string, number> = {};
  let correct = 0;
  let partial = 0;
  for (const a of input.answers) {
    if (a.correct) correct++;
    else if (a.credit > 0) partial++;
    if (a.answer.kind === 'choice' && a.answer.index < choiceCounts.length) {
      choiceCounts[a.answer.index] = (choiceCounts[a.answer.index] ?? 0) + 1;
    }
    if (a.answer.kind === 'highlight') {
      for (const edge of new Set(a.answer.edges)) heatmap[edge] = (heatmap[edge] ?? 0) + 1;
    }
  }
  return {
    questionIndex: input.questionIndex,
    key: input.key,
    explanation: input.explanation,
    answered: input.answers.length,
    players: input.players,
    correct,
    partial,
    choiceCounts,
    heatmap,
    mistakes: aggregateMistakes(input.answers),
  };
}

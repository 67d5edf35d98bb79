/**
 * What the class sees when a question closes: the key, how the answers were
 * distributed, the class-wide edge heatmap and the most common mistakes.
 * Pure: built from the graded answers.
 */
import { NOTE_LABELS } from '../expr/notes';
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

/**
 * The class-wide label of each note code. Fixed text only: a student's own
 * note may quote what they typed, and nothing one student typed reaches the
 * projector or another phone.
 */
export const MISTAKE_LABELS: Readonly<Record<string, string>> = {
  ...NOTE_LABELS,
  'choice/wrong': 'Chose a wrong option',
  'multi/missed': 'Missed a right option',
  'multi/extra': 'Picked a wrong option',
  'choice/unknown': 'Chose an option that does not exist',
  'answer/wrong-kind': 'Answered with the wrong kind of answer',
  'answer/ungradable': 'Answer could not be graded',
};

/** The fixed class-wide label of a note code (the code itself for one without a label). */
export function mistakeLabel(code: string): string {
  return MISTAKE_LABELS[code] ?? code;
}

/**
 * Which path a note names, when the engine put one in its data (numeric
 * diagnoses: "without the path E → n_6 → n_3"). Built from the network's own
 * symbols by the engine, never from what the student typed.
 */
function notePath(note: NoteView): string | null {
  if (!PATH_CODES.has(note.code)) return null;
  const data = note.data;
  if (typeof data !== 'object' || data === null || !('path' in data)) return null;
  const path = (data as { path?: unknown }).path;
  return typeof path === 'string' && path.length <= MAX_PATH_LABEL ? path : null;
}

/** Codes whose `data.path` is the path the mistake is about (a missing or an extra one), so the class is told which. */
const PATH_CODES: ReadonlySet<string> = new Set(['path/missing', 'numeric/missing-path', 'numeric/extra-path']);

/** Longest path label kept in a class-wide mistake (longer ones fall back to the code's label alone). */
const MAX_PATH_LABEL = 200;

/**
 * Counts note codes across answers, most common first (ties by code), each
 * with its fixed label; a numeric diagnosis that names a path is counted per
 * path, so the class sees which path was left out most often.
 */
export function aggregateMistakes(answers: readonly GradedAnswer[], limit = TOP_MISTAKES): RevealView['mistakes'] {
  const counts = new Map<string, { code: string; count: number; message: string }>();
  for (const a of answers) {
    // A student counts once per mistake, however many notes of it they got.
    const seen = new Set<string>();
    for (const note of a.notes) {
      const path = notePath(note);
      const group = path ? `${note.code} ${path}` : note.code;
      if (seen.has(group)) continue;
      seen.add(group);
      const entry = counts.get(group);
      if (entry) entry.count++;
      else counts.set(group, { code: note.code, count: 1, message: path ? `${mistakeLabel(note.code)}: ${path}` : mistakeLabel(note.code) });
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code) || a.message.localeCompare(b.message))
    .slice(0, limit);
}

/**
 * A poll's votes per option: how many answers picked each of `choiceCount`
 * options (the projector's live distribution while the poll is open, and
 * its reveal).
 * @example pollVotes(3, [{ kind: 'choice', index: 1 }]) // [0, 1, 0]
 */
export function pollVotes(choiceCount: number, answers: readonly AnswerPayload[]): number[] {
  const votes = new Array<number>(choiceCount).fill(0);
  for (const a of answers) if (a.kind === 'choice' && a.index < choiceCount) votes[a.index] = (votes[a.index] ?? 0) + 1;
  return votes;
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
    if (a.answer.kind === 'multi') {
      // Each student counts once per option they picked.
      for (const i of new Set(a.answer.indices)) if (i < choiceCounts.length) choiceCounts[i] = (choiceCounts[i] ?? 0) + 1;
    }
    if (a.answer.kind === 'highlight') {
      // Answers are stored only once read, so these are the network's own edge ids (an unknown id is bounced at submit).
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

/**
 * Feedback notes: the stable codes every checker reports, the shape of a
 * verdict, and the class-wide aggregation the host console shows as "most
 * common mistakes". Codes are part of the product's vocabulary (dashboards and
 * docs/GRADING.md refer to them): add new ones, never rename.
 */

/** Every note code a checker can report, grouped by the check that produces it. */
export const NOTE_CODES = {
  parseError: 'parse/error',
  parseEmpty: 'parse/empty',
  parseAmbiguousIndex: 'parse/ambiguous-index',
  parseTooLong: 'parse/too-long',
  parseTooComplex: 'parse/too-complex',
  targetWrongLhs: 'target/wrong-lhs',
  atomIdentity: 'atom/identity',
  atomWrongDirection: 'atom/wrong-direction',
  atomNotAdjacent: 'atom/not-adjacent',
  atomNotOutput: 'atom/not-output',
  atomUnknown: 'atom/unknown',
  atomMismatchedWeight: 'atom/mismatched-weight',
  pathMissing: 'path/missing',
  termExtra: 'term/extra',
  termDuplicate: 'term/duplicate',
  termCoefficient: 'term/coefficient',
  termSign: 'term/sign',
  answerNotEquivalent: 'answer/not-equivalent',
  countOffByOne: 'count/off-by-one',
  countWrong: 'count/wrong',
  formulaOffByOne: 'formula/off-by-one',
  formulaWrongNumbering: 'formula/wrong-numbering',
  formulaWrong: 'formula/wrong',
  highlightMissingEdge: 'highlight/missing-edge',
  highlightExtraEdge: 'highlight/extra-edge',
  highlightUnknownEdge: 'highlight/unknown-edge',
  numericMissingPath: 'numeric/missing-path',
  numericExtraPath: 'numeric/extra-path',
  numericMissingGPrime: 'numeric/missing-g-prime',
  numericMissingGPrimeAll: 'numeric/missing-g-prime-all',
  numericLossFactorTwo: 'numeric/loss-factor-two',
  numericLossSign: 'numeric/loss-sign',
  numericWrongTarget: 'numeric/wrong-target',
  numericForwardForDerivative: 'numeric/forward-for-derivative',
  numericWrongFactor: 'numeric/wrong-factor',
  numericSign: 'numeric/sign',
  numericPreActivation: 'numeric/pre-activation',
  numericMissingBias: 'numeric/missing-bias',
  numericImprecise: 'numeric/imprecise',
  numericWrong: 'numeric/wrong',
  localMissingGPrime: 'local/missing-g-prime',
  localWrongGPrime: 'local/wrong-g-prime',
  localWrongWeight: 'local/wrong-weight',
  localWrongInput: 'local/wrong-input',
  localWeightInputSwapped: 'local/weight-input-swapped',
  localMissingFactor: 'local/missing-factor',
  localExtraFactor: 'local/extra-factor',
  localSumForProduct: 'local/sum-for-product',
  localCoefficient: 'local/coefficient',
  localLossFactorTwo: 'local/loss-factor-two',
  localLossSign: 'local/loss-sign',
  localWrongTarget: 'local/wrong-target',
} as const;

/** One stable note code, e.g. `path/missing`. */
export type NoteCode = (typeof NOTE_CODES)[keyof typeof NOTE_CODES];

/** Every note code as a list (for exhaustive tests and dashboards). */
export const ALL_NOTE_CODES: readonly NoteCode[] = Object.values(NOTE_CODES);

/** A one-line description of each code, for the instructor's mistake summary. */
export const NOTE_LABELS: Readonly<Record<NoteCode, string>> = {
  'parse/error': 'Answer could not be read',
  'parse/empty': 'Empty answer',
  'parse/ambiguous-index': 'Ambiguous two-digit index (needs a comma or braces)',
  'parse/too-long': 'Answer too long',
  'parse/too-complex': 'Answer nested too deeply or too large',
  'target/wrong-lhs': 'Left-hand side names a different derivative',
  'atom/identity': 'Used ∂a/∂a (always 1)',
  'atom/wrong-direction': 'Derivative upside down (∂ of the input by the output)',
  'atom/not-adjacent': 'Derivative between quantities with no edge between them',
  'atom/not-output': '∂E/∂n for a neuron that does not feed the loss',
  'atom/unknown': 'Neuron, weight or input not in the network',
  'atom/mismatched-weight': 'Weight derivative taken of the wrong neuron',
  'path/missing': 'A path from E to the target is missing',
  'term/extra': 'A term that is not a path to the target',
  'term/duplicate': 'The same path written twice',
  'term/coefficient': 'A path with a number in front of it',
  'term/sign': 'A path with a minus sign',
  'answer/not-equivalent': 'Answer not equal to the gradient',
  'count/off-by-one': 'Count off by one',
  'count/wrong': 'Wrong count',
  'formula/off-by-one': 'Formula off by one',
  'formula/wrong-numbering': 'Formula uses the other layer numbering',
  'formula/wrong': 'Wrong formula',
  'highlight/missing-edge': 'An edge that carries gradient was not highlighted',
  'highlight/extra-edge': 'Highlighted an edge on no path to the target',
  'highlight/unknown-edge': 'Highlighted something that is not an edge',
  'numeric/missing-path': 'Number: one path from E to the target left out',
  'numeric/extra-path': 'Number: a path that does not reach the target added',
  'numeric/missing-g-prime': "Number: g'(z) left out of one factor",
  'numeric/missing-g-prime-all': "Number: g'(z) left out of every factor",
  'numeric/loss-factor-two': 'Number: the factor 2 of the squared error dropped',
  'numeric/loss-sign': 'Number: (y − n) used in place of (n − y)',
  'numeric/wrong-target': "Number: another output's target y used",
  'numeric/forward-for-derivative': "Number: a forward value used in place of a derivative",
  'numeric/wrong-factor': 'Number: the wrong weight or input in a local derivative',
  'numeric/sign': 'Number: right size, wrong sign',
  'numeric/pre-activation': 'Number: z (before the activation) in place of n',
  'numeric/missing-bias': 'Number: the bias left out',
  'numeric/imprecise': 'Number: close, but not within the tolerance',
  'numeric/wrong': 'Number: wrong value, no known mistake matches',
  'local/missing-g-prime': "Local derivative: g'(z) left out",
  'local/wrong-g-prime': "Local derivative: g' of the wrong neuron",
  'local/wrong-weight': 'Local derivative: the wrong weight (indices swapped or another edge)',
  'local/wrong-input': 'Local derivative: the wrong input (the other end, or x for n)',
  'local/weight-input-swapped': 'Local derivative: a weight where an input is due, or the reverse',
  'local/missing-factor': 'Local derivative: the weight or input left out',
  'local/extra-factor': 'Local derivative: a factor that does not belong',
  'local/sum-for-product': 'Local derivative: a sum where a product is due',
  'local/coefficient': 'Local derivative: a number or sign in front that does not belong',
  'local/loss-factor-two': 'Local derivative: the factor 2 of the squared error dropped',
  'local/loss-sign': 'Local derivative: (y − n) in place of (n − y)',
  'local/wrong-target': "Local derivative: another output's target y",
};

/** A JSON-serialisable value carried in a note's `data` (bigints travel as strings). */
export type NoteValue = string | number | boolean | null | readonly NoteValue[] | { readonly [key: string]: NoteValue };

/** One piece of feedback: a stable code, a sentence for the student, and data for the UI. */
export interface Note {
  readonly code: NoteCode;
  readonly message: string;
  readonly data?: { readonly [key: string]: NoteValue };
}

/** How an answer was read, in plain text (`∂E/∂n_6 · ∂n_6/∂n_4`) and LaTeX. */
export interface ReadAs {
  readonly text: string;
  readonly latex: string;
}

/** The verdict of every checker: correctness, partial credit in [0, 1], what was read and why. */
export interface CheckResult {
  /** True only for an answer exactly equal to the key (score is then 1). */
  readonly correct: boolean;
  /** Partial credit in [0, 1]; 1 exactly when `correct`. */
  readonly score: number;
  /** The canonical rendering of what was read, or null when nothing could be read. */
  readonly read: ReadAs | null;
  /** Ordered feedback, most fundamental problem first; empty for a correct answer. */
  readonly notes: readonly Note[];
}

/** What the phone shows while a student types: the reading and parse problems only, never grading. */
export interface PreviewResult {
  readonly read: ReadAs | null;
  readonly notes: readonly Note[];
}

/** Codes that mean "we could not read this": the answer should be bounced back without penalty. */
export const UNGRADED_CODES: ReadonlySet<NoteCode> = new Set<NoteCode>([
  NOTE_CODES.parseError,
  NOTE_CODES.parseEmpty,
  NOTE_CODES.parseAmbiguousIndex,
  NOTE_CODES.parseTooLong,
  NOTE_CODES.parseTooComplex,
]);

/**
 * True when a result carries a parse note, i.e. the answer was not graded and
 * the student may fix and resend it without penalty.
 * @example isUngraded(checkCount(3n, 'three')) // true
 */
export function isUngraded(result: { readonly notes: readonly Note[] }): boolean {
  return result.notes.some((n) => UNGRADED_CODES.has(n.code));
}

/** One row of the class-wide mistake summary. */
export interface NoteSummaryRow {
  readonly code: NoteCode;
  /** How many results carried this code at least once (i.e. how many students). */
  readonly count: number;
  /** How many notes with this code there were in total. */
  readonly occurrences: number;
  /** The code's one-line description (NOTE_LABELS). */
  readonly message: string;
}

/**
 * Aggregates note codes across many students' results: one row per code,
 * counting each student once, most common first (ties by code).
 * @example summariseNotes(results)[0] // { code: 'path/missing', count: 41, occurrences: 57, message: '…' }
 */
export function summariseNotes(results: readonly { readonly notes: readonly Note[] }[]): NoteSummaryRow[] {
  const students = new Map<NoteCode, number>();
  const occurrences = new Map<NoteCode, number>();
  for (const result of results) {
    const seen = new Set<NoteCode>();
    for (const note of result.notes) {
      occurrences.set(note.code, (occurrences.get(note.code) ?? 0) + 1);
      if (!seen.has(note.code)) {
        seen.add(note.code);
        students.set(note.code, (students.get(note.code) ?? 0) + 1);
      }
    }
  }
  const rows: NoteSummaryRow[] = [];
  for (const [code, count] of students) {
    rows.push({ code, count, occurrences: occurrences.get(code) ?? count, message: NOTE_LABELS[code] });
  }
  rows.sort((a, b) => b.count - a.count || b.occurrences - a.occurrences || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return rows;
}

/** Builds a note; `data` is omitted when not given so JSON output stays small. */
export function note(code: NoteCode, message: string, data?: { readonly [key: string]: NoteValue }): Note {
  return data === undefined ? { code, message } : { code, message, data };
}

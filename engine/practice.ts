/**
 * Practice from a student's own history (docs/ASSIGNMENTS.md, "Practice"):
 * the questions they missed, again, and new questions the engine builds aimed
 * at the note codes they got most often — a missing path leads to targets
 * with several paths, a factor upside down to expressions through several
 * layers. Pure and seeded; practice never changes marks.
 */
import { mistakeLabel } from './game/reveal';
import { layeredNetwork } from './generators';
import type { Network } from './network';
import { countPaths } from './paths';
import type { KeyView, NoteView, PublicQuestion } from './protocol';
import { graphQuestion, targetProblem, type GraphQuestionType } from './quiz/graph-question';
import type { CountKind } from './quiz/explain';
import { UNREADABLE_CODES, type RuntimeQuestion } from './quiz/runtime';
import { targetDepth, targetsOfKind } from './quiz/target-facts';
import { createRng, hashSeed, type Rng } from './rng';
import type { Target } from './types';

/** What a practice question aims at. */
export const PRACTICE_FOCUSES = ['several-paths', 'several-layers', 'counting'] as const;
/** One aim. */
export type PracticeFocus = (typeof PRACTICE_FOCUSES)[number];

/**
 * The aim each mistake leads to: path mistakes (a path missing, extra or
 * twice, edges missed or extra) need targets reached by several paths; factor
 * mistakes (upside down, no edge, wrong neuron) and layer formulas need
 * expressions through several layers; counts need counting.
 */
export const FOCUS_OF_CODE: Readonly<Record<string, PracticeFocus>> = {
  'path/missing': 'several-paths',
  'term/extra': 'several-paths',
  'term/duplicate': 'several-paths',
  'term/coefficient': 'several-paths',
  'highlight/missing-edge': 'several-paths',
  'highlight/extra-edge': 'several-paths',
  'answer/not-equivalent': 'several-paths',
  'atom/wrong-direction': 'several-layers',
  'atom/not-adjacent': 'several-layers',
  'atom/mismatched-weight': 'several-layers',
  'atom/identity': 'several-layers',
  'atom/not-output': 'several-layers',
  'target/wrong-lhs': 'several-layers',
  'formula/off-by-one': 'several-layers',
  'formula/wrong-numbering': 'several-layers',
  'formula/wrong': 'several-layers',
  'count/off-by-one': 'counting',
  'count/wrong': 'counting',
};

/** Fewest paths a several-paths target has. */
export const MIN_PRACTICE_PATHS = 3;
/** Least depth (factors in a path's product) of a several-layers target. */
export const MIN_PRACTICE_DEPTH = 4;
/** Note codes practice aims at (the most frequent first). */
export const PRACTICE_CODES = 3;
/** New questions per aimed-at code. */
export const QUESTIONS_PER_CODE = 2;
/** Missed questions offered again at most. */
export const MAX_MISSED = 20;
/** Id prefix of generated practice questions: `practice.<focus>.<seed>`. */
export const PRACTICE_ID_PREFIX = 'practice';

/** One answered question of a student's history (a live game's or an assignment's). */
export interface PracticeHistoryEntry {
  readonly source: 'game' | 'assignment';
  /** Room id or assignment id. */
  readonly sourceId: string;
  readonly title: string;
  readonly questionId: string;
  /** When it was answered (or the game ended), for "most recent first". */
  readonly at: number;
  readonly correct: boolean;
  /** Note codes the student got on it (every attempt of an assignment question). */
  readonly noteCodes: readonly string[];
}

/** A note code with how many answers of the student got it. */
export interface CodeCount {
  readonly code: string;
  readonly count: number;
  readonly message: string;
}

/** A generated question aimed at a code. */
export interface TargetedPractice {
  readonly id: string;
  readonly focus: PracticeFocus;
  readonly code: string;
  readonly reason: string;
}

/** What to practise. */
export interface PracticePlan {
  /** The missed questions (not answered correctly), most recent first, each once. */
  readonly missed: readonly PracticeHistoryEntry[];
  /** The student's most frequent codes that practice can aim at. */
  readonly codes: readonly CodeCount[];
  readonly targeted: readonly TargetedPractice[];
}

/**
 * How often each note code came up in the student's answers (each answer
 * counts a code once), most frequent first; codes that mean "not read" are left out.
 */
export function noteCodeCounts(history: readonly PracticeHistoryEntry[]): CodeCount[] {
  const counts = new Map<string, number>();
  for (const e of history) {
    for (const code of new Set(e.noteCodes)) {
      if (UNREADABLE_CODES.has(code)) continue;
      counts.set(code, (counts.get(code) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .map(([code, count]) => ({ code, count, message: mistakeLabel(code) }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

/**
 * The practice plan: missed questions, and {@link QUESTIONS_PER_CODE} new
 * questions for each of the {@link PRACTICE_CODES} most frequent codes with an
 * aim (two codes with the same aim still get their own questions).
 * @example practicePlan(history, 7).targeted[0]?.focus // 'several-paths' for a student who misses paths
 */
export function practicePlan(history: readonly PracticeHistoryEntry[], seed: number): PracticePlan {
  const seen = new Set<string>();
  const missed = [...history]
    .sort((a, b) => b.at - a.at)
    .filter((e) => {
      const key = `${e.source}:${e.sourceId}:${e.questionId}`;
      if (e.correct || seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .slice(0, MAX_MISSED);
  const codes = noteCodeCounts(history.filter((e) => !e.correct)).filter((c) => FOCUS_OF_CODE[c.code] !== undefined).slice(0, PRACTICE_CODES);
  const targeted: TargetedPractice[] = [];
  for (const c of codes) {
    const focus = FOCUS_OF_CODE[c.code] as PracticeFocus;
    for (let k = 0; k < QUESTIONS_PER_CODE; k++) {
      const s = hashSeed(`${seed >>> 0}:${c.code}:${k}`);
      targeted.push({ id: `${PRACTICE_ID_PREFIX}.${focus}.${s}`, focus, code: c.code, reason: `Aimed at: ${c.message.toLowerCase()} (${c.count}×)` });
    }
  }
  return { missed, codes, targeted };
}

const WRITE = 'in terms of the local derivatives ($\\partial E/\\partial n_i$ for output neurons, $\\partial n_k/\\partial n_i$ and $\\partial n_i/\\partial w_{k,i}$ along the edges).';

/** The parts of a generated question before it is compiled. */
interface Plan {
  readonly type: GraphQuestionType;
  readonly count: CountKind;
  readonly prompt: string;
  readonly network: Network;
  readonly targets: readonly Target[];
}

function eligible(type: GraphQuestionType, count: CountKind, net: Network, kinds: readonly Target['kind'][], keep: (t: Target) => boolean): Target[] {
  return kinds.flatMap((k) => targetsOfKind(net, k)).filter((t) => targetProblem(type, count, net, t) === null && keep(t));
}

function planFor(focus: PracticeFocus, rng: Rng): Plan {
  switch (focus) {
    case 'several-paths': {
      // Three layers, the middle one three wide: a bottom neuron or its input weight is reached by 3 to 6 paths.
      const widths = [rng.int(1, 2), 3, rng.int(2, 3)];
      const { network } = layeredNetwork(widths, { numbering: 'from-loss', name: 'Practice network' });
      const type: GraphQuestionType = rng.int(0, 1) === 0 ? 'highlight' : 'expression';
      const prompt =
        type === 'highlight'
          ? 'Practice. Tap every edge the gradient flows through from $E$ to ${{target}}$: there is more than one path.'
          : `Practice. Write $\\partial E/\\partial {{target}}$ ${WRITE} Every path from $E$ is one term.`;
      return { type, count: 'paths', prompt, network, targets: eligible(type, 'paths', network, ['neuron', 'inputWeight', 'weight'], (t) => countPaths(network, t) >= BigInt(MIN_PRACTICE_PATHS)) };
    }
    case 'several-layers': {
      // Four or five narrow layers: few paths, many factors each, every factor a step between neighbouring layers.
      const depth = rng.int(4, 5);
      const widths = Array.from({ length: depth }, (_, i) => (i === 0 ? 1 : rng.int(1, 2)));
      const { network } = layeredNetwork(widths, { numbering: 'from-loss', name: 'Practice network' });
      const prompt = `Practice. Write $\\partial E/\\partial {{target}}$ ${WRITE} Walk up one layer at a time: each factor is $\\partial(\\text{upper})/\\partial(\\text{lower})$.`;
      return { type: 'expression', count: 'paths', prompt, network, targets: eligible('expression', 'paths', network, ['neuron', 'weight', 'inputWeight'], (t) => targetDepth(network, t) >= MIN_PRACTICE_DEPTH) };
    }
    case 'counting': {
      const widths = [rng.int(1, 2), rng.int(2, 3), rng.int(2, 3), rng.int(2, 3)];
      const { network } = layeredNetwork(widths, { numbering: 'from-loss', name: 'Practice network' });
      const count: CountKind = rng.int(0, 1) === 0 ? 'paths' : 'factors';
      const prompt =
        count === 'paths'
          ? 'Practice. Along how many different paths does the gradient flow from $E$ down to ${{target}}$?'
          : 'Practice. Pick one path from $E$ to ${{target}}$. How many factors are in its product?';
      return { type: 'count', count, prompt, network, targets: eligible('count', count, network, ['neuron', 'weight', 'inputWeight'], (t) => countPaths(network, t) >= 2n) };
    }
  }
}

/**
 * The generated practice question an id names (`practice.<focus>.<seed>`),
 * rebuilt the same way every time; null for any other id.
 * @example practiceQuestion('practice.several-paths.42')?.type
 */
export function practiceQuestion(id: string): RuntimeQuestion | null {
  const m = /^practice\.(several-paths|several-layers|counting)\.(\d{1,10})$/u.exec(id);
  if (!m) return null;
  const focus = m[1] as PracticeFocus;
  const rng = createRng(Number(m[2]));
  const plan = planFor(focus, rng);
  if (plan.targets.length === 0) return null;
  return graphQuestion({
    id,
    type: plan.type,
    count: plan.count,
    prompt: plan.prompt,
    explanation: null,
    timeLimitMs: 0,
    multiplier: 0,
    network: plan.network,
    target: rng.pick(plan.targets),
    variants: null,
  });
}

/** A practice question as the phone gets it. */
export interface PracticeItem {
  /** `missed.<game|assignment>.<sourceId>.<questionId>` or a generated `practice.…` id. */
  readonly id: string;
  readonly kind: 'missed' | 'targeted';
  /** Where a missed question came from, or why a new one was picked. */
  readonly label: string;
  /** The variant seed to send back with the answer (fresh for questions with variants, else 0). */
  readonly seed: number;
  readonly question: PublicQuestion;
}

/** GET /api/classes/:id/practice */
export interface PracticeResponse {
  readonly classId: string;
  readonly codes: readonly CodeCount[];
  readonly items: readonly PracticeItem[];
}

/** POST /api/classes/:id/practice/answer */
export interface PracticeAnswerResponse {
  readonly verdict: 'correct' | 'partial' | 'wrong';
  readonly credit: number;
  readonly read: { text: string; latex: string } | null;
  readonly notes: readonly NoteView[];
  readonly key: KeyView;
  readonly explanation: string | null;
}

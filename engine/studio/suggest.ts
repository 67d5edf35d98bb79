/**
 * Suggested questions: from a network, the engine proposes a balanced quiz
 * (a one-path target, a several-path target, a target with a shared factor to
 * pull out, a deep count, a highlight, a Task-2 formula, and a BPTT question
 * when the network shares weights), each with a difficulty figure it can
 * explain from the graph (paths, factors, atoms saved by factoring).
 */
import type { Target } from '../types';
import type { Network } from '../network';
import type { LayerNumbering } from '../generators';
import { countPaths, gradientEdges } from '../paths';
import { factoredKey, expandedKey } from '../key';
import { exprPrintedLeaves, renderQuantity } from '../render';
import { formatTarget, targetKey } from '../target';
import { MAX_EXPRESSION_PATHS, isDrawable, targetProblem } from '../quiz/graph-question';
import { factorRange, targetsOfKind } from '../quiz/target-facts';
import type { PackQuestionInput } from '../quiz/pack-schema';

/** The lowest difficulty figure. */
export const MIN_DIFFICULTY = 1;
/** The highest difficulty figure. */
export const MAX_DIFFICULTY = 10;
/** A "one-path" suggestion prefers a target at least this many factors deep. */
const PREFERRED_ONE_PATH_FACTORS = 3;

/** What a suggestion is for in the quiz. */
export type SuggestionRole =
  | 'one-path'
  | 'several-paths'
  | 'shared-factor'
  | 'deep-count'
  | 'highlight'
  | 'formula'
  | 'shared-weight';

/** How hard a question is, with the parts it is made of. */
export interface Difficulty {
  /** MIN_DIFFICULTY … MAX_DIFFICULTY. */
  readonly score: number;
  /** Paths from E to the target (terms of the expanded key). */
  readonly paths: bigint;
  /** Factors in the longest path's product. */
  readonly factors: number;
  /** Atoms saved by writing the key factored instead of expanded (shared prefixes and suffixes). */
  readonly sharedAtoms: number;
  /** One sentence: how the figure is made up. */
  readonly why: string;
}

/** One proposed question, ready to go into a pack (its `network` is the id given). */
export interface Suggestion {
  readonly role: SuggestionRole;
  readonly question: PackQuestionInput;
  readonly difficulty: Difficulty;
}

interface Facts {
  readonly target: Target;
  readonly paths: bigint;
  readonly factors: number;
  readonly sharedAtoms: number;
}

function log2Ceil(n: bigint): number {
  let bits = 0;
  let v = n - 1n;
  while (v > 0n) {
    bits++;
    v >>= 1n;
  }
  return bits;
}

function clampScore(n: number): number {
  return Math.max(MIN_DIFFICULTY, Math.min(MAX_DIFFICULTY, n));
}

/**
 * The difficulty of asking about `target`: 1, plus ⌈log₂ paths⌉ for the
 * number of terms, plus (factors − 2) for the length of a term, plus half the
 * atoms factoring saves when `factored` asks for the factored form.
 * @example difficultyOf(net1, { kind: 'neuron', neuron: 4 }, false).score // 1 + 0 + 0 = 1
 */
export function difficultyOf(net: Network, target: Target, factored: boolean): Difficulty {
  const f = factsOf(net, target);
  const pathPart = log2Ceil(f.paths);
  const factorPart = Math.max(0, f.factors - 2);
  const sharedPart = factored ? Math.floor(f.sharedAtoms / 2) : 0;
  const score = clampScore(1 + pathPart + factorPart + sharedPart);
  const parts = [
    `${f.paths} path${f.paths === 1n ? '' : 's'} (+${pathPart})`,
    `${f.factors} factors on the longest (+${factorPart})`,
  ];
  if (factored) parts.push(`factoring saves ${f.sharedAtoms} atom${f.sharedAtoms === 1 ? '' : 's'} (+${sharedPart})`);
  return { score, paths: f.paths, factors: f.factors, sharedAtoms: f.sharedAtoms, why: `1 + ${parts.join(' + ')} = ${score}` };
}

function factsOf(net: Network, target: Target): Facts {
  const paths = countPaths(net, target);
  const factors = factorRange(net, target).max;
  let sharedAtoms = 0;
  if (paths >= 2n && paths <= BigInt(MAX_EXPRESSION_PATHS)) {
    const expanded = exprPrintedLeaves(expandedKey(net, target).expr);
    sharedAtoms = Math.max(0, expanded - exprPrintedLeaves(factoredKey(net, target)));
  }
  return { target, paths, factors, sharedAtoms };
}

const WRITE = 'in terms of the local derivatives.';

function latex(t: Target): string {
  return renderQuantity(t, 'latex');
}

function qid(role: SuggestionRole, t: Target | null): string {
  const key = t ? targetKey(t).replace(/[^A-Za-z0-9]+/g, '-') : 'k';
  return `s-${role}-${key}`.slice(0, 64);
}

/**
 * Proposes a balanced quiz on `net` (pack network id `networkId`), easiest
 * first. Every suggestion is valid for its type (checked with the same rules
 * as pack compilation); roles the network cannot support are left out (e.g.
 * no one-path target, or a graph too big to draw for highlights).
 * @example suggestQuestions(net1, 'net1', 'from-loss').map((s) => s.role)
 */
export function suggestQuestions(net: Network, networkId: string, numbering: LayerNumbering): Suggestion[] {
  const candidates: Facts[] = [];
  for (const kind of ['neuron', 'weight', 'inputWeight', 'input', 'shared'] as const) {
    for (const t of targetsOfKind(net, kind)) {
      if (targetProblem('count', 'paths', net, t) !== null) continue;
      candidates.push(factsOf(net, t));
    }
  }
  const used = new Set<string>();
  const take = (f: Facts | undefined): Facts | undefined => {
    if (f) used.add(targetKey(f.target));
    return f;
  };
  const fresh = (f: Facts): boolean => !used.has(targetKey(f.target));
  const expressible = (f: Facts): boolean => fresh(f) && targetProblem('expression', 'paths', net, f.target) === null;
  const out: Suggestion[] = [];
  const graph = (role: SuggestionRole, type: 'expression' | 'highlight' | 'count', f: Facts, prompt: string, factored: boolean): void => {
    const base = { id: qid(role, f.target), network: networkId, target: formatTarget(f.target, 'text'), prompt };
    const question: PackQuestionInput =
      type === 'count' ? { ...base, type, count: 'paths' } : { ...base, type };
    out.push({ role, question, difficulty: difficultyOf(net, f.target, factored) });
  };
  const byDepth = (a: Facts, b: Facts): number => b.factors - a.factors || Number(a.paths - b.paths);

  const single = take(
    candidates.filter((f) => expressible(f) && f.paths === 1n && f.target.kind !== 'shared').sort(byDepth).find(
      (f, i, all) => f.factors >= PREFERRED_ONE_PATH_FACTORS || i === all.length - 1,
    ),
  );
  if (single)
    graph('one-path', 'expression', single, `Write $\\partial E/\\partial ${latex(single.target)}$ ${WRITE}`, false);

  const several = take(
    candidates
      .filter((f) => expressible(f) && f.paths >= 2n && f.paths <= 4n && f.target.kind !== 'shared')
      .sort((a, b) => a.sharedAtoms - b.sharedAtoms || Number(b.paths - a.paths))[0],
  );
  if (several)
    graph('several-paths', 'expression', several, `Write $\\partial E/\\partial ${latex(several.target)}$ ${WRITE} There is more than one path.`, false);

  const shared = take(
    candidates.filter((f) => expressible(f) && f.sharedAtoms > 0 && f.target.kind !== 'shared').sort((a, b) => b.sharedAtoms - a.sharedAtoms)[0],
  );
  if (shared)
    graph(
      'shared-factor',
      'expression',
      shared,
      `Write $\\partial E/\\partial ${latex(shared.target)}$ ${WRITE} Walk upwards and pull out the factors the paths share.`,
      true,
    );

  const deep = take(candidates.filter((f) => fresh(f) && f.target.kind === 'neuron').sort((a, b) => Number(b.paths - a.paths) || b.factors - a.factors)[0]);
  if (deep)
    graph('deep-count', 'count', deep, `Along how many paths does the gradient flow from $E$ down to $${latex(deep.target)}$?`, false);

  if (isDrawable(net)) {
    const edgesOf = (f: Facts): number => gradientEdges(net, f.target).length;
    const total = net.edges.length + net.outputs.length + net.inputs.length;
    const highlight = take(
      candidates
        .filter((f) => fresh(f) && f.paths >= 2n && f.target.kind !== 'shared' && edgesOf(f) < total)
        .sort((a, b) => edgesOf(b) - edgesOf(a))[0],
    );
    if (highlight)
      graph('highlight', 'highlight', highlight, `Tap every edge the gradient flows through from $E$ to $${latex(highlight.target)}$.`, false);
  }

  for (const f of candidates.filter((c) => c.target.kind === 'shared' && expressible(c)).slice(0, 1)) {
    take(f);
    graph(
      'shared-weight',
      'expression',
      f,
      `$${latex(f.target)}$ is one weight used at every time step. Write $\\partial E/\\partial ${latex(f.target)}$ ${WRITE} (Sum over its uses.)`,
      true,
    );
  }

  const from = numbering === 'from-loss' ? 'numbered from the loss (layer 1 feeds $E$)' : 'numbered from the input (layer 1 takes the inputs, layer $L$ feeds $E$)';
  out.push({
    role: 'formula',
    question: {
      id: qid('formula', null),
      type: 'formula',
      quantity: 'factors-to-neuron',
      numbering,
      network: networkId,
      prompt: `Task 2. With layers ${from}, how many factors are in the product for **one** path from $E$ to a neuron in layer $k$? Answer with a formula${numbering === 'from-loss' ? ' in $k$' : ' in $k$ and $L$'}.`,
    },
    difficulty: {
      score: numbering === 'from-loss' ? 4 : 5,
      paths: 1n,
      factors: 0,
      sharedAtoms: 0,
      why:
        numbering === 'from-loss'
          ? '1 + a general formula instead of a number (+3) = 4'
          : '1 + a general formula instead of a number (+3) + counting layers from the input side (+1) = 5',
    },
  });
  return out.sort((a, b) => a.difficulty.score - b.difficulty.score);
}

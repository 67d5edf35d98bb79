/**
 * Graph questions (expression, highlight, count) compiled into
 * RuntimeQuestion, with optional per-student variants: the same template on
 * a seeded random network, or a seeded choice among targets of equal depth.
 * Keys are computed from the graph; a student's variant is built on first use
 * and cached by seed.
 */
import type { Target } from '../types';
import { assertNever } from '../types';
import type { Multiplier } from '../game/phases';
import type { AnswerPayload, KeyView, PublicQuestion } from '../protocol';
import { createRng, hashSeed } from '../rng';
import { renderQuantity } from '../render';
import type { Network } from '../network';
import { randomNetwork } from '../generators';
import { formatTarget, targetKey, validateTarget } from '../target';
import { countPaths } from '../paths';
import type { CheckResult } from '../expr/notes';
import { checkCount, checkExpression, checkHighlight } from '../expr';
import type { GradeResult, RuntimeQuestion } from './runtime';
import { wrongKind } from './runtime';
import type { CountKind } from './explain';
import { countKey, explainGraphQuestion, expressionKey, highlightKey, uniformFactors } from './explain';
import { factorRange, targetDepth, targetsOfKind } from './target-facts';
import { createLru } from './lru';

/** Most terms (paths) the key of an expression question may have: more cannot be written in class. */
export const MAX_EXPRESSION_PATHS = 16;
/** Most paths a target picked for a random-network variant may have (keeps every student's task comparable). */
export const MAX_RANDOM_VARIANT_PATHS = 6;
/** Random networks tried per student before falling back to the base variant. */
export const MAX_VARIANT_ATTEMPTS = 8;
/** Compiled variants kept per question. */
export const VARIANT_CACHE_SIZE = 4096;
/** Display name of a student's own random network. */
export const VARIANT_NETWORK_NAME = 'Your network';
/** The placeholder a prompt or explanation uses for the (possibly per-student) target. */
export const TARGET_PLACEHOLDER = /\{\{\s*target\s*\}\}/g;

/** Graph question types. */
export type GraphQuestionType = 'expression' | 'highlight' | 'count';

/** Settings of a per-student random network (see `variantSpecSchema`). */
export interface RandomNetworkVariant {
  readonly neurons: readonly [number, number];
  readonly depth: number;
  readonly density: number;
  readonly skipConnections: number;
  readonly inputs: number;
  readonly outputs: number;
}

/** How a question varies per student. */
export type VariantPlan =
  | { readonly kind: 'target'; readonly pool: readonly Target[] }
  | { readonly kind: 'random-network'; readonly settings: RandomNetworkVariant };

/** A graph question with its network and target resolved. */
export interface GraphQuestionTemplate {
  readonly id: string;
  readonly type: GraphQuestionType;
  /** What a count question counts (ignored by other types). */
  readonly count: CountKind;
  /** Markdown; `{{target}}` is replaced by the target in LaTeX. */
  readonly prompt: string;
  /** The author's explanation (`{{target}}` allowed), or null to generate one. */
  readonly explanation: string | null;
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  readonly network: Network;
  readonly target: Target;
  readonly variants: VariantPlan | null;
}

/** True when the text uses the `{{target}}` placeholder. */
export function hasTargetPlaceholder(text: string): boolean {
  return /\{\{\s*target\s*\}\}/.test(text);
}

/** Replaces `{{target}}` with the target's LaTeX. */
export function fillTarget(text: string, target: Target): string {
  return text.replace(TARGET_PLACEHOLDER, renderQuantity(target, 'latex'));
}

/** Largest network sent to phones to draw (a bigger one is described in the prompt only). */
export const MAX_DRAWN_NEURONS = 60;
/** Most edges in a network sent to phones to draw. */
export const MAX_DRAWN_EDGES = 400;

/** True when the network is small enough to send to phones and draw on one screen. */
export function isDrawable(net: Network): boolean {
  return net.neurons.length <= MAX_DRAWN_NEURONS && net.edges.length <= MAX_DRAWN_EDGES;
}

/**
 * Why a target cannot be asked about in a question of this type, or null
 * when it can: it must be in the network and have a path from E; an
 * expression key must have at most MAX_EXPRESSION_PATHS terms; a factors
 * question needs all paths to have the same number of factors.
 */
export function targetProblem(type: GraphQuestionType, count: CountKind, net: Network, target: Target): string | null {
  const valid = validateTarget(net, target);
  if (!valid.ok) return valid.error;
  const paths = countPaths(net, target);
  const name = formatTarget(target, 'text');
  if (paths === 0n) return `no path from E reaches ${name}`;
  // Answering on the drawn graph (tapping edges, atom chips) needs a graph small enough to draw.
  if (type !== 'count' && !isDrawable(net)) {
    return `the network has ${net.neurons.length} neurons and ${net.edges.length} edges; ${type} questions need one small enough to draw (at most ${MAX_DRAWN_NEURONS} neurons and ${MAX_DRAWN_EDGES} edges): ask for a count instead`;
  }
  switch (type) {
    case 'expression':
      return paths > BigInt(MAX_EXPRESSION_PATHS)
        ? `∂E/∂${name} has ${paths} terms (one per path); an expression question allows at most ${MAX_EXPRESSION_PATHS}: ask for a count instead`
        : null;
    case 'highlight':
      return null;
    case 'count':
      if (count === 'factors' && uniformFactors(net, target) === null) {
        const { min, max } = factorRange(net, target);
        return `paths from E to ${name} have between ${min} and ${max} factors; a factors question needs a target whose paths all have the same length`;
      }
      return null;
    default:
      return assertNever(type);
  }
}

/** Converts a checker's verdict to the runtime's. */
export function toGrade(result: CheckResult): GradeResult {
  return {
    correct: result.correct,
    credit: result.correct ? 1 : Math.min(Math.max(result.score, 0), 0.999_999),
    read: result.read ? { text: result.read.text, latex: result.read.latex } : null,
    notes: result.notes.map((n) => (n.data === undefined ? { code: n.code, message: n.message } : { code: n.code, message: n.message, data: n.data })),
  };
}

/** The verdict when grading itself failed (never expected; grading must not throw). */
export function ungradable(err: unknown): GradeResult {
  return {
    correct: false,
    credit: 0,
    read: null,
    notes: [{ code: 'answer/ungradable', message: `This answer could not be graded: ${err instanceof Error ? err.message : String(err)}` }],
  };
}

/** One concrete variant: a network and a target with everything a student and the reveal need. */
interface Instance {
  readonly network: Network;
  readonly target: Target;
  view(index: number): PublicQuestion;
  key(): KeyView;
  grade(answer: AnswerPayload): GradeResult;
}

function instance(t: GraphQuestionTemplate, network: Network, target: Target): Instance {
  let key: KeyView | undefined;
  const expectedCount =
    t.type === 'count' ? (t.count === 'paths' ? countPaths(network, target) : BigInt(factorRange(network, target).max)) : 0n;
  const prompt = fillTarget(t.prompt, target);
  const targetText = formatTarget(target, 'text');
  const check = (answer: AnswerPayload): GradeResult => {
    switch (t.type) {
      case 'expression':
        return answer.kind === 'expression' ? toGrade(checkExpression(network, target, answer.text)) : wrongKind('expression', answer.kind);
      case 'highlight':
        return answer.kind === 'highlight' ? toGrade(checkHighlight(network, target, answer.edges)) : wrongKind('highlight', answer.kind);
      case 'count':
        return answer.kind === 'count' ? toGrade(checkCount(expectedCount, answer.value)) : wrongKind('count', answer.kind);
      default:
        return assertNever(t.type);
    }
  };
  return {
    network,
    target,
    view: (index) => ({
      index,
      id: t.id,
      type: t.type,
      prompt,
      network: isDrawable(network) ? network.spec : null,
      target: targetText,
      params: [],
      counts: t.type === 'count' ? t.count : null,
      formula: null,
      choices: [],
      timeLimitMs: t.timeLimitMs,
      multiplier: t.multiplier,
    }),
    key: () => {
      if (!key) {
        switch (t.type) {
          case 'expression':
            key = expressionKey(network, target);
            break;
          case 'highlight':
            key = highlightKey(network, target);
            break;
          case 'count':
            key = countKey(network, target, t.count);
            break;
          default:
            return assertNever(t.type);
        }
      }
      return key;
    },
    grade: (answer) => {
      try {
        return check(answer);
      } catch (err) {
        return ungradable(err);
      }
    },
  };
}

/** Seeded RNG for one student's variant of one question. */
function variantRng(questionId: string, seed: number, attempt = 0): ReturnType<typeof createRng> {
  return createRng(hashSeed(`${questionId}:${seed >>> 0}:${attempt}`));
}

/** Targets a random network offers for this template: eligible, small, the template's depth when possible. */
function randomCandidates(t: GraphQuestionTemplate, net: Network, depth: number): Target[] {
  const eligible = targetsOfKind(net, t.target.kind).filter(
    (c) => targetProblem(t.type, t.count, net, c) === null && countPaths(net, c) <= BigInt(MAX_RANDOM_VARIANT_PATHS),
  );
  const sameDepth = eligible.filter((c) => targetDepth(net, c) === depth);
  return sameDepth.length > 0 ? sameDepth : eligible;
}

/** The variant (network, target) for a non-zero seed, or null to use the base variant. */
function pickVariant(t: GraphQuestionTemplate, plan: VariantPlan, seed: number, baseDepth: number): { network: Network; target: Target } | null {
  switch (plan.kind) {
    case 'target': {
      const rng = variantRng(t.id, seed);
      return { network: t.network, target: rng.pick(plan.pool) };
    }
    case 'random-network': {
      const s = plan.settings;
      for (let attempt = 0; attempt < MAX_VARIANT_ATTEMPTS; attempt++) {
        const rng = variantRng(t.id, seed, attempt);
        const neurons = rng.int(s.neurons[0], s.neurons[1]);
        const network = randomNetwork(rng.int(0, 0x7fff_ffff), {
          neurons,
          depth: s.depth,
          density: s.density,
          skipConnections: s.skipConnections,
          inputs: s.inputs,
          outputs: s.outputs,
          name: VARIANT_NETWORK_NAME,
        });
        const candidates = randomCandidates(t, network, baseDepth);
        if (candidates.length > 0) return { network, target: rng.pick(candidates) };
      }
      return null;
    }
    default:
      return assertNever(plan);
  }
}

/**
 * Every target of the template's kind and depth that a question of its type
 * can ask about (the automatic pool of a `target` variant spec), template first.
 */
export function sameDepthTargets(t: Pick<GraphQuestionTemplate, 'type' | 'count' | 'network' | 'target'>): Target[] {
  const depth = targetDepth(t.network, t.target);
  const key = targetKey(t.target);
  const others = targetsOfKind(t.network, t.target.kind).filter(
    (c) => targetKey(c) !== key && targetDepth(t.network, c) === depth && targetProblem(t.type, t.count, t.network, c) === null,
  );
  return [t.target, ...others];
}

/**
 * Checks that a random-network variant can be built: tries a few seeds and
 * returns a message when none yields an eligible target.
 */
export function randomVariantProblem(t: GraphQuestionTemplate, settings: RandomNetworkVariant): string | null {
  const depth = targetDepth(t.network, t.target);
  const [lo, hi] = settings.neurons;
  if (lo > hi) return `the neuron range [${lo}, ${hi}] is empty: write [smallest, largest]`;
  if (lo < settings.outputs + settings.depth - 1) {
    return `${lo} neurons cannot fill ${settings.depth} layers with ${settings.outputs} outputs: use at least ${settings.outputs + settings.depth - 1}`;
  }
  for (const seed of [1, 2, 3]) {
    try {
      if (pickVariant(t, { kind: 'random-network', settings }, seed, depth) === null) {
        return `these random networks offer no ${t.target.kind === 'inputWeight' ? 'input weight' : t.target.kind} target with at most ${MAX_RANDOM_VARIANT_PATHS} paths for this question; change depth, neurons or the target`;
      }
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  }
  return null;
}

/**
 * Compiles a graph question. Seed 0 is the template itself (the host's
 * variant); other seeds pick a student's own variant when the template has
 * variants, built once and cached (bounded LRU).
 * The template's target must pass `targetProblem`.
 */
export function graphQuestion(t: GraphQuestionTemplate): RuntimeQuestion {
  const base = instance(t, t.network, t.target);
  const plan = t.variants;
  const baseDepth = targetDepth(t.network, t.target);
  const cache = createLru<number, Instance>(VARIANT_CACHE_SIZE);
  const variant = (seed: number): Instance => {
    if (!plan || seed === 0) return base;
    const cached = cache.get(seed);
    if (cached) return cached;
    let built = base;
    try {
      const picked = pickVariant(t, plan, seed, baseDepth);
      if (picked) built = instance(t, picked.network, picked.target);
    } catch {
      built = base;
    }
    cache.set(seed, built);
    return built;
  };
  const explanation =
    t.explanation !== null
      ? fillTarget(t.explanation, t.target)
      : (plan ? 'Everyone had their own variant; this explains the one on the screen. ' : '') +
        explainGraphQuestion(t.type, t.count, t.network, t.target);
  return {
    id: t.id,
    type: t.type,
    timeLimitMs: t.timeLimitMs,
    multiplier: t.multiplier,
    hasVariants: plan !== null,
    explanation,
    view: (index, seed) => variant(seed).view(index),
    grade: (answer, seed) => {
      try {
        return variant(seed).grade(answer);
      } catch (err) {
        return ungradable(err);
      }
    },
    key: (seed) => variant(seed).key(),
  };
}

/**
 * Numeric questions: "compute this number" on a network with values — a
 * forward value, a local derivative or a gradient — graded within a stated
 * tolerance, wrong numbers diagnosed against the common mistakes
 * (engine/numeric/diagnose.ts). With variants, each student gets their own
 * seeded values, picked so that the right answer and every mistake's value
 * are told apart by the tolerance.
 */
import type { Multiplier } from '../game/phases';
import type { KeyView, PublicQuestion } from '../protocol';
import { createRng, hashSeed } from '../rng';
import type { Network } from '../network';
import { gradientEdges } from '../paths';
import { renderQuantity } from '../render';
import type { AnyEvaluation, NumericAsk } from '../numeric/evaluate';
import { withEvaluation } from '../numeric/evaluate';
import type { NumericFacts } from '../numeric/diagnose';
import { analyseNumeric, checkNumeric, separationProblems } from '../numeric/diagnose';
import type { Tolerance } from '../numeric/number-answer';
import { describeTolerance, formatNumber, numberLatex } from '../numeric/number-answer';
import { randomValues } from '../numeric/random-values';
import type { Activation, NetworkValues } from '../numeric/values';
import { layersFromLoss, pairKey } from '../numeric/values';
import type { Rational } from '../numeric/rational';
import { rToNumber } from '../numeric/rational';
import type { GradeResult, RuntimeQuestion } from './runtime';
import { wrongKind } from './runtime';
import { isDrawable, toGrade, ungradable } from './graph-question';
import { createLru } from './lru';

/** Seeded value sets tried per student before falling back to the question's own values. */
export const MAX_VALUE_ATTEMPTS = 24;
/** Seeds tried at compile time to check that variants can be built. */
export const VARIANT_CHECK_SEEDS = 8;
/** Compiled variants kept per question. */
export const NUMERIC_VARIANT_CACHE_SIZE = 4096;
/** Most neurons listed in a key's forward/backward steps and in a generated explanation's table. */
export const MAX_LISTED_NEURONS = 40;
/** Most paths listed in a generated explanation. */
export const MAX_EXPLAINED_PATHS = 8;
/** Smallest size of a variant's right value (a zero gradient, e.g. through a dead ReLU, makes a poor question). */
export const MIN_VARIANT_VALUE = 1e-9;

/** A numeric question with its network, values and ask resolved. */
export interface NumericTemplate {
  readonly id: string;
  readonly prompt: string;
  readonly explanation: string | null;
  readonly timeLimitMs: number;
  readonly multiplier: Multiplier;
  readonly network: Network;
  readonly values: NetworkValues;
  readonly ask: NumericAsk;
  readonly tolerance: Tolerance;
  readonly variants: boolean;
}

const ACTIVATION_LATEX: Readonly<Record<Activation, string>> = {
  sigmoid: '\\sigma',
  tanh: '\\tanh',
  relu: '\\mathrm{ReLU}',
  identity: '\\mathrm{id}',
};

function num(r: Rational): string {
  return numberLatex(rToNumber(r));
}

function vec(v: readonly Rational[]): string {
  return v.length === 1 ? num(v[0] as Rational) : `(${v.map(num).join(', ')})`;
}

/** The values as Markdown for the prompt (what the student computes with). */
export function valuesMarkdown(net: Network, values: NetworkValues): string {
  const acts = new Map<Activation, number[]>();
  for (const id of net.neurons) {
    const a = values.activation.get(id) ?? 'sigmoid';
    acts.set(a, [...(acts.get(a) ?? []), id]);
  }
  const actText =
    acts.size === 1
      ? `$g = ${ACTIVATION_LATEX[[...acts.keys()][0] as Activation]}$ for every neuron`
      : [...acts.entries()].map(([a, ids]) => `$${ACTIVATION_LATEX[a]}$ for ${ids.map((i) => `$n_{${i}}$`).join(', ')}`).join('; ');
  const lines = [`**Values.** Activation: ${actText}.`];
  if (net.inputIndices.length > 0) {
    const dim = values.dimension > 1 ? ` (vectors of dimension $D = ${values.dimension}$)` : '';
    lines.push(`Inputs${dim}: ${net.inputIndices.map((l) => `$x_{${l}} = ${vec(values.input.get(l) ?? [])}$`).join(', ')}.`);
    lines.push(`Input weights: ${net.inputs.map((c) => `$v_{${c.input},${c.neuron}} = ${vec(values.inputWeight.get(pairKey(c.input, c.neuron)) ?? [])}$`).join(', ')}.`);
  }
  lines.push(`Weights: ${net.edges.map((e) => `$w_{${e.from},${e.to}} = ${num(values.weight.get(pairKey(e.from, e.to)) as Rational)}$`).join(', ')}.`);
  const biased = net.neurons.filter((id) => (values.bias.get(id) as Rational).num !== 0n);
  lines.push(biased.length === 0 ? 'Biases: all $0$.' : `Biases: ${biased.map((id) => `$b_{${id}} = ${num(values.bias.get(id) as Rational)}$`).join(', ')}${biased.length < net.neurons.length ? ', the others $0$' : ''}.`);
  lines.push(`Targets: ${net.outputs.map((o) => `$y_{${o}} = ${num(values.target.get(o) as Rational)}$`).join(', ')}; $E = \\sum_o (n_o - y_o)^2$.`);
  return lines.join('\n');
}

function askSentence(ask: NumericAsk, dimension: number): string {
  const comp = (kind: string): string => (dimension > 1 && (kind === 'inputWeight' || kind === 'input') ? ` for component $d = ${'d' in ask ? ask.d : 1}$` : '');
  switch (ask.kind) {
    case 'forward':
      return `Compute $n_{${ask.neuron}}$.`;
    case 'local':
      return `Compute the local derivative $${renderLocal(ask)}$${comp(ask.atom.wrt.kind)}.`;
    case 'gradient':
      return `Compute $\\partial E/\\partial ${renderQuantity(ask.target, 'latex')}$${comp(ask.target.kind)}.`;
  }
}

function renderLocal(ask: Extract<NumericAsk, { kind: 'local' }>): string {
  return `\\partial ${renderQuantity(ask.atom.of, 'latex')}/\\partial ${renderQuantity(ask.atom.wrt, 'latex')}`;
}

/** The sentence appended to every numeric prompt: what to type and how precise. */
export function numberSentence(tol: Tolerance): string {
  return `Type a number (e.g. 0.0123, 1.23e-2 or -1/8), ${describeTolerance(tol)}.`;
}

/** Digits the key prints so that it is itself inside the tolerance. */
function keyDigits(tol: Tolerance): number {
  return 'digits' in tol ? Math.max(6, tol.digits + 2) : Math.max(6, Math.ceil(-Math.log10(tol.relative)) + 3);
}

/** Forward and backward values, one LaTeX line per neuron (capped), then the paths and the sum. */
function keySteps(net: Network, values: NetworkValues, facts: NumericFacts, evaluation: AnyEvaluation): string[] {
  const steps: string[] = [];
  withEvaluation(evaluation, (ev) => {
    const f = (x: Parameters<typeof ev.arith.toNumber>[0]): string => numberLatex(ev.arith.toNumber(x), 4);
    for (const id of net.topologicalOrder.slice(0, MAX_LISTED_NEURONS)) {
      const g = values.activation.get(id) ?? 'sigmoid';
      steps.push(`z_{${id}} = ${f(ev.z.get(id)!)},\\; n_{${id}} = ${ACTIVATION_LATEX[g]}(z_{${id}}) = ${f(ev.n.get(id)!)},\\; g'(z_{${id}}) = ${f(ev.gPrime.get(id)!)}`);
    }
    for (const o of net.outputs) {
      const loss = ev.factor({ of: { kind: 'loss' }, wrt: { kind: 'neuron', neuron: o } }, 1);
      steps.push(`\\frac{\\partial E}{\\partial n_{${o}}} = 2\\,(n_{${o}} - y_{${o}}) = ${f(loss.value)}`);
    }
  });
  for (const t of facts.terms) {
    steps.push(`${t.pathLatex}:\\; ${t.factors.map((x) => `(${numberLatex(x.value, 4)})`).join('')} = ${numberLatex(t.contribution.value, 4)}`);
  }
  const total = facts.terms.length > 1 ? `${facts.terms.map((t) => `(${numberLatex(t.contribution.value, 4)})`).join(' + ')} = ` : '';
  steps.push(`${facts.askLatex} = ${total}${numberLatex(facts.value.value)}`);
  return steps;
}

/** The generated explanation: the value, forward and backward values by layer, and each path's product. */
function explain(t: NumericTemplate, facts: NumericFacts, evaluation: AnyEvaluation): string {
  const parts: string[] = [];
  const exact = facts.value.exact ? ` (exactly ${facts.value.exact.den === 1n ? facts.value.exact.num : `${facts.value.exact.num}/${facts.value.exact.den}`})` : '';
  parts.push(`$${facts.askLatex} = ${numberLatex(facts.value.value)}$${exact}.`);
  const layer = layersFromLoss(t.network);
  withEvaluation(evaluation, (ev) => {
    const f = (x: Parameters<typeof ev.arith.toNumber>[0]): string => formatNumber(ev.arith.toNumber(x), 4);
    const rows: string[] = [];
    const byLayer = [...t.network.neurons].sort((a, b) => (layer.get(a) ?? 0) - (layer.get(b) ?? 0) || a - b);
    for (const id of byLayer.slice(0, MAX_LISTED_NEURONS)) {
      rows.push(`• $n_{${id}}$ (layer ${layer.get(id) ?? ''}): z = ${f(ev.z.get(id)!)}, n = ${f(ev.n.get(id)!)}, g′(z) = ${f(ev.gPrime.get(id)!)}, ∂E/∂n = ${f(ev.dEdn.get(id)!)}`);
    }
    if (t.network.neurons.length > MAX_LISTED_NEURONS) rows.push(`• … and ${t.network.neurons.length - MAX_LISTED_NEURONS} more neurons`);
    parts.push(`Forward values, then the backward values ∂E/∂n, layer by layer from the loss (∂E/∂n_o = 2(n_o − y_o) for an output):\n\n${rows.join('\n')}`);
    const largest = new Map<number, number>();
    for (const id of t.network.neurons) {
      const k = layer.get(id) ?? 1;
      largest.set(k, Math.max(largest.get(k) ?? 0, Math.abs(ev.arith.toNumber(ev.dEdn.get(id)!))));
    }
    if (largest.size > 2) {
      const sizes = [...largest.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => `layer ${k}: ${formatNumber(v, 3)}`);
      parts.push(`Largest |∂E/∂n| per layer, from the loss down: ${sizes.join(', ')}.`);
    }
  });
  if (facts.terms.length > 0) {
    const more = facts.terms.length > MAX_EXPLAINED_PATHS ? `\n• … and ${facts.terms.length - MAX_EXPLAINED_PATHS} more paths` : '';
    parts.push(`One term per path, each the product of its local derivatives:\n\n${facts.terms.slice(0, MAX_EXPLAINED_PATHS).map((x) => `• $${x.pathLatex}$: ${x.factors.map((y) => formatNumber(y.value, 4)).join(' · ')} = ${formatNumber(x.contribution.value, 4)}`).join('\n')}${more}`);
  }
  return parts.join('\n\n');
}

/** One concrete variant: values, facts and everything a student and the reveal need. */
interface Instance {
  readonly values: NetworkValues;
  readonly facts: NumericFacts;
  view(index: number): PublicQuestion;
  key(): KeyView;
  grade(text: string): GradeResult;
}

/** Result of building an instance: it, or why these values do not make a good question. */
type Built = { ok: true; instance: Instance; evaluation: AnyEvaluation } | { ok: false; problems: string[] };

function build(t: NumericTemplate, values: NetworkValues): Built {
  const a = analyseNumeric(t.network, values, t.ask);
  if (!a.ok) return { ok: false, problems: [a.error] };
  const problems = separationProblems(a.facts, t.tolerance);
  if (problems.length > 0) return { ok: false, problems };
  const facts = a.facts;
  const prompt = `${t.prompt}\n\n${valuesMarkdown(t.network, values)}\n\n${askSentence(t.ask, values.dimension)} _${numberSentence(t.tolerance)}_`;
  const tolerance = describeTolerance(t.tolerance);
  let key: KeyView | undefined;
  const instance: Instance = {
    values,
    facts,
    view: (index) => ({
      index,
      id: t.id,
      type: 'numeric',
      prompt,
      network: isDrawable(t.network) ? t.network.spec : null,
      target: t.ask.kind === 'gradient' ? renderQuantity(t.ask.target, 'text') : null,
      params: [],
      choices: [],
      counts: null,
      formula: null,
      timeLimitMs: t.timeLimitMs,
      multiplier: t.multiplier,
      numeric: { values: values.spec, tolerance },
    }),
    key: () => {
      key ??= {
        text: formatNumber(facts.value.value, keyDigits(t.tolerance)),
        latex: `${facts.askLatex} = ${numberLatex(facts.value.value)}`,
        edges: t.ask.kind === 'gradient' ? gradientEdges(t.network, t.ask.target) : [],
        choiceIndex: null,
        steps: keySteps(t.network, values, facts, a.evaluation),
      };
      return key;
    },
    grade: (text) => toGrade(checkNumeric(facts, t.tolerance, text)),
  };
  return { ok: true, instance, evaluation: a.evaluation };
}

/** Why the template cannot be compiled (values refused, mistakes too close, variants impossible), or an empty list. */
export function numericProblems(t: NumericTemplate): string[] {
  const base = build(t, t.values);
  if (!base.ok) return base.problems;
  if (t.variants) {
    let built = 0;
    for (let seed = 1; seed <= VARIANT_CHECK_SEEDS; seed++) if (pickValues(t, seed) !== null) built++;
    if (built < VARIANT_CHECK_SEEDS / 2) {
      return [`variants: only ${built} of ${VARIANT_CHECK_SEEDS} seeds gave values whose mistakes the tolerance tells apart (${describeTolerance(t.tolerance)}); try another ask, another network or a tighter tolerance`];
    }
  }
  return [];
}

/** Seeded RNG for one student's values. */
function valueRng(questionId: string, seed: number, attempt: number): ReturnType<typeof createRng> {
  return createRng(hashSeed(`${questionId}:values:${seed >>> 0}:${attempt}`));
}

/**
 * A student's own values: the first of MAX_VALUE_ATTEMPTS seeded draws
 * (same activations and dimension as the question's values) whose answer is
 * not ~0 and whose mistakes the tolerance all tells apart; null if none is.
 */
export function pickValues(t: NumericTemplate, seed: number): Instance | null {
  for (let attempt = 0; attempt < MAX_VALUE_ATTEMPTS; attempt++) {
    const values = randomValues(t.network, valueRng(t.id, seed, attempt), { activations: t.values.activation, dimension: t.values.dimension });
    const built = build(t, values);
    if (built.ok && Math.abs(built.instance.facts.value.value) >= MIN_VARIANT_VALUE) return built.instance;
  }
  return null;
}

/** The facts of one seed's variant (seed 0: the question's own values), for tests and tools. */
export function numericVariantFacts(t: NumericTemplate, seed: number): NumericFacts {
  const base = build(t, t.values);
  if (!base.ok) throw new RangeError(base.problems.join('; '));
  if (!t.variants || seed === 0) return base.instance.facts;
  return (pickValues(t, seed) ?? base.instance).facts;
}

/**
 * Compiles a numeric question (the template must have no `numericProblems`).
 * Seed 0 is the question's own values (the host's screen); with variants,
 * other seeds get their own values, built once and cached.
 */
export function numericQuestion(t: NumericTemplate): RuntimeQuestion {
  const base = build(t, t.values);
  if (!base.ok) throw new RangeError(base.problems.join('; '));
  const cache = createLru<number, Instance>(NUMERIC_VARIANT_CACHE_SIZE);
  const variant = (seed: number): Instance => {
    if (!t.variants || seed === 0) return base.instance;
    const cached = cache.get(seed);
    if (cached) return cached;
    let picked: Instance = base.instance;
    try {
      picked = pickValues(t, seed) ?? base.instance;
    } catch {
      picked = base.instance;
    }
    cache.set(seed, picked);
    return picked;
  };
  const explanation =
    t.explanation ?? (t.variants ? 'Everyone had their own values; this explains the ones on the screen. ' : '') + explain(t, base.instance.facts, base.evaluation);
  return {
    id: t.id,
    type: 'numeric',
    timeLimitMs: t.timeLimitMs,
    multiplier: t.multiplier,
    hasVariants: t.variants,
    explanation,
    view: (index, seed) => variant(seed).view(index),
    grade: (answer, seed) => {
      if (answer.kind !== 'numeric') return wrongKind('numeric', answer.kind);
      try {
        return variant(seed).grade(answer.text);
      } catch (err) {
        return ungradable(err);
      }
    },
    key: (seed) => variant(seed).key(),
  };
}

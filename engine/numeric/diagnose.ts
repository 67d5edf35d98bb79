/**
 * Numeric answers, analysed and diagnosed: the value of an ask with its
 * per-path contributions, the values of the common mistakes (a path left out
 * or added, g' left out of one or every factor, the factor 2 of the squared
 * error dropped, the sign of (n − y) flipped, another output's target, a
 * forward value in place of a derivative, …), and the check of a student's
 * number against them. docs/GRADING.md lists the mistakes in matching order.
 */
import type { Target } from '../types';
import { assertNever } from '../types';
import type { Network } from '../network';
import { neuronId } from '../network';
import { renderAtom, renderQuantity } from '../render';
import type { GradientPath } from '../paths';
import { countPaths, enumeratePaths } from '../paths';
import type { CheckResult, Note, NoteCode } from '../expr/notes';
import { NOTE_CODES, note } from '../expr/notes';
import type { AnyEvaluation, Evaluation, Factor, NumValue, NumericAsk, PathTerm } from './evaluate';
import { askProblem, compute, evaluateNetwork, pathFactorsOf, productOf, sumOf, withEvaluation } from './evaluate';
import type { Rational } from './rational';
import { rEquals } from './rational';
import type { Tolerance } from './number-answer';
import { describeTolerance, formatNumber, readNumberAnswer, toleranceWidth, withinTolerance } from './number-answer';
import type { NetworkValues } from './values';

/** Most paths of neighbouring targets tried as "extra path" mistakes. */
export const MAX_EXTRA_PATHS = 16;
/** An answer within this many tolerances of the value (but not within one) is "close". */
export const CLOSE_FACTOR = 10;

/** A common mistake and the number it produces. */
export interface Mistake {
  readonly code: NoteCode;
  /** What the student computed, e.g. `∂E/∂w_{2,5} without the path E → n_6 → n_3 → n_1`. */
  readonly label: string;
  readonly value: number;
  readonly data?: { readonly [key: string]: string | number };
}

/** One path's contribution, for keys, explanations and the CLI. */
export interface TermFacts {
  /** `E → n_7 → n_5 → w_{2,5}` */
  readonly path: string;
  readonly pathLatex: string;
  readonly factors: readonly { readonly atom: string; readonly latex: string; readonly value: number }[];
  readonly contribution: NumValue;
}

/** Everything about one ask on one network with values. */
export interface NumericFacts {
  readonly ask: NumericAsk;
  /** `∂E/∂w_{2,5}`, `n_5`, `∂n_7/∂n_5` (with `_d` components spelled out as `(x_1)_{d=1}` when D > 1). */
  readonly askText: string;
  readonly askLatex: string;
  readonly value: NumValue;
  /** True when computed in exact rationals. */
  readonly exact: boolean;
  readonly terms: readonly TermFacts[];
  /** Every mistake that yields a different number, in matching order. */
  readonly mistakes: readonly Mistake[];
}

/** Result of `analyseNumeric`. */
export type AnalyseResult = { ok: true; facts: NumericFacts; evaluation: AnyEvaluation } | { ok: false; error: string };

function pathText(path: GradientPath, format: 'text' | 'latex'): string {
  const parts = ['E', ...path.neurons.map((n) => (format === 'latex' ? `n_{${n}}` : `n_${n}`))];
  if (path.target.kind !== 'neuron') parts.push(renderQuantity(path.target, format));
  return parts.join(format === 'latex' ? ' \\to ' : ' → ');
}

/** Text and LaTeX of what an ask asks for. */
export function askLabel(ask: NumericAsk, format: 'text' | 'latex'): string {
  switch (ask.kind) {
    case 'forward':
      return renderQuantity({ kind: 'neuron', neuron: ask.neuron }, format);
    case 'local':
      return renderAtom(ask.atom, format);
    case 'gradient':
      return renderAtom({ of: { kind: 'loss' }, wrt: ask.target }, format);
    default:
      return assertNever(ask);
  }
}

function gName(i: number): string {
  return `g'(z_${i})`;
}

/** Neighbouring targets whose paths a student might add by mistake (see docs/GRADING.md). */
function neighbours(net: Network, t: Target): Target[] {
  const out: Target[] = [];
  switch (t.kind) {
    case 'neuron': {
      const near = new Set<number>();
      for (const p of net.predecessors.get(t.neuron) ?? []) for (const s of net.successors.get(p) ?? []) near.add(s);
      for (const s of net.successors.get(t.neuron) ?? []) for (const p of net.predecessors.get(s) ?? []) near.add(p);
      near.delete(t.neuron);
      for (const n of [...near].sort((a, b) => a - b)) out.push({ kind: 'neuron', neuron: n });
      break;
    }
    case 'weight':
      for (const s of net.successors.get(t.from) ?? []) if (s !== t.to) out.push({ kind: 'weight', from: t.from, to: s });
      break;
    case 'inputWeight':
      for (const n of net.neuronsOfInput.get(t.input) ?? []) if (n !== t.neuron) out.push({ kind: 'inputWeight', input: t.input, neuron: n });
      break;
    case 'input':
      break;
    case 'shared':
      throw new RangeError('numeric values are not defined for shared weights (refused by parseValues)');
    default:
      return assertNever(t);
  }
  return out;
}

function mistakesFor<T>(ev: Evaluation<T>, ask: NumericAsk, value: T, terms: readonly PathTerm<T>[]): { value: T; m: Omit<Mistake, 'value'>; noop: boolean }[] {
  const A = ev.arith;
  const out: { value: T; m: Omit<Mistake, 'value'>; noop: boolean }[] = [];
  const add = (v: T, code: NoteCode, label: string, data?: Mistake['data'], noop = false): void => {
    out.push({ value: v, m: data === undefined ? { code, label } : { code, label, data }, noop });
  };
  const what = askLabel(ask, 'text');
  const two = A.from({ num: 2n, den: 1n });
  const isOne = (x: T): boolean => {
    const r = A.rational(x);
    return r ? rEquals(r, { num: 1n, den: 1n }) : A.toNumber(x) === 1 && A.error(x) === 0;
  };
  const recompute = (modify: (f: Factor<T>) => T | null): T =>
    sumOf(A, terms.map((t) => productOf(A, t.factors.map((f) => modify(f) ?? f.value))));
  const y = (o: number): T => A.from(ev.values.target.get(o) as Rational);
  const lossVariants = (apply: (modify: (f: Factor<T>) => T | null) => T, outputs: readonly number[]): void => {
    add(apply((f) => (f.isLoss ? f.rest : null)), NOTE_CODES.numericLossFactorTwo, `${what} with ∂E/∂n = (n − y) instead of 2(n − y) (the factor 2 of the squared error dropped)`);
    add(apply((f) => (f.isLoss ? A.neg(f.value) : null)), NOTE_CODES.numericLossSign, `${what} with (y − n) in place of (n − y) in ∂E/∂n`);
    for (const o of outputs) {
      for (const other of ev.net.outputs) {
        if (other === o) continue;
        const same = rEquals(ev.values.target.get(o) as Rational, ev.values.target.get(other) as Rational);
        const wrong = A.mul(two, A.add(ev.n.get(o) as T, A.neg(y(other))));
        const v = apply((f) => (f.isLoss && f.neuron === o ? wrong : null));
        add(v, NOTE_CODES.numericWrongTarget, `${what} with the target y_${other} of ${neuronId(other)} in place of y_${o} in ∂E/∂n_${o}`, { output: neuronId(o), used: neuronId(other) }, same);
      }
    }
  };

  switch (ask.kind) {
    case 'forward': {
      const i = ask.neuron;
      const g = ev.values.activation.get(i) ?? 'sigmoid';
      const z = ev.z.get(i) as T;
      add(z, NOTE_CODES.numericPreActivation, `z_${i}, the value before the activation (n_${i} = g(z_${i}))`, { neuron: neuronId(i) }, g === 'identity');
      const b = A.from(ev.values.bias.get(i) as Rational);
      const bias = ev.values.bias.get(i) as Rational;
      let noBias: T;
      try {
        noBias = A.act(g, A.add(z, A.neg(b)));
      } catch {
        noBias = value;
      }
      add(noBias, NOTE_CODES.numericMissingBias, `n_${i} without its bias b_${i}`, { neuron: neuronId(i) }, bias.num === 0n);
      add(A.neg(value), NOTE_CODES.numericSign, `−${what}`, undefined, false);
      break;
    }
    case 'local': {
      const f = ev.factor(ask.atom, ask.d);
      if (f.isLoss) {
        lossVariants((modify) => modify(f) ?? f.value, [f.neuron]);
        break;
      }
      const i = f.neuron;
      add(f.rest, NOTE_CODES.numericMissingGPrime, `${what} without ${gName(i)}`, { neuron: neuronId(i) }, isOne(f.gPrime as T));
      add(A.mul(ev.n.get(i) as T, f.rest), NOTE_CODES.numericForwardForDerivative, `${what} with n_${i} = g(z_${i}) in place of ${gName(i)}`, { neuron: neuronId(i) });
      const w = ask.atom.wrt;
      const gp = f.gPrime as T;
      const C = (r: Rational | undefined): T | null => (r === undefined ? null : A.from(r));
      let swapped: T | null = null;
      let swapLabel = '';
      switch (w.kind) {
        case 'neuron':
          swapped = ev.n.get(w.neuron) as T;
          swapLabel = `n_${w.neuron} in place of w_{${w.neuron},${i}}`;
          break;
        case 'weight':
          swapped = C(ev.values.weight.get(`${w.from},${w.to}`));
          swapLabel = `w_{${w.from},${w.to}} in place of n_${w.from}`;
          break;
        case 'inputWeight':
          swapped = C(ev.values.inputWeight.get(`${w.input},${w.neuron}`)?.[ask.d - 1]);
          swapLabel = `(v_{${w.input},${w.neuron}})_d in place of (x_${w.input})_d`;
          break;
        case 'input':
          swapped = C(ev.values.input.get(w.input)?.[ask.d - 1]);
          swapLabel = `(x_${w.input})_d in place of (v_{${w.input},${i}})_d`;
          break;
        case 'loss':
          break;
        case 'shared':
          throw new RangeError('numeric values are not defined for shared weights (refused by parseValues)');
        default:
          assertNever(w);
      }
      if (swapped !== null) add(A.mul(gp, swapped), NOTE_CODES.numericWrongFactor, `${what} with ${swapLabel}`);
      add(A.neg(value), NOTE_CODES.numericSign, `−${what}`);
      break;
    }
    case 'gradient': {
      lossVariants(recompute, [...new Set(terms.map((t) => t.factors[0]?.neuron as number))].sort((a, b) => a - b));
      if (terms.length > 1) {
        for (const t of terms) {
          const rest = sumOf(A, terms.filter((u) => u !== t).map((u) => u.contribution));
          add(rest, NOTE_CODES.numericMissingPath, `${what} without the path ${pathText(t.path, 'text')}`, { path: pathText(t.path, 'text') });
        }
      }
      let extra = 0;
      for (const nb of neighbours(ev.net, ask.target)) {
        if (countPaths(ev.net, nb) === 0n) continue;
        const { paths } = enumeratePaths(ev.net, nb, { cap: MAX_EXTRA_PATHS - extra });
        for (const p of paths) {
          const c = productOf(A, pathFactorsOf(ev, p, ask.d).map((f) => f.value));
          add(A.add(value, c), NOTE_CODES.numericExtraPath, `${what} plus the path ${pathText(p, 'text')}, which does not reach ${renderQuantity(ask.target, 'text')}`, { path: pathText(p, 'text') });
          extra++;
        }
        if (extra >= MAX_EXTRA_PATHS) break;
      }
      const seenAtoms = new Set<string>();
      for (const t of terms) {
        for (const f of t.factors) {
          if (f.isLoss) continue;
          const key = renderAtom(f.atom, 'text');
          if (seenAtoms.has(key)) continue;
          seenAtoms.add(key);
          add(recompute((h) => (renderAtom(h.atom, 'text') === key ? h.rest : null)), NOTE_CODES.numericMissingGPrime, `${what} with ${gName(f.neuron)} left out of ${key}`, { factor: key }, isOne(f.gPrime as T));
        }
      }
      const allOne = terms.every((t) => t.factors.every((f) => f.isLoss || isOne(f.gPrime as T)));
      add(recompute((h) => (h.isLoss ? null : h.rest)), NOTE_CODES.numericMissingGPrimeAll, `${what} with g'(z) left out of every factor (weights and inputs only)`, undefined, allOne);
      const neuronsOnPaths = new Set<number>();
      for (const t of terms) for (const f of t.factors) if (!f.isLoss) neuronsOnPaths.add(f.neuron);
      for (const i of [...neuronsOnPaths].sort((a, b) => a - b)) {
        const ni = ev.n.get(i) as T;
        add(recompute((h) => (!h.isLoss && h.neuron === i ? A.mul(ni, h.rest) : null)), NOTE_CODES.numericForwardForDerivative, `${what} with n_${i} = g(z_${i}) in place of ${gName(i)}`, { neuron: neuronId(i) });
      }
      if (ask.target.kind === 'neuron') {
        add(ev.n.get(ask.target.neuron) as T, NOTE_CODES.numericForwardForDerivative, `the forward value n_${ask.target.neuron} in place of ${what}`, { neuron: neuronId(ask.target.neuron) });
      }
      break;
    }
    default:
      assertNever(ask);
  }
  return out;
}

function termFacts<T>(ev: Evaluation<T>, t: PathTerm<T>): TermFacts {
  return {
    path: pathText(t.path, 'text'),
    pathLatex: pathText(t.path, 'latex'),
    factors: t.factors.map((f) => ({ atom: renderAtom(f.atom, 'text'), latex: renderAtom(f.atom, 'latex'), value: ev.arith.toNumber(f.value) })),
    contribution: ev.num(t.contribution),
  };
}

function analyseWith<T>(ev: Evaluation<T>, ask: NumericAsk): NumericFacts {
  const c = compute(ev, ask);
  const raw = mistakesFor(ev, ask, c.value, c.terms);
  const mistakes: Mistake[] = [];
  const exactValue = ev.arith.rational(c.value);
  for (const r of raw) {
    if (r.noop) continue;
    const ex = ev.arith.rational(r.value);
    // In exact arithmetic a mistake that gives the very same number is no mistake at all for these values.
    if (exactValue && ex && rEquals(exactValue, ex)) continue;
    mistakes.push({ ...r.m, value: ev.arith.toNumber(r.value) });
  }
  return {
    ask,
    askText: askLabel(ask, 'text'),
    askLatex: askLabel(ask, 'latex'),
    value: ev.num(c.value),
    exact: ev.arith.exact,
    terms: c.terms.map((t) => termFacts(ev, t)),
    mistakes,
  };
}

/**
 * Evaluates the network and computes the ask with its terms and mistakes,
 * or says why it cannot (too big, overflow, ReLU kink, no such target).
 * @example analyseNumeric(net1, values, { kind: 'gradient', target: w25, d: 1 })
 */
export function analyseNumeric(net: Network, values: NetworkValues, ask: NumericAsk): AnalyseResult {
  const problem = askProblem(net, values, ask);
  if (problem !== null) return { ok: false, error: problem };
  const r = evaluateNetwork(net, values);
  if (!r.ok) return r;
  const facts = withEvaluation(r.evaluation, (ev) => analyseWith(ev, ask));
  if (!Number.isFinite(facts.value.value)) return { ok: false, error: `${facts.askText} is not a finite number` };
  return { ok: true, facts, evaluation: r.evaluation };
}

/**
 * Mistakes whose value the tolerance cannot tell apart from the right value
 * (their accepted intervals overlap), or whose float error bound is too large
 * for the tolerance. Empty means every diagnosis is unambiguous.
 */
export function separationProblems(facts: NumericFacts, tol: Tolerance): string[] {
  const v = facts.value.value;
  const w = toleranceWidth(tol, v);
  const problems: string[] = [];
  if (facts.value.error > w / 1000) {
    problems.push(`the float64 error bound ${facts.value.error.toExponential(2)} of ${facts.askText} is not small against the tolerance ${w.toExponential(2)}`);
  }
  for (const m of facts.mistakes) {
    if (Math.abs(m.value - v) <= w + toleranceWidth(tol, m.value)) {
      problems.push(`the mistake "${m.label}" gives ${formatNumber(m.value)}, too close to the right value ${formatNumber(v)} for the tolerance (${describeTolerance(tol)})`);
    }
  }
  return problems;
}

/** Partial credit for an answer within CLOSE_FACTOR tolerances: none (the tolerance is stated to the student). */
const CLOSE_CREDIT = 0;

/**
 * Checks a typed number against the facts: correct within the tolerance;
 * otherwise the first mistake whose value it matches (within the tolerance of
 * that value) names what went wrong. Never throws; unreadable input gets a
 * `parse/*` note and is not graded.
 * @example checkNumeric(facts, { relative: 0.01 }, '-1/8').correct
 */
export function checkNumeric(facts: NumericFacts, tol: Tolerance, answer: string): CheckResult {
  const read = readNumberAnswer(answer);
  if (!read.ok) return { correct: false, score: 0, read: null, notes: [read.note] };
  const shown = { text: read.text === formatNumber(read.number) ? read.text : `${read.text} = ${formatNumber(read.number)}`, latex: read.latex };
  const v = facts.value.value;
  if (withinTolerance(tol, v, read.number)) return { correct: true, score: 1, read: shown, notes: [] };
  const notes: Note[] = [];
  const match = facts.mistakes.find((m) => withinTolerance(tol, m.value, read.number));
  if (match) {
    notes.push(note(match.code, `Your value equals ${match.label}.`, { ...(match.data ?? {}), value: formatNumber(match.value) }));
  } else if (Math.abs(read.number - v) <= CLOSE_FACTOR * toleranceWidth(tol, v)) {
    notes.push(note(NOTE_CODES.numericImprecise, `Close, but not ${describeTolerance(tol)}: keep more digits in the intermediate values.`));
  } else {
    notes.push(note(NOTE_CODES.numericWrong, `Your value ${formatNumber(read.number)} is not ${facts.askText}, and it matches none of the common mistakes: recompute the forward values, then each path's product.`));
  }
  return { correct: false, score: CLOSE_CREDIT, read: shown, notes };
}


/**
 * The numeric engine: the forward pass (z_i = b_i + Σ_k w_{k,i} n_k +
 * Σ_l v_{l,i}·x_l, n_i = g(z_i)), the squared error E = Σ_o (n_o − y_o)² of
 * the lecture, the local derivatives (∂E/∂n_o = 2(n_o − y_o),
 * ∂n_i/∂n_k = g'(z_i) w_{k,i}, ∂n_i/∂w_{k,i} = g'(z_i) n_k,
 * ∂n_i/∂(v_{l,i})_d = g'(z_i) (x_l)_d, ∂n_i/∂(x_l)_d = g'(z_i) (v_{l,i})_d)
 * and every gradient as a sum over paths, with each path's contribution.
 * Exact rationals when every activation is identity or ReLU, float64 with
 * an error bound otherwise (see arith.ts).
 */
import type { Atom, Target } from '../types';
import { assertNever } from '../types';
import type { Network } from '../network';
import { neuronId } from '../network';
import { renderAtom, renderQuantity } from '../render';
import type { GradientPath } from '../paths';
import { countPaths, enumeratePaths } from '../paths';
import { validateTarget } from '../target';
import { classifyAtom } from '../expr/classify';
import type { Arith, Approx } from './arith';
import { APPROX, EXACT, KinkError, R_TWO, exactActivations } from './arith';
import type { Rational } from './rational';
import { RationalOverflow, rFromNumber } from './rational';
import type { Activation, NetworkValues } from './values';
import { DEFAULT_ACTIVATION, pairKey } from './values';

/** Largest absolute value any computed quantity may reach (larger ones are refused as overflow). */
export const MAX_ABS_COMPUTED = 1e12;
/** Most paths a numeric gradient may have (each path's contribution is listed and diagnosed). */
export const MAX_NUMERIC_PATHS = 64;

/** A computed number: its float64 value, the exact fraction when known, and a bound on the float's error. */
export interface NumValue {
  readonly value: number;
  readonly exact: Rational | null;
  /** Upper bound on |value − true value| (0 for exact values that are exactly representable; rounding of the fraction otherwise). */
  readonly error: number;
}

/** What a numeric question asks for. `d` is the component (1-based) for input weights and inputs. */
export type NumericAsk =
  | { readonly kind: 'forward'; readonly neuron: number }
  | { readonly kind: 'local'; readonly atom: Atom; readonly d: number }
  | { readonly kind: 'gradient'; readonly target: Target; readonly d: number };

/** One local factor: value = gPrime · rest (or 2 · rest for the loss factor ∂E/∂n_o, where rest = n_o − y_o). */
export interface Factor<T> {
  readonly atom: Atom;
  /** The neuron whose g'(z) this factor carries, or the output neuron of a loss factor. */
  readonly neuron: number;
  readonly isLoss: boolean;
  /** g'(z_neuron); null for a loss factor. */
  readonly gPrime: T | null;
  /** w_{k,i}, n_k, (x_l)_d or (v_{l,i})_d; n_o − y_o for a loss factor. */
  readonly rest: T;
  readonly value: T;
}

/** A path with its factors and contribution. */
export interface PathTerm<T> {
  readonly path: GradientPath;
  readonly factors: readonly Factor<T>[];
  readonly contribution: T;
}

/** Forward and backward values of a whole network under given values. */
export interface Evaluation<T> {
  readonly net: Network;
  readonly values: NetworkValues;
  readonly arith: Arith<T>;
  readonly z: ReadonlyMap<number, T>;
  readonly n: ReadonlyMap<number, T>;
  /** g'(z_i). */
  readonly gPrime: ReadonlyMap<number, T>;
  /** E = Σ_o (n_o − y_o)². */
  readonly loss: T;
  /** ∂E/∂n_i for every neuron (backpropagation, total derivative). */
  readonly dEdn: ReadonlyMap<number, T>;
  /** Converts a value of this evaluation for output. */
  num(x: T): NumValue;
  /** A local factor (the atom must be allowed in the network). */
  factor(atom: Atom, d: number): Factor<T>;
}

/** An evaluation in whichever number system the activations allow. */
export type AnyEvaluation = Evaluation<Rational> | Evaluation<Approx>;

/** Result of `evaluateNetwork`. */
export type EvaluateResult = { ok: true; evaluation: AnyEvaluation } | { ok: false; error: string };

/** Shifts for finite differences (tests): add `delta` to n_neuron after its activation. */
export interface OutputShift {
  readonly neuron: number;
  readonly delta: number;
}

function component<T>(vec: readonly T[] | undefined, d: number, what: string): T {
  const c = vec?.[d - 1];
  if (c === undefined) throw new RangeError(`${what} has no component d = ${d}`);
  return c;
}

function evaluateWith<T>(arith: Arith<T>, net: Network, values: NetworkValues, shift?: OutputShift): Evaluation<T> {
  const z = new Map<number, T>();
  const n = new Map<number, T>();
  const gPrime = new Map<number, T>();
  const C = (r: Rational): T => arith.from(r);
  const act = (id: number): Activation => values.activation.get(id) ?? DEFAULT_ACTIVATION;
  for (const id of net.topologicalOrder) {
    let sum = C(values.bias.get(id) as Rational);
    for (const k of net.predecessors.get(id) ?? []) sum = arith.add(sum, arith.mul(C(values.weight.get(pairKey(k, id)) as Rational), n.get(k) as T));
    for (const l of net.inputsOfNeuron.get(id) ?? []) {
      const v = values.inputWeight.get(pairKey(l, id)) ?? [];
      const x = values.input.get(l) ?? [];
      for (let d = 0; d < values.dimension; d++) sum = arith.add(sum, arith.mul(C(v[d] as Rational), C(x[d] as Rational)));
    }
    z.set(id, sum);
    const g = act(id);
    let out: T;
    try {
      out = arith.act(g, sum);
      gPrime.set(id, arith.dact(g, sum));
    } catch (err) {
      if (err instanceof KinkError) throw new EvaluationError(`z_${id} = ${arith.toNumber(sum)} is at the ReLU kink of ${neuronId(id)}, where g' is undefined: change its bias or weights`);
      throw err;
    }
    if (shift && shift.neuron === id) out = arith.add(out, C(rFromNumber(shift.delta)));
    n.set(id, out);
  }
  const diff = (o: number): T => arith.add(n.get(o) as T, arith.neg(C(values.target.get(o) as Rational)));
  let loss = C({ num: 0n, den: 1n });
  for (const o of net.outputs) loss = arith.add(loss, arith.mul(diff(o), diff(o)));
  const two = C(R_TWO);
  const dEdn = new Map<number, T>();
  for (let p = net.topologicalOrder.length - 1; p >= 0; p--) {
    const id = net.topologicalOrder[p] as number;
    let g = net.outputSet.has(id) ? arith.mul(two, diff(id)) : C({ num: 0n, den: 1n });
    for (const s of net.successors.get(id) ?? []) {
      g = arith.add(g, arith.mul(dEdn.get(s) as T, arith.mul(gPrime.get(s) as T, C(values.weight.get(pairKey(id, s)) as Rational))));
    }
    dEdn.set(id, g);
  }
  const num = (x: T): NumValue => {
    const exact = arith.rational(x);
    const value = arith.toNumber(x);
    return { value, exact, error: exact ? Math.abs(value) * 2 ** -53 : arith.error(x) };
  };
  const factor = (atom: Atom, d: number): Factor<T> => {
    if (atom.of.kind === 'loss') {
      if (atom.wrt.kind !== 'neuron' || !net.outputSet.has(atom.wrt.neuron)) throw new RangeError('∂E/∂n needs an output neuron');
      const rest = diff(atom.wrt.neuron);
      return { atom, neuron: atom.wrt.neuron, isLoss: true, gPrime: null, rest, value: arith.mul(two, rest) };
    }
    if (atom.of.kind !== 'neuron') throw new RangeError('a local derivative is of E or of a neuron');
    const i = atom.of.neuron;
    const gp = gPrime.get(i) as T;
    const w = atom.wrt;
    let rest: T;
    switch (w.kind) {
      case 'neuron':
        rest = C(values.weight.get(pairKey(w.neuron, i)) as Rational);
        break;
      case 'weight':
        rest = n.get(w.from) as T;
        break;
      case 'inputWeight':
        rest = C(component(values.input.get(w.input), d, `x_${w.input}`));
        break;
      case 'input':
        rest = C(component(values.inputWeight.get(pairKey(w.input, i)), d, `v_{${w.input},${i}}`));
        break;
      case 'loss':
        throw new RangeError('∂n/∂E is not a local derivative');
      case 'shared':
        throw new RangeError('numeric values are not defined for shared weights (refused by parseValues)');
      default:
        return assertNever(w);
    }
    return { atom, neuron: i, isLoss: false, gPrime: gp, rest, value: arith.mul(gp, rest) };
  };
  return { net, values, arith, z, n, gPrime, loss, dEdn, num, factor };
}

/** Raised inside evaluation with a message for the author. */
class EvaluationError extends Error {}

function checkOverflow<T>(ev: Evaluation<T>): string | null {
  const big = (x: T): boolean => !(Math.abs(ev.arith.toNumber(x)) <= MAX_ABS_COMPUTED);
  for (const id of ev.net.topologicalOrder) {
    if (big(ev.z.get(id) as T)) return `z_${id} = ${ev.arith.toNumber(ev.z.get(id) as T)} overflows: computed values must stay within ±${MAX_ABS_COMPUTED} (MAX_ABS_COMPUTED)`;
  }
  for (const id of ev.net.topologicalOrder) {
    if (big(ev.dEdn.get(id) as T)) return `∂E/∂n_${id} = ${ev.arith.toNumber(ev.dEdn.get(id) as T)} overflows: computed values must stay within ±${MAX_ABS_COMPUTED} (MAX_ABS_COMPUTED)`;
  }
  if (big(ev.loss)) return `E = ${ev.arith.toNumber(ev.loss)} overflows: computed values must stay within ±${MAX_ABS_COMPUTED} (MAX_ABS_COMPUTED)`;
  return null;
}

/**
 * Evaluates a network under values: exactly when every activation is
 * identity or ReLU, else in float64 with error bounds. Refuses a ReLU at its
 * kink, values beyond MAX_ABS_COMPUTED and fractions beyond MAX_RATIONAL_BITS.
 * @example evaluateNetwork(net1, values) // { ok: true, evaluation }
 */
export function evaluateNetwork(net: Network, values: NetworkValues, shift?: OutputShift): EvaluateResult {
  try {
    const exact = !shift && exactActivations(values.activation.values());
    const evaluation: AnyEvaluation = exact ? evaluateWith(EXACT, net, values) : evaluateWith(APPROX, net, values, shift);
    const problem = checkOverflow<unknown>(evaluation as Evaluation<unknown>);
    return problem ? { ok: false, error: problem } : { ok: true, evaluation };
  } catch (err) {
    if (err instanceof EvaluationError) return { ok: false, error: err.message };
    if (err instanceof RationalOverflow) return { ok: false, error: `the network is too big to evaluate exactly: ${err.message} (MAX_RATIONAL_BITS)` };
    throw err;
  }
}

/** The answer to an ask: its value, and for a gradient every path with its contribution. */
export interface Computed<T> {
  readonly ask: NumericAsk;
  readonly value: T;
  /** For a gradient: one term per path from E (sum = value). For a local derivative: one term with the one factor. Empty for a forward value. */
  readonly terms: readonly PathTerm<T>[];
}

/** Why an ask cannot be computed on this network (unknown target, too many paths, bad d), or null. */
export function askProblem(net: Network, values: NetworkValues, ask: NumericAsk): string | null {
  switch (ask.kind) {
    case 'forward':
      return net.successors.has(ask.neuron) ? null : `${neuronId(ask.neuron)} is not a neuron of this network`;
    case 'local': {
      const v = classifyAtom(net, ask.atom);
      if (!v.ok) return `${renderAtom(ask.atom, 'text')} is not a local derivative of this network: ${v.note.message}`;
      return needsD(ask.atom.wrt.kind) && ask.d > values.dimension ? `d = ${ask.d} but the inputs have dimension D = ${values.dimension}` : null;
    }
    case 'gradient': {
      const valid = validateTarget(net, ask.target);
      if (!valid.ok) return valid.error;
      const count = countPaths(net, ask.target);
      if (count === 0n) return `no path from E reaches ${renderQuantity(ask.target, 'text')}`;
      if (count > BigInt(MAX_NUMERIC_PATHS)) {
        return `∂E/∂${renderQuantity(ask.target, 'text')} has ${count} paths; a numeric question allows at most ${MAX_NUMERIC_PATHS} (MAX_NUMERIC_PATHS), since each path's contribution is listed and diagnosed`;
      }
      return needsD(ask.target.kind) && ask.d > values.dimension ? `d = ${ask.d} but the inputs have dimension D = ${values.dimension}` : null;
    }
    default:
      return assertNever(ask);
  }
}

function needsD(kind: Atom['wrt']['kind']): boolean {
  return kind === 'inputWeight' || kind === 'input';
}

/** The factors of one path, from E downwards. */
export function pathFactorsOf<T>(ev: Evaluation<T>, path: GradientPath, d: number): Factor<T>[] {
  const ns = path.neurons;
  const factors: Factor<T>[] = [ev.factor({ of: { kind: 'loss' }, wrt: { kind: 'neuron', neuron: ns[0] as number } }, d)];
  for (let i = 1; i < ns.length; i++) {
    factors.push(ev.factor({ of: { kind: 'neuron', neuron: ns[i - 1] as number }, wrt: { kind: 'neuron', neuron: ns[i] as number } }, d));
  }
  const last = ns[ns.length - 1] as number;
  const t = path.target;
  if (t.kind !== 'neuron') factors.push(ev.factor({ of: { kind: 'neuron', neuron: last }, wrt: t }, d));
  return factors;
}

/** Product of factor values. */
export function productOf<T>(arith: Arith<T>, values: readonly T[]): T {
  let p = arith.from({ num: 1n, den: 1n });
  for (const v of values) p = arith.mul(p, v);
  return p;
}

/** Sum of values. */
export function sumOf<T>(arith: Arith<T>, values: readonly T[]): T {
  let s = arith.from({ num: 0n, den: 1n });
  for (const v of values) s = arith.add(s, v);
  return s;
}

/** Computes an ask (which must pass `askProblem`). */
export function compute<T>(ev: Evaluation<T>, ask: NumericAsk): Computed<T> {
  switch (ask.kind) {
    case 'forward':
      return { ask, value: ev.n.get(ask.neuron) as T, terms: [] };
    case 'local': {
      const f = ev.factor(ask.atom, ask.d);
      return { ask, value: f.value, terms: [] };
    }
    case 'gradient': {
      const { paths } = enumeratePaths(ev.net, ask.target, { cap: MAX_NUMERIC_PATHS });
      const terms = paths.map((path) => {
        const factors = pathFactorsOf(ev, path, ask.d);
        return { path, factors, contribution: productOf(ev.arith, factors.map((f) => f.value)) };
      });
      return { ask, value: sumOf(ev.arith, terms.map((t) => t.contribution)), terms };
    }
    default:
      return assertNever(ask);
  }
}

/**
 * The same gradient by backpropagation (∂E/∂n_i from the evaluation, then the
 * target's local factor), for cross-checking the sum over paths.
 */
export function backpropGradient<T>(ev: Evaluation<T>, target: Target, d: number): T {
  const A = ev.arith;
  const viaNeuron = (i: number, local: T): T => A.mul(ev.dEdn.get(i) as T, A.mul(ev.gPrime.get(i) as T, local));
  switch (target.kind) {
    case 'neuron':
      return ev.dEdn.get(target.neuron) as T;
    case 'weight':
      return viaNeuron(target.to, ev.n.get(target.from) as T);
    case 'inputWeight':
      return viaNeuron(target.neuron, A.from(component(ev.values.input.get(target.input), d, 'x')));
    case 'input':
      return sumOf(A, (ev.net.neuronsOfInput.get(target.input) ?? []).map((i) => viaNeuron(i, A.from(component(ev.values.inputWeight.get(pairKey(target.input, i)), d, 'v')))));
    case 'shared':
      throw new RangeError('numeric values are not defined for shared weights (refused by parseValues)');
    default:
      return assertNever(target);
  }
}

/** Runs a function generic in the number type on an evaluation of either kind. */
export function withEvaluation<R>(ev: AnyEvaluation, fn: <T>(ev: Evaluation<T>) => R): R {
  return ev.arith.exact ? fn(ev as Evaluation<Rational>) : fn(ev as Evaluation<Approx>);
}

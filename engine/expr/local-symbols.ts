/**
 * Local derivatives one level down: the symbols a student writes them in
 * (`g'(z_5)`, `w_{2,5}`, `n_2`, `(x_1)_d`, `y_7`, …), what is asked
 * (`∂n_i/∂w_{k,i}`, `∂E/∂n_o`, …) and the exact answer of each ask on the
 * network of equation (1) of the lecture:
 *
 *     n_i = g(z_i),  z_i = b_i + Σ_k w_{k,i} n_k + Σ_l v_{l,i} x_l,  E = Σ_o (n_o − y_o)².
 *
 * To reuse the exact algebra of engine/expr/polynomial.ts unchanged, every
 * symbol is carried as one opaque atom with a reserved shape that no gradient
 * atom has (`wrt` the loss, or `of` equal to `wrt`, …); `symbolAtom` and
 * `atomSymbol` are inverse. These atoms never leave this module's checker:
 * rendering goes through `renderSymbol`.
 */
import type { Atom, Expr, Quantity } from '../types';
import { assertNever } from '../types';
import { LOSS, atomExpr, productOf, sumOf } from '../atoms';
import type { Network } from '../network';
import { hasNeuron, isEdge, isInputConnection, isOutput } from '../network';
import type { RenderFormat } from '../render';

/** One symbol of a local-derivative answer. */
export type LocalSymbol =
  /** `g'(z_i)`: the activation's derivative at neuron i. */
  | { readonly kind: 'gPrime'; readonly neuron: number }
  /** `g(z_i)`: the activation itself (equal to n_i; never part of a local derivative). */
  | { readonly kind: 'g'; readonly neuron: number }
  /** `z_i`: the pre-activation. */
  | { readonly kind: 'pre'; readonly neuron: number }
  /** `n_k`: a neuron's output. */
  | { readonly kind: 'neuron'; readonly neuron: number }
  /** `w_{k,i}`: the weight on the edge n_k → n_i. */
  | { readonly kind: 'weight'; readonly from: number; readonly to: number }
  /** `(v_{l,i})_d`: component d of the input weight from x_l into n_i. */
  | { readonly kind: 'inputWeight'; readonly input: number; readonly neuron: number }
  /** `(x_l)_d`: component d of the network input x_l. */
  | { readonly kind: 'input'; readonly input: number }
  /** `b_i`: a neuron's bias. */
  | { readonly kind: 'bias'; readonly neuron: number }
  /** `y_o`: an output's target. */
  | { readonly kind: 'target'; readonly output: number };

/** A local derivative a question asks for. */
export type LocalAsk =
  /** `∂n_i/∂n_k` for an edge n_k → n_i: `g'(z_i) · w_{k,i}`. */
  | { readonly kind: 'neuron'; readonly of: number; readonly wrt: number }
  /** `∂n_i/∂w_{k,i}`: `g'(z_i) · n_k`. */
  | { readonly kind: 'weight'; readonly from: number; readonly to: number }
  /** `∂n_i/∂(v_{l,i})_d`: `g'(z_i) · (x_l)_d`. */
  | { readonly kind: 'inputWeight'; readonly input: number; readonly neuron: number }
  /** `∂n_i/∂(x_l)_d` for an input connection x_l → n_i: `g'(z_i) · (v_{l,i})_d`. */
  | { readonly kind: 'input'; readonly input: number; readonly neuron: number }
  /** `∂n_i/∂b_i`: `g'(z_i)`. */
  | { readonly kind: 'bias'; readonly neuron: number }
  /** `∂E/∂n_o` for an output o: `2(n_o − y_o)`. */
  | { readonly kind: 'loss'; readonly output: number };

/** Every kind of local ask. */
export const LOCAL_ASK_KINDS = ['neuron', 'weight', 'inputWeight', 'input', 'bias', 'loss'] as const;

const n = (neuron: number): Quantity => ({ kind: 'neuron', neuron });
const x = (input: number): Quantity => ({ kind: 'input', input });

/** The opaque atom that carries a symbol through the polynomial algebra. */
export function symbolAtom(s: LocalSymbol): Atom {
  switch (s.kind) {
    case 'gPrime':
      return { of: n(s.neuron), wrt: n(s.neuron) };
    case 'g':
      return { of: x(s.neuron), wrt: n(s.neuron) };
    case 'pre':
      return { of: x(s.neuron), wrt: x(s.neuron) };
    case 'neuron':
      return { of: n(s.neuron), wrt: LOSS };
    case 'weight':
      return { of: { kind: 'weight', from: s.from, to: s.to }, wrt: LOSS };
    case 'inputWeight':
      return { of: { kind: 'inputWeight', input: s.input, neuron: s.neuron }, wrt: LOSS };
    case 'input':
      return { of: x(s.input), wrt: LOSS };
    case 'bias':
      return { of: LOSS, wrt: x(s.neuron) };
    case 'target':
      return { of: LOSS, wrt: n(s.output) };
    default:
      return assertNever(s);
  }
}

/** The symbol an atom made by `symbolAtom` carries, or null for any other atom. */
export function atomSymbol(a: Atom): LocalSymbol | null {
  const { of, wrt } = a;
  if (wrt.kind === 'loss') {
    switch (of.kind) {
      case 'neuron':
        return { kind: 'neuron', neuron: of.neuron };
      case 'weight':
        return { kind: 'weight', from: of.from, to: of.to };
      case 'inputWeight':
        return { kind: 'inputWeight', input: of.input, neuron: of.neuron };
      case 'input':
        return { kind: 'input', input: of.input };
      default:
        return null;
    }
  }
  if (of.kind === 'loss') {
    if (wrt.kind === 'input') return { kind: 'bias', neuron: wrt.input };
    if (wrt.kind === 'neuron') return { kind: 'target', output: wrt.neuron };
    return null;
  }
  if (of.kind === 'neuron' && wrt.kind === 'neuron' && of.neuron === wrt.neuron) return { kind: 'gPrime', neuron: of.neuron };
  if (of.kind === 'input' && wrt.kind === 'neuron' && of.input === wrt.neuron) return { kind: 'g', neuron: of.input };
  if (of.kind === 'input' && wrt.kind === 'input' && of.input === wrt.input) return { kind: 'pre', neuron: of.input };
  return null;
}

/** A symbol as an expression leaf. */
export function symbolExpr(s: LocalSymbol): Expr {
  return atomExpr(symbolAtom(s));
}

/** Renders one symbol: `g'(z_5)`, `w_{2,5}`, `(x_1)_d` in text; `g'(z_{5})`, `w_{2,5}`, `(x_{1})_d` in LaTeX. */
export function renderSymbol(s: LocalSymbol, format: RenderFormat): string {
  const sub = (i: number): string => (format === 'latex' ? `_{${i}}` : `_${i}`);
  switch (s.kind) {
    case 'gPrime':
      return `g'(z${sub(s.neuron)})`;
    case 'g':
      return `g(z${sub(s.neuron)})`;
    case 'pre':
      return `z${sub(s.neuron)}`;
    case 'neuron':
      return `n${sub(s.neuron)}`;
    case 'weight':
      return `w_{${s.from},${s.to}}`;
    case 'inputWeight':
      return `(v_{${s.input},${s.neuron}})_d`;
    case 'input':
      return `(x${sub(s.input)})_d`;
    case 'bias':
      return `b${sub(s.neuron)}`;
    case 'target':
      return `y${sub(s.output)}`;
    default:
      return assertNever(s);
  }
}

/** Canonical key of a symbol (its atom's key is used inside the algebra). */
export function symbolKey(s: LocalSymbol): string {
  return renderSymbol(s, 'latex');
}

/** The exact answer of an ask, as an expression over symbol atoms (no network needed). */
export function localKeyExpr(ask: LocalAsk): Expr {
  const gp = (i: number): Expr => symbolExpr({ kind: 'gPrime', neuron: i });
  switch (ask.kind) {
    case 'neuron':
      return productOf([gp(ask.of), symbolExpr({ kind: 'weight', from: ask.wrt, to: ask.of })]);
    case 'weight':
      return productOf([gp(ask.to), symbolExpr({ kind: 'neuron', neuron: ask.from })]);
    case 'inputWeight':
      return productOf([gp(ask.neuron), symbolExpr({ kind: 'input', input: ask.input })]);
    case 'input':
      return productOf([gp(ask.neuron), symbolExpr({ kind: 'inputWeight', input: ask.input, neuron: ask.neuron })]);
    case 'bias':
      return gp(ask.neuron);
    case 'loss':
      return productOf([
        { kind: 'num', value: 2n },
        sumOf([symbolExpr({ kind: 'neuron', neuron: ask.output }), { kind: 'neg', expr: symbolExpr({ kind: 'target', output: ask.output }) }]),
      ]);
    default:
      return assertNever(ask);
  }
}

/** The neuron differentiated (i), or null for `∂E/∂n_o`. */
export function askNeuron(ask: LocalAsk): number | null {
  switch (ask.kind) {
    case 'neuron':
      return ask.of;
    case 'weight':
      return ask.to;
    case 'inputWeight':
    case 'input':
    case 'bias':
      return ask.neuron;
    case 'loss':
      return null;
    default:
      return assertNever(ask);
  }
}

/** Renders the derivative asked: `∂n_5/∂w_{2,5}` (text) or `\frac{\partial n_{5}}{\partial w_{2,5}}` (LaTeX). */
export function renderAsk(ask: LocalAsk, format: RenderFormat): string {
  const t = (s: LocalSymbol): string => renderSymbol(s, format);
  let of: string;
  let wrt: string;
  switch (ask.kind) {
    case 'neuron':
      of = t({ kind: 'neuron', neuron: ask.of });
      wrt = t({ kind: 'neuron', neuron: ask.wrt });
      break;
    case 'weight':
      of = t({ kind: 'neuron', neuron: ask.to });
      wrt = t({ kind: 'weight', from: ask.from, to: ask.to });
      break;
    case 'inputWeight':
      of = t({ kind: 'neuron', neuron: ask.neuron });
      wrt = t({ kind: 'inputWeight', input: ask.input, neuron: ask.neuron });
      break;
    case 'input':
      of = t({ kind: 'neuron', neuron: ask.neuron });
      wrt = t({ kind: 'input', input: ask.input });
      break;
    case 'bias':
      of = t({ kind: 'neuron', neuron: ask.neuron });
      wrt = t({ kind: 'bias', neuron: ask.neuron });
      break;
    case 'loss':
      of = 'E';
      wrt = t({ kind: 'neuron', neuron: ask.output });
      break;
    default:
      return assertNever(ask);
  }
  return format === 'latex' ? `\\frac{\\partial ${of}}{\\partial ${wrt}}` : `∂${of}/∂${wrt}`;
}

/** The ask as a short text for packs and the CLI: `n5/w2,5`-style input is read by `parseLocalAsk`; this prints `n_5/w_{2,5}`. */
export function formatLocalAsk(ask: LocalAsk): string {
  return renderAsk(ask, 'text').replaceAll('∂', '');
}

/** The ask as a derivative atom of engine/types (as an expression answer's left-hand side reads), or null for a bias. */
export function askAtom(ask: LocalAsk): Atom | null {
  switch (ask.kind) {
    case 'neuron':
      return { of: n(ask.of), wrt: n(ask.wrt) };
    case 'weight':
      return { of: n(ask.to), wrt: { kind: 'weight', from: ask.from, to: ask.to } };
    case 'inputWeight':
      return { of: n(ask.neuron), wrt: { kind: 'inputWeight', input: ask.input, neuron: ask.neuron } };
    case 'input':
      return { of: n(ask.neuron), wrt: x(ask.input) };
    case 'bias':
      return null;
    case 'loss':
      return { of: LOSS, wrt: n(ask.output) };
    default:
      return assertNever(ask);
  }
}

/** Why an ask does not fit a network, or null when it does. */
export function localAskProblem(net: Network, ask: LocalAsk): string | null {
  const neuron = (i: number): string | null => (hasNeuron(net, i) ? null : `n_${i} is not a neuron of ${net.name}`);
  switch (ask.kind) {
    case 'neuron':
      return neuron(ask.of) ?? neuron(ask.wrt) ?? (isEdge(net, ask.wrt, ask.of) ? null : `there is no edge n_${ask.wrt} → n_${ask.of} in ${net.name}, so ∂n_${ask.of}/∂n_${ask.wrt} is not a local derivative`);
    case 'weight':
      return isEdge(net, ask.from, ask.to) ? null : `w_{${ask.from},${ask.to}} is not a weight of ${net.name} (no edge n_${ask.from} → n_${ask.to})`;
    case 'inputWeight':
    case 'input':
      return isInputConnection(net, ask.input, ask.neuron) ? null : `x_${ask.input} does not feed n_${ask.neuron} in ${net.name}`;
    case 'bias':
      return neuron(ask.neuron);
    case 'loss':
      return neuron(ask.output) ?? (isOutput(net, ask.output) ? null : `n_${ask.output} is not an output of ${net.name}, so ∂E/∂n_${ask.output} is not a local derivative`);
    default:
      return assertNever(ask);
  }
}

/** Every local ask of a network of one kind, in a stable order (for per-student variants). */
export function localAsksOfKind(net: Network, kind: LocalAsk['kind']): LocalAsk[] {
  switch (kind) {
    case 'neuron':
      return net.edges.map((e) => ({ kind, of: e.to, wrt: e.from }));
    case 'weight':
      return net.edges.map((e) => ({ kind, from: e.from, to: e.to }));
    case 'inputWeight':
    case 'input':
      return net.inputs.map((c) => ({ kind, input: c.input, neuron: c.neuron }));
    case 'bias':
      return net.neurons.map((neuron) => ({ kind, neuron }));
    case 'loss':
      return net.outputs.map((output) => ({ kind, output }));
    default:
      return assertNever(kind);
  }
}

/** True when two asks are the same derivative. */
export function asksEqual(a: LocalAsk, b: LocalAsk): boolean {
  return formatLocalAsk(a) === formatLocalAsk(b);
}

/** The result of `parseLocalAsk`. */
export type ParseLocalAskResult = { readonly ok: true; readonly ask: LocalAsk } | { readonly ok: false; readonly error: string };

const INDEX = String.raw`_?\{?(\d{1,6})\}?`;
/** Two indices: with a comma, or two single digits (`w25`). */
const PAIR = String.raw`_?\{?(\d{1,6},\d{1,6}|\d\d)\}?`;

function pair(group: string | undefined): [number, number] {
  const g = group ?? '';
  const [a, b] = g.includes(',') ? g.split(',') : [g.slice(0, 1), g.slice(1)];
  return [Number(a), Number(b)];
}

const ASK_PATTERNS: readonly [RegExp, (m: RegExpExecArray) => LocalAsk][] = [
  [new RegExp(`^E/n${INDEX}$`), (m) => ({ kind: 'loss', output: Number(m[1]) })],
  [new RegExp(`^n${INDEX}/n${INDEX}$`), (m) => ({ kind: 'neuron', of: Number(m[1]), wrt: Number(m[2]) })],
  [new RegExp(`^n${INDEX}/w${PAIR}$`), (m) => {
    const [from, to] = pair(m[2]);
    return { kind: 'weight', from, to };
  }],
  [new RegExp(`^n${INDEX}/\\(?v${PAIR}\\)?(?:_\\{?d\\}?)?$`), (m) => {
    const [input, neuron] = pair(m[2]);
    return { kind: 'inputWeight', input, neuron };
  }],
  [new RegExp(`^n${INDEX}/\\(?x${INDEX}\\)?(?:_\\{?d\\}?)?$`), (m) => ({ kind: 'input', input: Number(m[2]), neuron: Number(m[1]) })],
  [new RegExp(`^n${INDEX}/b${INDEX}$`), (m) => ({ kind: 'bias', neuron: Number(m[1]) })],
];

/** Longest ask text read by `parseLocalAsk`. */
export const MAX_LOCAL_ASK_CHARS = 64;

/**
 * Reads an ask written as `of/wrt` without the ∂ marks (they may be there):
 * `n_5/w_{2,5}`, `n7/n5`, `n_1/(v_{1,1})_d`, `n_3/(x_2)_d`, `n_5/b_5`, `E/n_7`.
 * A two-index name needs a comma unless both indices are one digit (`w25`).
 * The indices must agree (`n_5/w_{2,5}`, not `n_4/w_{2,5}`).
 * @example parseLocalAsk('n_5/w_{2,5}') // { ok: true, ask: { kind: 'weight', from: 2, to: 5 } }
 */
export function parseLocalAsk(text: string): ParseLocalAskResult {
  if (text.length > MAX_LOCAL_ASK_CHARS) return { ok: false, error: `a local derivative is at most ${MAX_LOCAL_ASK_CHARS} characters` };
  const s = text.replace(/\\partial|∂/g, '').replace(/\s+/g, '');
  for (const [pattern, make] of ASK_PATTERNS) {
    const m = pattern.exec(s);
    if (!m) continue;
    const ask = make(m);
    const i = Number(m[1]);
    if ((ask.kind === 'weight' && ask.to !== i) || (ask.kind === 'inputWeight' && ask.neuron !== i)) {
      return { ok: false, error: `${text}: the weight's second index must be the neuron differentiated (n_${i})` };
    }
    if (ask.kind === 'bias' && Number(m[2]) !== i) return { ok: false, error: `${text}: the bias must be the neuron's own (b_${i})` };
    return { ok: true, ask };
  }
  return { ok: false, error: `${JSON.stringify(text)} is not a local derivative: write it as n_5/w_{2,5}, n_7/n_5, n_1/(v_{1,1})_d, n_3/(x_2)_d, n_5/b_5 or E/n_7` };
}

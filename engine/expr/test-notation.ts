/**
 * Test helper: writes an expression the many ways students and MathLive do
 * (plain ASCII, Unicode, typed LaTeX, MathLive LaTeX, and a per-atom mix),
 * with seeded random spacing, multiplication signs, juxtaposition and
 * brackets; and builds random equivalent factorings of a sum of paths.
 * Used only by tests and the benchmark.
 */
import type { Atom, Expr, Quantity } from '../types';
import { assertNever } from '../types';
import { atomExpr, atomKey, productOf, sumOf } from '../atoms';
import type { Rng } from '../rng';

/** The notation styles the checker must accept. */
export const NOTATION_STYLES = ['plain', 'unicode', 'latex', 'mathlive', 'mixed'] as const;

/** One notation style. */
export type NotationStyle = (typeof NOTATION_STYLES)[number];

type AtomStyle = Exclude<NotationStyle, 'mixed'>;

const ATOM_STYLES: readonly AtomStyle[] = ['plain', 'unicode', 'latex', 'mathlive'];
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';

function space(rng: Rng): string {
  return rng.pick(['', '', ' ', '  ']);
}

function subscriptDigits(n: number): string {
  return String(n)
    .split('')
    .map((d) => SUBSCRIPT[Number(d)] as string)
    .join('');
}

/** A one-index name (`n6`, `n_6`, `n_{6}`, `n₆`); multi-digit indices never run into a following digit. */
function single(letter: string, i: number, style: AtomStyle, rng: Rng): string {
  switch (style) {
    case 'plain':
      return rng.pick([`${letter}${i}`, `${letter}_${i}`, `${letter}_{${i}}`]);
    case 'unicode':
      return rng.pick([`${letter}${i}`, `${letter}_${i}`, `${letter}${subscriptDigits(i)}`]);
    case 'latex':
      return rng.pick([`${letter}_${i}`, `${letter}_{${i}}`, `${letter}_{ ${i} }`].filter((s) => i < 10 || !/_\d\d/.test(s)));
    case 'mathlive':
      return i < 10 ? rng.pick([`${letter}_${i}`, `${letter}_{${i}}`]) : `${letter}_{${i}}`;
    default:
      return assertNever(style);
  }
}

/** A two-index name: `w25` only when both are one digit, else with a separator or braces. */
function pair(letter: string, a: number, b: number, style: AtomStyle, rng: Rng): string {
  const short = a < 10 && b < 10;
  const forms: string[] = [`${letter}_{${a},${b}}`, `${letter}_${a},${b}`, `${letter}_{${a}, ${b}}`];
  if (short) forms.push(`${letter}${a}${b}`, `${letter}_{${a}${b}}`, `${letter}_${a}${b}`);
  if (style === 'latex' || style === 'mathlive') return rng.pick([`${letter}_{${a},${b}}`, `${letter}_{${a}, ${b}}`]);
  if (style === 'unicode' && short) forms.push(`${letter}${subscriptDigits(a)}${subscriptDigits(b)}`, `${letter}${subscriptDigits(a)},${subscriptDigits(b)}`);
  return rng.pick(forms);
}

function quantity(q: Quantity, style: AtomStyle, rng: Rng): string {
  const latexish = style === 'latex' || style === 'mathlive';
  const component = (inner: string): string => {
    if (style === 'mathlive') return rng.pick([`\\left(${inner}\\right)_{d}`, `(${inner})_{d}`, `(${inner})_d`]);
    if (latexish) return rng.pick([`(${inner})_d`, `(${inner})_{d}`, `\\left(${inner}\\right)_d`]);
    return rng.pick([`(${inner})_d`, inner, `(${inner})_{d}`]);
  };
  switch (q.kind) {
    case 'loss':
      return 'E';
    case 'neuron':
      return single('n', q.neuron, style, rng);
    case 'weight':
      return pair('w', q.from, q.to, style, rng);
    case 'inputWeight':
      return component(pair('v', q.input, q.neuron, style, rng));
    case 'input':
      return component(single('x', q.input, style, rng));
    case 'shared':
      return `w_{${q.name}}`;
    default:
      return assertNever(q);
  }
}

/** Writes one atom in a style, e.g. `dn5/dw25`, `∂n_5/∂w_{2,5}`, `\frac{\partial n_5}{\partial w_{2,5}}`. */
export function writeAtom(atom: Atom, style: AtomStyle, rng: Rng): string {
  const of = quantity(atom.of, style, rng);
  const wrt = quantity(atom.wrt, style, rng);
  switch (style) {
    case 'plain': {
      const form = rng.int(0, 3);
      if (form === 0) return `(d${of})/(d${wrt})`;
      if (form === 1) return `d${of} / d${wrt}`;
      return `d${of}/d${wrt}`;
    }
    case 'unicode':
      return rng.pick([`∂${of}/∂${wrt}`, `∂${of} / ∂${wrt}`, `(∂${of})/(∂${wrt})`]);
    case 'latex':
      return rng.pick([
        `\\frac{\\partial ${of}}{\\partial ${wrt}}`,
        `\\frac{d${of}}{d${wrt}}`,
        `\\partial ${of}/\\partial ${wrt}`,
        `\\dfrac{\\partial ${of}}{\\partial ${wrt}}`,
      ]);
    case 'mathlive':
      return rng.pick([`\\frac{\\partial ${of}}{\\partial ${wrt}}`, `\\frac{\\mathrm{d}${of}}{\\mathrm{d}${wrt}}`]);
    default:
      return assertNever(style);
  }
}

function group(inner: string, style: NotationStyle, rng: Rng): string {
  switch (style) {
    case 'plain':
    case 'unicode':
      return rng.pick([`(${inner})`, `[${inner}]`, `( ${inner} )`]);
    case 'latex':
      return rng.pick([`\\left(${inner}\\right)`, `(${inner})`, `{(${inner})}`, `\\left[${inner}\\right]`]);
    case 'mathlive':
      return `\\left(${inner}\\right)`;
    case 'mixed':
      return rng.pick([`(${inner})`, `[${inner}]`, `\\left(${inner}\\right)`]);
    default:
      return assertNever(style);
  }
}

function times(style: NotationStyle, rng: Rng): string {
  const s = space(rng);
  switch (style) {
    case 'plain':
      return rng.pick([`${s}*${s}`, ' ', `${s}*`, '']);
    case 'unicode':
      return rng.pick([`${s}·${s}`, `${s}×${s}`, ' ', '', `${s}⋅${s}`]);
    case 'latex':
      return rng.pick([' \\cdot ', ' \\times ', '\\cdot ', ' ', '']);
    case 'mathlive':
      return rng.pick(['\\cdot ', '']);
    case 'mixed':
      return rng.pick([' * ', '·', ' \\cdot ', ' ', '', '×']);
    default:
      return assertNever(style);
  }
}

function plus(rng: Rng): string {
  return `${space(rng)}+${space(rng)}`;
}

/**
 * Writes an expression in a notation style with seeded random spacing,
 * multiplication signs (including none), bracket kinds and factor order
 * inside each atom's notation. Only `atom`, `sum` and `product` nodes (what
 * keys contain) are supported, plus `num` and `neg` for mutations.
 * @example writeExpr(expr, 'latex', createRng(1))
 */
export function writeExpr(expr: Expr, style: NotationStyle, rng: Rng): string {
  const atomStyle = (): AtomStyle => (style === 'mixed' ? rng.pick(ATOM_STYLES) : style);
  const go = (e: Expr, needParens: boolean): string => {
    switch (e.kind) {
      case 'atom':
        return writeAtom(e.atom, atomStyle(), rng);
      case 'num':
        return e.value < 0n ? group(e.value.toString(), style, rng) : e.value.toString();
      case 'neg': {
        const inner = `-${space(rng)}${go(e.expr, true)}`;
        return needParens ? group(inner, style, rng) : inner;
      }
      case 'sum': {
        let out = '';
        e.terms.forEach((t, i) => {
          if (i === 0) out += go(t, false);
          else if (t.kind === 'neg') out += `${space(rng)}-${space(rng)}${go(t.expr, true)}`;
          else out += plus(rng) + go(t, false);
        });
        return needParens && e.terms.length > 1 ? group(out, style, rng) : out;
      }
      case 'product': {
        let out = '';
        e.factors.forEach((f, i) => {
          const text = go(f, true);
          if (i > 0) {
            // A number can't follow juxtaposed digits safely; always use an explicit sign before it.
            out += f.kind === 'num' ? ' * ' : times(style, rng);
          }
          out += text;
        });
        return out;
      }
      default:
        return assertNever(e);
    }
  };
  return go(expr, false);
}

/** A seeded Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * A random equivalent form of a sum of products of atoms: terms and factors
 * shuffled, and common factors pulled out of random subsets of terms, nested
 * (e.g. `((a+b)c + d)e`). Every product must be non-empty.
 */
export function randomFactoring(products: readonly (readonly Atom[])[], rng: Rng): Expr {
  if (products.length === 0) return { kind: 'num', value: 0n };
  if (products.length === 1 || rng.next() < 0.25) {
    return sumOf(shuffled(products, rng).map((p) => productOf(shuffled(p, rng).map(atomExpr))));
  }
  // Pick an atom shared by at least two products and factor it out of them.
  const counts = new Map<string, { atom: Atom; n: number }>();
  for (const p of products) {
    for (const k of new Set(p.map(atomKey))) {
      const a = p.find((x) => atomKey(x) === k) as Atom;
      const c = counts.get(k);
      if (c) c.n++;
      else counts.set(k, { atom: a, n: 1 });
    }
  }
  const shared = [...counts.values()].filter((c) => c.n >= 2);
  if (shared.length === 0) return sumOf(shuffled(products, rng).map((p) => productOf(shuffled(p, rng).map(atomExpr))));
  const { atom } = rng.pick(shared);
  const key = atomKey(atom);
  const withIt: Atom[][] = [];
  const rest: Atom[][] = [];
  for (const p of products) {
    const i = p.findIndex((x) => atomKey(x) === key);
    if (i >= 0 && (withIt.length < 2 || rng.next() < 0.8)) withIt.push([...p.slice(0, i), ...p.slice(i + 1)]);
    else rest.push([...p]);
  }
  // Products that were exactly the common atom leave an empty product (= 1): keep them as their own terms.
  const inner = withIt.some((p) => p.length === 0) ? null : randomFactoring(withIt, rng);
  const factored: Expr = inner
    ? productOf(rng.next() < 0.5 ? [atomExpr(atom), inner] : [inner, atomExpr(atom)])
    : sumOf(withIt.map((p) => productOf([...p, atom].map(atomExpr))));
  const terms = rest.length > 0 ? [factored, randomFactoring(rest, rng)] : [factored];
  return sumOf(shuffled(terms, rng));
}

/**
 * Renders quantities, atoms and expression trees as plain text (what a
 * student could type) or LaTeX (for KaTeX). Parentheses appear only where the
 * structure needs them: a sum inside a product, or a negation that is not first.
 */
import type { Atom, Expr, Quantity } from './types';
import { assertNever } from './types';

/** Output formats: plain text with `∂`, `·`, or LaTeX for KaTeX. */
export type RenderFormat = 'text' | 'latex';

/**
 * Largest expression (counted in printed leaves) `renderExpr` will print.
 * Answer keys share sub-expressions in memory, so a key for a deep, wide
 * network can be tiny in memory and astronomically long on paper.
 */
export const MAX_RENDERED_LEAVES = 200_000;

/**
 * Renders a quantity: text `E`, `n_6`, `w_{2,5}`, `(v_{1,1})_d`, `(x_2)_d`, `w_{hh}` (shared);
 * LaTeX `E`, `n_{6}`, `w_{2,5}`, `(v_{1,1})_d`, `(x_{2})_d`.
 */
export function renderQuantity(q: Quantity, format: RenderFormat): string {
  const latex = format === 'latex';
  switch (q.kind) {
    case 'loss':
      return 'E';
    case 'neuron':
      return latex ? `n_{${q.neuron}}` : `n_${q.neuron}`;
    case 'weight':
      return `w_{${q.from},${q.to}}`;
    case 'inputWeight':
      return `(v_{${q.input},${q.neuron}})_d`;
    case 'input':
      return latex ? `(x_{${q.input}})_d` : `(x_${q.input})_d`;
    case 'shared':
      return `w_{${q.name}}`;
    default:
      return assertNever(q);
  }
}

/**
 * Renders one atom `∂of/∂wrt`.
 * @example renderAtom(lossAtom(6), 'text') // '∂E/∂n_6'
 * @example renderAtom(lossAtom(6), 'latex') // '\\frac{\\partial E}{\\partial n_{6}}'
 */
export function renderAtom(atom: Atom, format: RenderFormat): string {
  const of = renderQuantity(atom.of, format);
  const wrt = renderQuantity(atom.wrt, format);
  return format === 'latex' ? `\\frac{\\partial ${of}}{\\partial ${wrt}}` : `∂${of}/∂${wrt}`;
}

/** Number of leaves (atoms and numbers) the expression prints, saturating at `limit + 1`. */
export function exprPrintedLeaves(expr: Expr, limit: number = MAX_RENDERED_LEAVES): number {
  // Memoised because keys share sub-expressions (a DAG in memory).
  const memo = new Map<Expr, number>();
  const cap = limit + 1;
  const visit = (e: Expr): number => {
    const known = memo.get(e);
    if (known !== undefined) return known;
    let n: number;
    switch (e.kind) {
      case 'atom':
      case 'num':
        n = 1;
        break;
      case 'neg':
        n = visit(e.expr);
        break;
      case 'sum':
        n = e.terms.reduce((acc, t) => Math.min(cap, acc + visit(t)), 0);
        break;
      case 'product':
        n = e.factors.reduce((acc, f) => Math.min(cap, acc + visit(f)), 0);
        break;
      default:
        return assertNever(e);
    }
    memo.set(e, n);
    return n;
  };
  return visit(expr);
}

interface Syntax {
  readonly open: string;
  readonly close: string;
  readonly times: string;
  readonly plus: string;
  readonly minus: string;
}

const SYNTAX: Record<RenderFormat, Syntax> = {
  text: { open: '(', close: ')', times: ' · ', plus: ' + ', minus: ' - ' },
  latex: { open: '\\left(', close: '\\right)', times: ' \\cdot ', plus: ' + ', minus: ' - ' },
};

/** Strips one-element sums/products, which print as their only child. */
function unwrap(e: Expr): Expr {
  let cur = e;
  for (;;) {
    if (cur.kind === 'sum' && cur.terms.length === 1) cur = cur.terms[0] as Expr;
    else if (cur.kind === 'product' && cur.factors.length === 1) cur = cur.factors[0] as Expr;
    else return cur;
  }
}

/** True when the expression prints with a leading minus sign. */
function isNegative(e: Expr): boolean {
  const u = unwrap(e);
  if (u.kind === 'neg') return true;
  if (u.kind === 'num') return u.value < 0n;
  if (u.kind === 'product') return u.factors.length > 0 && isNegative(u.factors[0] as Expr);
  return false;
}

/**
 * Where an expression is printed, which decides whether it needs parentheses:
 * `top`/`term` never; `first` (first factor of a product) only for a sum;
 * `factor` and `operand` (of a minus sign) for a sum or anything with a leading minus.
 */
type Slot = 'top' | 'term' | 'first' | 'factor' | 'operand';

// Module-level rather than a closure per node: render() is on the grading hot path.
function paren(s: Syntax, inner: string): string {
  return `${s.open}${inner}${s.close}`;
}

function render(expr: Expr, format: RenderFormat, slot: Slot): string {
  const s = SYNTAX[format];
  const e = unwrap(expr);
  const tight = slot === 'factor' || slot === 'operand';
  switch (e.kind) {
    case 'atom':
      return renderAtom(e.atom, format);
    case 'num': {
      const text = e.value.toString();
      return e.value < 0n && tight ? paren(s, text) : text;
    }
    case 'neg': {
      const text = `-${render(e.expr, format, 'operand')}`;
      return tight ? paren(s, text) : text;
    }
    case 'sum': {
      if (e.terms.length === 0) return '0';
      let out = '';
      e.terms.forEach((term, i) => {
        const t = unwrap(term);
        if (i === 0) out += render(t, format, 'term');
        else if (t.kind === 'neg') out += s.minus + render(t.expr, format, 'operand');
        else if (t.kind === 'num' && t.value < 0n) out += s.minus + (-t.value).toString();
        else out += s.plus + render(t, format, 'term');
      });
      return tight || slot === 'first' ? paren(s, out) : out;
    }
    case 'product': {
      if (e.factors.length === 0) return '1';
      const out = e.factors.map((f, i) => render(f, format, i === 0 ? 'first' : 'factor')).join(s.times);
      return tight && isNegative(e) ? paren(s, out) : out;
    }
    default:
      return assertNever(e);
  }
}

/**
 * Renders an expression tree. Sums use ` + ` (` - ` before a negated term),
 * products ` · ` (LaTeX `\cdot`), and parentheses (LaTeX `\left( … \right)`)
 * appear only where needed.
 * Throws a RangeError if the printed form would exceed `MAX_RENDERED_LEAVES` leaves.
 * @example renderExpr(productOfAtoms([lossAtom(6), neuronAtom(6, 4)]), 'text') // '∂E/∂n_6 · ∂n_6/∂n_4'
 */
export function renderExpr(expr: Expr, format: RenderFormat): string {
  const leaves = exprPrintedLeaves(expr);
  if (leaves > MAX_RENDERED_LEAVES) {
    throw new RangeError(`expression too large to print (more than ${MAX_RENDERED_LEAVES} leaves)`);
  }
  return render(expr, format, 'top');
}

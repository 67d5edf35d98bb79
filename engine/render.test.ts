import { describe, expect, it } from 'vitest';
import type { Expr } from './types';
import {
  atomExpr,
  atomKey,
  inputAtom,
  inputWeightAtom,
  lossAtom,
  neuronAtom,
  parseAtomKey,
  parseQuantityKey,
  productOf,
  productOfAtoms,
  quantityKey,
  sumOf,
  weightAtom,
} from './atoms';
import { MAX_RENDERED_LEAVES, exprPrintedLeaves, renderAtom, renderExpr, renderQuantity } from './render';

const a = atomExpr(lossAtom(6));
const b = atomExpr(neuronAtom(6, 4));
const c = atomExpr(neuronAtom(4, 1));
const neg = (expr: Expr): Expr => ({ kind: 'neg', expr });
const num = (value: bigint): Expr => ({ kind: 'num', value });

describe('atom keys', () => {
  it('are canonical for every atom kind', () => {
    expect(atomKey(lossAtom(6))).toBe('E/n6');
    expect(atomKey(neuronAtom(6, 4))).toBe('n6/n4');
    expect(atomKey(weightAtom(2, 5))).toBe('n5/w2,5');
    expect(atomKey(inputWeightAtom(1, 1))).toBe('n1/v1,1');
    expect(atomKey(inputAtom(2, 2))).toBe('n2/x2');
    expect(atomKey(neuronAtom(12, 103))).toBe('n12/n103');
  });

  it('round-trip through parseAtomKey and parseQuantityKey', () => {
    for (const atom of [
      lossAtom(6),
      neuronAtom(16, 4),
      weightAtom(12, 5),
      inputWeightAtom(1, 10),
      inputAtom(2, 3),
    ]) {
      expect(parseAtomKey(atomKey(atom))).toEqual(atom);
    }
    expect(parseQuantityKey('E')).toEqual({ kind: 'loss' });
    expect(quantityKey({ kind: 'input', input: 7 })).toBe('x7');
    expect(parseQuantityKey('n0')).toBeNull();
    expect(parseQuantityKey('w1')).toBeNull();
    expect(parseAtomKey('n1')).toBeNull();
  });
});

describe('renderQuantity / renderAtom', () => {
  it('renders every quantity in text and LaTeX', () => {
    expect(renderQuantity({ kind: 'neuron', neuron: 12 }, 'text')).toBe('n_12');
    expect(renderQuantity({ kind: 'neuron', neuron: 12 }, 'latex')).toBe('n_{12}');
    expect(renderQuantity({ kind: 'input', input: 2 }, 'text')).toBe('(x_2)_d');
    expect(renderQuantity({ kind: 'input', input: 2 }, 'latex')).toBe('(x_{2})_d');
  });

  it('renders atoms', () => {
    expect(renderAtom(lossAtom(6), 'text')).toBe('∂E/∂n_6');
    expect(renderAtom(weightAtom(2, 5), 'text')).toBe('∂n_5/∂w_{2,5}');
    expect(renderAtom(inputWeightAtom(1, 1), 'text')).toBe('∂n_1/∂(v_{1,1})_d');
    expect(renderAtom(lossAtom(6), 'latex')).toBe('\\frac{\\partial E}{\\partial n_{6}}');
    expect(renderAtom(inputWeightAtom(1, 1), 'latex')).toBe('\\frac{\\partial n_{1}}{\\partial (v_{1,1})_d}');
    expect(renderAtom(inputAtom(2, 2), 'latex')).toBe('\\frac{\\partial n_{2}}{\\partial (x_{2})_d}');
  });
});

describe('renderExpr', () => {
  it('renders products and sums without needless parentheses', () => {
    expect(renderExpr(productOfAtoms([lossAtom(6), neuronAtom(6, 4)]), 'text')).toBe('∂E/∂n_6 · ∂n_6/∂n_4');
    expect(renderExpr(productOfAtoms([lossAtom(6), neuronAtom(6, 4)]), 'latex')).toBe(
      '\\frac{\\partial E}{\\partial n_{6}} \\cdot \\frac{\\partial n_{6}}{\\partial n_{4}}',
    );
    expect(renderExpr(sumOf([productOf([a, b]), c]), 'text')).toBe('∂E/∂n_6 · ∂n_6/∂n_4 + ∂n_4/∂n_1');
    // nested sums and products are associative: no parentheses
    expect(renderExpr({ kind: 'sum', terms: [a, { kind: 'sum', terms: [b, c] }] }, 'text')).toBe(
      '∂E/∂n_6 + ∂n_6/∂n_4 + ∂n_4/∂n_1',
    );
    expect(renderExpr({ kind: 'product', factors: [a, { kind: 'product', factors: [b, c] }] }, 'text')).toBe(
      '∂E/∂n_6 · ∂n_6/∂n_4 · ∂n_4/∂n_1',
    );
  });

  it('parenthesises a sum inside a product, first or not', () => {
    expect(renderExpr(productOf([sumOf([a, b]), c]), 'text')).toBe('(∂E/∂n_6 + ∂n_6/∂n_4) · ∂n_4/∂n_1');
    expect(renderExpr(productOf([c, sumOf([a, b])]), 'text')).toBe('∂n_4/∂n_1 · (∂E/∂n_6 + ∂n_6/∂n_4)');
    expect(renderExpr(productOf([sumOf([productOf([sumOf([a, b]), c]), b]), a]), 'latex')).toContain(
      '\\left(\\left(',
    );
  });

  it('renders negation, numbers and degenerate nodes', () => {
    expect(renderExpr(sumOf([a, neg(b)]), 'text')).toBe('∂E/∂n_6 - ∂n_6/∂n_4');
    expect(renderExpr(sumOf([a, neg(sumOf([b, c]))]), 'text')).toBe('∂E/∂n_6 - (∂n_6/∂n_4 + ∂n_4/∂n_1)');
    expect(renderExpr(productOf([a, neg(b)]), 'text')).toBe('∂E/∂n_6 · (-∂n_6/∂n_4)');
    expect(renderExpr(productOf([neg(a), b]), 'text')).toBe('-∂E/∂n_6 · ∂n_6/∂n_4');
    expect(renderExpr(neg(neg(a)), 'text')).toBe('-(-∂E/∂n_6)');
    expect(renderExpr(productOf([num(2n), a]), 'text')).toBe('2 · ∂E/∂n_6');
    expect(renderExpr(sumOf([a, num(-3n)]), 'text')).toBe('∂E/∂n_6 - 3');
    expect(renderExpr(productOf([a, num(-3n)]), 'text')).toBe('∂E/∂n_6 · (-3)');
    expect(renderExpr({ kind: 'sum', terms: [] }, 'text')).toBe('0');
    expect(renderExpr({ kind: 'product', factors: [] }, 'text')).toBe('1');
    expect(renderExpr({ kind: 'product', factors: [{ kind: 'sum', terms: [a] }, b] }, 'text')).toBe(
      '∂E/∂n_6 · ∂n_6/∂n_4',
    );
  });

  it('refuses to print shared expressions whose printed form explodes', () => {
    let e: Expr = a;
    for (let i = 0; i < 40; i++) e = sumOf([productOf([e, b]), productOf([e, c])]);
    expect(exprPrintedLeaves(e)).toBe(MAX_RENDERED_LEAVES + 1);
    expect(() => renderExpr(e, 'text')).toThrow(RangeError);
  });
});

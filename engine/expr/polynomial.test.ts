import { describe, expect, it } from 'vitest';
import type { Expr } from '../types';
import { atomExpr, lossAtom, neuronAtom, productOf, sumOf } from '../atoms';
import { createRng } from '../rng';
import { parseAnswer } from './parser';
import {
  CONSTANT_MONOMIAL_KEY,
  evaluatePolynomialResidues,
  evaluateResidues,
  expand,
  monomialKey,
  polynomialOfProducts,
  polynomialsEqual,
  probablyEqual,
} from './polynomial';
import { randomFactoring } from './test-notation';

function e(text: string): Expr {
  const r = parseAnswer(text);
  if (!r.ok) throw new Error(r.failure.message);
  return r.answer.expr;
}

function expanded(text: string): Map<string, bigint> {
  const r = expand(e(text));
  if (!r.ok) throw new Error('too large');
  return new Map([...r.polynomial].map(([k, m]) => [k, m.coefficient]));
}

const A = 'dE/dn6';
const B = 'dE/dn7';
const C = 'dn6/dn4';
const D = 'dn7/dn4';

describe('expand', () => {
  it('distributes, combines like terms and ignores order', () => {
    expect(expanded(`(${A} + ${B}) ${C}`)).toEqual(expanded(`${C} ${B} + ${A} ${C}`));
    expect(expanded(`(${A} + ${B}) ${C}`)).toEqual(new Map([['E/n6*n6/n4', 1n], ['E/n7*n6/n4', 1n]]));
    expect(expanded(`${A} + ${A} - 3 ${A}`)).toEqual(new Map([['E/n6', -1n]]));
    expect(expanded(`${A} - ${A}`)).toEqual(new Map());
    expect(expanded(`2 (3 + ${A})`)).toEqual(new Map([[CONSTANT_MONOMIAL_KEY, 6n], ['E/n6', 2n]]));
    expect(expanded(`${A} ${A}`)).toEqual(new Map([['E/n6*E/n6', 1n]]));
  });

  it('never cancels an atom like a fraction', () => {
    // dE/dn7 · dn7/dn4 is not dE/dn4.
    expect(expanded(`${B} ${D}`)).toEqual(new Map([['E/n7*n7/n4', 1n]]));
    expect(expanded(`${B} ${D}`).has('E/n4')).toBe(false);
  });

  it('reports when the expansion would exceed its cap instead of running away', () => {
    const text = Array.from({ length: 12 }, (_, i) => `(dn${i + 2}/dn1 + dn1/dn${i + 2})`).join(' ');
    expect(expand(e(text)).ok).toBe(false);
    expect(expand(e(text), { maxMonomials: 1 << 12 }).ok).toBe(true);
    expect(expand(e(text), { maxMonomials: 1 << 12, tree: true }).ok).toBe(true);
  });

  it('expands shared sub-expressions (DAG keys) once', () => {
    let shared: Expr = sumOf([atomExpr(lossAtom(6)), atomExpr(lossAtom(7))]);
    for (let i = 0; i < 30; i++) shared = productOf([shared, atomExpr(neuronAtom(6, 4))]);
    const r = expand(shared);
    expect(r.ok && r.polynomial.size).toBe(2);
  });

  it('builds path polynomials and monomial keys canonically', () => {
    const p = polynomialOfProducts([[neuronAtom(6, 4), lossAtom(6)], [lossAtom(6), neuronAtom(6, 4)]]);
    expect([...p.values()].map((m) => [m.key, m.coefficient])).toEqual([['E/n6*n6/n4', 2n]]);
    expect(monomialKey([neuronAtom(6, 4), lossAtom(6)])).toBe('E/n6*n6/n4');
    expect(polynomialsEqual(p, p)).toBe(true);
    expect(polynomialsEqual(p, polynomialOfProducts([[lossAtom(6), neuronAtom(6, 4)]]))).toBe(false);
  });
});

describe('evaluation mod primes (Schwartz–Zippel)', () => {
  it('agrees on equal polynomials and separates different ones', () => {
    expect(probablyEqual(e(`(${A} + ${B}) ${C}`), e(`${B} ${C} + ${C} ${A}`))).toBe(true);
    expect(probablyEqual(e(`(${A} + ${B}) ${C}`), e(`${A} ${C} + ${B} ${D}`))).toBe(false);
    expect(probablyEqual(e(`${A} + ${A}`), e(`2 ${A}`))).toBe(true);
    expect(probablyEqual(e(`${A}`), e(`- ${A}`))).toBe(false);
    expect(probablyEqual(e('0'), e(`${A} - ${A}`))).toBe(true);
  });

  it('matches the expansion on random factorings (the cross-check used by the grader)', () => {
    const atoms = [lossAtom(6), lossAtom(7), neuronAtom(6, 4), neuronAtom(7, 4), neuronAtom(6, 3), neuronAtom(4, 1)];
    for (let seed = 0; seed < 200; seed++) {
      const rng = createRng(seed);
      const products = Array.from({ length: rng.int(1, 6) }, () => Array.from({ length: rng.int(1, 4) }, () => rng.pick(atoms)));
      const a = randomFactoring(products, rng);
      const b = randomFactoring(products, rng);
      const pa = expand(a);
      const pb = expand(b);
      expect(pa.ok && pb.ok && polynomialsEqual(pa.polynomial, pb.polynomial)).toBe(true);
      expect(probablyEqual(a, b)).toBe(true);
      if (pa.ok) expect(evaluatePolynomialResidues(pa.polynomial)).toEqual(evaluateResidues(a));
      // Dropping one product changes the polynomial and the residues.
      const fewer = randomFactoring(products.slice(1), rng);
      expect(probablyEqual(a, fewer)).toBe(false);
    }
  });
});

/**
 * Exact algebra over atoms. An expression is expanded into a polynomial:
 * a map from monomial (a multiset of atoms, keyed by sorted `atomKey`s) to a
 * bigint coefficient. Two answers are the same exactly when their
 * polynomials are equal, so `(a+b)c`, `ac+bc` and `cb+ca` all agree.
 *
 * Expansion can blow up (a product of sums), so it is capped; beyond the cap,
 * and as a cross-check below it, answers are compared by evaluating them at
 * seeded pseudo-random points modulo primes (Schwartz–Zippel): two different
 * polynomials of degree d agree at a random point mod p with probability at
 * most d/p, and every round uses a fresh prime and point.
 */
import type { Atom, Expr } from '../types';
import { assertNever } from '../types';
import { atomKey } from '../atoms';
import { hashSeed } from '../rng';
import { MAX_MONOMIALS } from './limits';

/** One monomial: its canonical key, its atoms (sorted by key, with repeats) and its coefficient. */
export interface Monomial {
  /** Sorted atom keys joined by `*`; `1` for the constant monomial. */
  readonly key: string;
  readonly atoms: readonly Atom[];
  readonly coefficient: bigint;
}

/** A polynomial over atoms: monomial key → monomial, no zero coefficients. */
export type Polynomial = ReadonlyMap<string, Monomial>;

/** The outcome of `expand`: the polynomial, or a note that it would exceed the cap. */
export type ExpandResult = { readonly ok: true; readonly polynomial: Polynomial } | { readonly ok: false; readonly reason: 'too-large' };

/** Key of the constant monomial (no atoms). */
export const CONSTANT_MONOMIAL_KEY = '1';

interface Work {
  readonly keys: readonly string[];
  readonly atoms: readonly Atom[];
  coefficient: bigint;
}

type WorkPoly = Map<string, Work>;

class TooLarge {}

/** Merges two sorted monomials (as parallel key/atom arrays). */
function mergeMonomials(a: Work, b: Work): { keys: string[]; atoms: Atom[] } {
  const keys: string[] = [];
  const atoms: Atom[] = [];
  let i = 0;
  let j = 0;
  while (i < a.keys.length || j < b.keys.length) {
    const ka = a.keys[i];
    const kb = b.keys[j];
    if (kb === undefined || (ka !== undefined && ka <= kb)) {
      keys.push(ka as string);
      atoms.push(a.atoms[i] as Atom);
      i++;
    } else {
      keys.push(kb);
      atoms.push(b.atoms[j] as Atom);
      j++;
    }
  }
  return { keys, atoms };
}

function keyOf(keys: readonly string[]): string {
  return keys.length === 0 ? CONSTANT_MONOMIAL_KEY : keys.join('*');
}

function addInto(target: WorkPoly, key: string, keys: readonly string[], atoms: readonly Atom[], coefficient: bigint): void {
  const existing = target.get(key);
  if (existing) existing.coefficient += coefficient;
  else target.set(key, { keys, atoms, coefficient });
}

function constant(value: bigint): WorkPoly {
  const p: WorkPoly = new Map();
  if (value !== 0n) p.set(CONSTANT_MONOMIAL_KEY, { keys: [], atoms: [], coefficient: value });
  return p;
}

function multiply(a: WorkPoly, b: WorkPoly, cap: number): WorkPoly {
  if (a.size * b.size > cap) throw new TooLarge();
  const out: WorkPoly = new Map();
  for (const x of a.values()) {
    if (x.coefficient === 0n) continue;
    for (const y of b.values()) {
      if (y.coefficient === 0n) continue;
      if (x.keys.length === 0) addInto(out, keyOf(y.keys), y.keys, y.atoms, x.coefficient * y.coefficient);
      else if (y.keys.length === 0) addInto(out, keyOf(x.keys), x.keys, x.atoms, x.coefficient * y.coefficient);
      else {
        const m = mergeMonomials(x, y);
        addInto(out, keyOf(m.keys), m.keys, m.atoms, x.coefficient * y.coefficient);
      }
    }
  }
  return out;
}

function expandWork(expr: Expr, cap: number, memo: Map<Expr, WorkPoly>): WorkPoly {
  const known = memo.get(expr);
  if (known) return known;
  let result: WorkPoly;
  switch (expr.kind) {
    case 'atom': {
      const key = atomKey(expr.atom);
      result = new Map([[key, { keys: [key], atoms: [expr.atom], coefficient: 1n }]]);
      break;
    }
    case 'num':
      result = constant(expr.value);
      break;
    case 'neg': {
      const inner = expandWork(expr.expr, cap, memo);
      result = new Map();
      for (const [k, m] of inner) result.set(k, { keys: m.keys, atoms: m.atoms, coefficient: -m.coefficient });
      break;
    }
    case 'sum': {
      result = new Map();
      for (const term of expr.terms) {
        for (const [k, m] of expandWork(term, cap, memo)) {
          addInto(result, k, m.keys, m.atoms, m.coefficient);
          if (result.size > cap) throw new TooLarge();
        }
      }
      break;
    }
    case 'product': {
      result = constant(1n);
      for (const factor of expr.factors) result = multiply(result, expandWork(factor, cap, memo), cap);
      break;
    }
    default:
      return assertNever(expr);
  }
  memo.set(expr, result);
  return result;
}

/**
 * Expands an expression into a polynomial over atoms (like terms combined,
 * zero terms dropped), or reports that it would exceed `maxMonomials`.
 * Shared sub-expressions (answer keys are DAGs) are expanded once.
 * @example expand(parse('(a+b)c')) // ok, monomials a*c and b*c with coefficient 1
 */
export function expand(expr: Expr, maxMonomials: number = MAX_MONOMIALS): ExpandResult {
  try {
    const work = expandWork(expr, maxMonomials, new Map());
    const polynomial = new Map<string, Monomial>();
    for (const [key, m] of work) {
      if (m.coefficient !== 0n) polynomial.set(key, { key, atoms: m.atoms, coefficient: m.coefficient });
    }
    return { ok: true, polynomial };
  } catch (e) {
    if (e instanceof TooLarge) return { ok: false, reason: 'too-large' };
    throw e;
  }
}

/**
 * Canonical key of a product of atoms, as used by `Polynomial`.
 * @example monomialKey([neuronAtom(6, 4), lossAtom(6)]) // 'E/n6*n6/n4'
 */
export function monomialKey(atoms: readonly Atom[]): string {
  return keyOf(atoms.map(atomKey).sort());
}

/** The polynomial that is the sum of the given products of atoms, each with coefficient 1. */
export function polynomialOfProducts(products: readonly (readonly Atom[])[]): Polynomial {
  const out = new Map<string, Monomial>();
  for (const atoms of products) {
    const sorted = atoms.map((a) => ({ key: atomKey(a), atom: a })).sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0));
    const key = keyOf(sorted.map((s) => s.key));
    const existing = out.get(key);
    const coefficient = (existing?.coefficient ?? 0n) + 1n;
    out.set(key, { key, atoms: sorted.map((s) => s.atom), coefficient });
  }
  return out;
}

/** True when two polynomials have the same monomials with the same coefficients. */
export function polynomialsEqual(a: Polynomial, b: Polynomial): boolean {
  if (a.size !== b.size) return false;
  for (const [key, m] of a) {
    if (b.get(key)?.coefficient !== m.coefficient) return false;
  }
  return true;
}

/** Primes just below 2^26, so a product of two residues (< 2^52) is exact in a double. */
export const EVALUATION_PRIMES = [67108859, 67108837, 67108819] as const;

/** Seed mixed into every atom's evaluation value (fixed so verdicts are reproducible). */
export const EVALUATION_SEED = 0x9e3779b9;

/** Values of one expression at each evaluation round, one residue per prime. */
export type Residues = readonly number[];

/** The pseudo-random value of an atom in round `round`: a nonzero residue mod that round's prime. */
function atomValue(key: string, round: number, prime: number): number {
  let h = hashSeed(key) ^ Math.imul(EVALUATION_SEED, round + 1);
  // murmur3 finaliser: spreads the FNV hash over all 32 bits.
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h = (h ^ (h >>> 16)) >>> 0;
  return (h % (prime - 1)) + 1;
}

function evaluateWith(expr: Expr, memo: Map<Expr, number[]>, atomMemo: Map<string, number[]>): number[] {
  const known = memo.get(expr);
  if (known) return known;
  const rounds = EVALUATION_PRIMES.length;
  let out: number[];
  switch (expr.kind) {
    case 'atom': {
      const key = atomKey(expr.atom);
      let values = atomMemo.get(key);
      if (!values) {
        values = EVALUATION_PRIMES.map((p, r) => atomValue(key, r, p));
        atomMemo.set(key, values);
      }
      out = values;
      break;
    }
    case 'num':
      out = EVALUATION_PRIMES.map((p) => {
        const r = Number(expr.value % BigInt(p));
        return r < 0 ? r + p : r;
      });
      break;
    case 'neg': {
      const inner = evaluateWith(expr.expr, memo, atomMemo);
      out = EVALUATION_PRIMES.map((p, r) => {
        const v = inner[r] as number;
        return v === 0 ? 0 : p - v;
      });
      break;
    }
    case 'sum': {
      out = new Array<number>(rounds).fill(0);
      for (const term of expr.terms) {
        const v = evaluateWith(term, memo, atomMemo);
        for (let r = 0; r < rounds; r++) out[r] = ((out[r] as number) + (v[r] as number)) % (EVALUATION_PRIMES[r] as number);
      }
      break;
    }
    case 'product': {
      out = new Array<number>(rounds).fill(1);
      for (const factor of expr.factors) {
        const v = evaluateWith(factor, memo, atomMemo);
        for (let r = 0; r < rounds; r++) out[r] = ((out[r] as number) * (v[r] as number)) % (EVALUATION_PRIMES[r] as number);
      }
      break;
    }
    default:
      return assertNever(expr);
  }
  memo.set(expr, out);
  return out;
}

/**
 * Evaluates an expression at the fixed seeded points, one residue per prime
 * in `EVALUATION_PRIMES`. Linear in the size of the (DAG) expression.
 */
export function evaluateResidues(expr: Expr): Residues {
  return evaluateWith(expr, new Map(), new Map());
}

/** Evaluates a polynomial at the same points as `evaluateResidues` (to cross-check an expansion). */
export function evaluatePolynomialResidues(poly: Polynomial): Residues {
  const atomMemo = new Map<string, number[]>();
  const memo = new Map<Expr, number[]>();
  const out = EVALUATION_PRIMES.map(() => 0);
  for (const m of poly.values()) {
    const term: Expr = { kind: 'product', factors: [{ kind: 'num', value: m.coefficient }, ...m.atoms.map((atom): Expr => ({ kind: 'atom', atom }))] };
    const v = evaluateWith(term, memo, atomMemo);
    for (let r = 0; r < out.length; r++) out[r] = ((out[r] as number) + (v[r] as number)) % (EVALUATION_PRIMES[r] as number);
  }
  return out;
}

/** True when two residue vectors agree in every round. */
export function residuesEqual(a: Residues, b: Residues): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/**
 * Schwartz–Zippel test: true when the two expressions agree at every seeded
 * point. Never wrong when they are equal; when they differ it is wrong with
 * probability below (degree / 2^26)^3.
 * @example probablyEqual(parse('(a+b)c'), parse('bc+ac')) // true
 */
export function probablyEqual(a: Expr, b: Expr): boolean {
  return residuesEqual(evaluateResidues(a), evaluateResidues(b));
}

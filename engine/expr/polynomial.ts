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
  /** The atoms, sorted by key, with repeats. */
  readonly atoms: readonly Atom[];
  /** `atomKey` of each atom, in the same order. */
  readonly keys: readonly string[];
  readonly coefficient: bigint;
}

/** A polynomial over atoms: monomial key → monomial, no zero coefficients. */
export type Polynomial = ReadonlyMap<string, Monomial>;

/** The outcome of `expand`: the polynomial, or a note that it would exceed the cap. */
export type ExpandResult = { readonly ok: true; readonly polynomial: Polynomial } | { readonly ok: false; readonly reason: 'too-large' };

/** Key of the constant monomial (no atoms). */
export const CONSTANT_MONOMIAL_KEY = '1';

/** A monomial during expansion: sorted atom ids (ids follow atom-key order) and a coefficient. */
interface Work {
  readonly ids: readonly number[];
  coefficient: bigint;
}

/** Internal key → monomial; internal keys encode the id list compactly. */
type WorkPoly = Map<string, Work>;

class TooLarge {}

/** Atoms of one expansion, numbered so that id order is atom-key order. */
interface Interned {
  /** True when some node is reachable twice (a DAG, like a factored key): worth memoising. */
  readonly shared: boolean;
  readonly idOf: ReadonlyMap<string, number>;
  readonly keys: readonly string[];
  readonly atoms: readonly Atom[];
}

function intern(expr: Expr, tree: boolean): Interned {
  const found = new Map<string, Atom>();
  const seen = tree ? null : new Set<Expr>();
  let shared = false;
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    if (seen) {
      if (seen.has(e)) {
        shared = true;
        continue;
      }
      seen.add(e);
    }
    switch (e.kind) {
      case 'atom': {
        const k = atomKey(e.atom);
        if (!found.has(k)) found.set(k, e.atom);
        break;
      }
      case 'num':
        break;
      case 'neg':
        stack.push(e.expr);
        break;
      case 'sum':
        stack.push(...e.terms);
        break;
      case 'product':
        stack.push(...e.factors);
        break;
      default:
        return assertNever(e);
    }
  }
  const keys = [...found.keys()].sort();
  return { shared, idOf: new Map(keys.map((k, i) => [k, i])), keys, atoms: keys.map((k) => found.get(k) as Atom) };
}

/** Compact internal key of a sorted id list (one UTF-16 unit per id while ids fit). */
function workKey(ids: readonly number[]): string {
  if (ids.length === 0) return '';
  let max = 0;
  for (const id of ids) if (id > max) max = id;
  return max < 0xffff ? String.fromCharCode(...ids) : ids.join(',');
}

function mergeIds(a: readonly number[], b: readonly number[]): number[] {
  const out = new Array<number>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = (a[i] as number) <= (b[j] as number) ? (a[i++] as number) : (b[j++] as number);
  while (i < a.length) out[k++] = a[i++] as number;
  while (j < b.length) out[k++] = b[j++] as number;
  return out;
}

function addInto(target: WorkPoly, ids: readonly number[], coefficient: bigint, key: string = workKey(ids)): void {
  const existing = target.get(key);
  if (existing) existing.coefficient += coefficient;
  else target.set(key, { ids, coefficient });
}

function constant(value: bigint): WorkPoly {
  const p: WorkPoly = new Map();
  if (value !== 0n) p.set('', { ids: [], coefficient: value });
  return p;
}

function multiply(a: WorkPoly, b: WorkPoly, cap: number): WorkPoly {
  if (a.size * b.size > cap) throw new TooLarge();
  const out: WorkPoly = new Map();
  for (const x of a.values()) {
    if (x.coefficient === 0n) continue;
    for (const y of b.values()) {
      if (y.coefficient === 0n) continue;
      const ids = x.ids.length === 0 ? y.ids : y.ids.length === 0 ? x.ids : mergeIds(x.ids, y.ids);
      addInto(out, ids, x.coefficient * y.coefficient);
    }
  }
  return out;
}

function expandWork(expr: Expr, cap: number, atoms: Interned, memo: Map<Expr, WorkPoly> | null): WorkPoly {
  const known = memo?.get(expr);
  if (known) return known;
  let result: WorkPoly;
  switch (expr.kind) {
    case 'atom': {
      const ids = [atoms.idOf.get(atomKey(expr.atom)) as number];
      result = new Map([[workKey(ids), { ids, coefficient: 1n }]]);
      break;
    }
    case 'num':
      result = constant(expr.value);
      break;
    case 'neg': {
      result = new Map();
      for (const [k, m] of expandWork(expr.expr, cap, atoms, memo)) result.set(k, { ids: m.ids, coefficient: -m.coefficient });
      break;
    }
    case 'sum': {
      result = new Map();
      for (const term of expr.terms) {
        for (const [k, m] of expandWork(term, cap, atoms, memo)) {
          addInto(result, m.ids, m.coefficient, k);
          if (result.size > cap) throw new TooLarge();
        }
      }
      break;
    }
    case 'product': {
      const [first, ...rest] = expr.factors;
      result = first ? expandWork(first, cap, atoms, memo) : constant(1n);
      for (const factor of rest) result = multiply(result, expandWork(factor, cap, atoms, memo), cap);
      break;
    }
    default:
      return assertNever(expr);
  }
  memo?.set(expr, result);
  return result;
}

/** Options of `expand`. */
export interface ExpandOptions {
  /** Most monomials before giving up (default MAX_MONOMIALS). */
  readonly maxMonomials?: number;
  /** The expression shares no nodes (e.g. parser output), so skip DAG bookkeeping. */
  readonly tree?: boolean;
}

/**
 * Expands an expression into a polynomial over atoms (like terms combined,
 * zero terms dropped), or reports that it would exceed `maxMonomials`.
 * Shared sub-expressions (answer keys are DAGs) are expanded once.
 * @example expand(parse('(a+b)c')) // ok, monomials a*c and b*c with coefficient 1
 */
export function expand(expr: Expr, options: ExpandOptions = {}): ExpandResult {
  const maxMonomials = options.maxMonomials ?? MAX_MONOMIALS;
  const atoms = intern(expr, options.tree === true);
  let work: WorkPoly;
  try {
    work = expandWork(expr, maxMonomials, atoms, atoms.shared ? new Map() : null);
  } catch (e) {
    if (e instanceof TooLarge) return { ok: false, reason: 'too-large' };
    throw e;
  }
  const polynomial = new Map<string, Monomial>();
  for (const m of work.values()) {
    if (m.coefficient === 0n) continue;
    const keys = m.ids.map((id) => atoms.keys[id] as string);
    const key = keyOf(keys);
    polynomial.set(key, { key, atoms: m.ids.map((id) => atoms.atoms[id] as Atom), keys, coefficient: m.coefficient });
  }
  return { ok: true, polynomial };
}

function keyOf(keys: readonly string[]): string {
  return keys.length === 0 ? CONSTANT_MONOMIAL_KEY : keys.join('*');
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
    const keys = sorted.map((s) => s.key);
    const key = keyOf(keys);
    const existing = out.get(key);
    const coefficient = (existing?.coefficient ?? 0n) + 1n;
    out.set(key, { key, atoms: sorted.map((s) => s.atom), keys, coefficient });
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

const EVALUATION_PRIMES_BIG = EVALUATION_PRIMES.map(BigInt);

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

function evaluateWith(expr: Expr, memo: Map<Expr, number[]> | null, atomMemo: Map<string, number[]>): number[] {
  const known = memo?.get(expr);
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
      out = EVALUATION_PRIMES.map((p, i) => {
        const r = Number(expr.value % (EVALUATION_PRIMES_BIG[i] as bigint));
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
  memo?.set(expr, out);
  return out;
}

/**
 * Evaluates an expression at the fixed seeded points, one residue per prime
 * in `EVALUATION_PRIMES`. Linear in the size of the (DAG) expression; pass
 * `{ tree: true }` for an expression known to share no nodes (parser output)
 * to skip the memo.
 */
export function evaluateResidues(expr: Expr, options: { readonly tree?: boolean } = {}): Residues {
  return evaluateWith(expr, options.tree ? null : new Map(), new Map());
}

/** Evaluates a polynomial at the same points as `evaluateResidues` (to cross-check an expansion). */
export function evaluatePolynomialResidues(poly: Polynomial): Residues {
  const atomMemo = new Map<string, number[]>();
  const rounds = EVALUATION_PRIMES.length;
  const out = new Array<number>(rounds).fill(0);
  const term = new Array<number>(rounds);
  for (const m of poly.values()) {
    for (let r = 0; r < rounds; r++) {
      const v = Number(m.coefficient % (EVALUATION_PRIMES_BIG[r] as bigint));
      term[r] = v < 0 ? v + (EVALUATION_PRIMES[r] as number) : v;
    }
    for (const key of m.keys) {
      let values = atomMemo.get(key);
      if (!values) {
        values = EVALUATION_PRIMES.map((q, i) => atomValue(key, i, q));
        atomMemo.set(key, values);
      }
      for (let r = 0; r < rounds; r++) term[r] = ((term[r] as number) * (values[r] as number)) % (EVALUATION_PRIMES[r] as number);
    }
    for (let r = 0; r < rounds; r++) out[r] = ((out[r] as number) + (term[r] as number)) % (EVALUATION_PRIMES[r] as number);
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

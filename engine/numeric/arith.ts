/**
 * The two number systems the numeric engine computes in, behind one
 * interface: exact rationals (identity and ReLU networks) and float64 with a
 * running bound on the absolute rounding error (sigmoid and tanh networks).
 *
 * Error bound (docs/GRADING.md, "Numeric answers"): every float value carries
 * `e ≥ |computed − exact|`. With u = 2^-53, a sum adds u·|result|, a product
 * adds |a|·e_b + |b|·e_a + e_a·e_b + u·|result|; an activation passes its
 * argument's error through its largest slope (sigmoid 1/4, tanh 1, the
 * derivatives σ' ≤ 0.0963, tanh' ≤ 0.770) and adds FUNCTION_ERROR for
 * `Math.exp`/`Math.tanh`, assumed accurate to a few ulps.
 */
import type { Activation } from './values';
import type { Rational } from './rational';
import { R_ONE, R_ZERO, rAdd, rMul, rNeg, rSign, rToNumber, rational } from './rational';

/** Unit roundoff of float64. */
export const UNIT_ROUNDOFF = 2 ** -53;
/** Relative error assumed for one `Math.exp`/`Math.tanh` based activation evaluation (16 u). */
export const FUNCTION_ERROR = 16 * UNIT_ROUNDOFF;

/** Thrown when a ReLU's argument is 0 (or within rounding of 0), where its derivative is undefined. */
export class KinkError extends Error {
  constructor() {
    super('ReLU at its kink');
    this.name = 'KinkError';
  }
}

/** Arithmetic over one number type. */
export interface Arith<T> {
  /** True for exact rationals. */
  readonly exact: boolean;
  from(r: Rational): T;
  add(a: T, b: T): T;
  mul(a: T, b: T): T;
  neg(a: T): T;
  /** g(z). */
  act(g: Activation, z: T): T;
  /** g'(z); throws KinkError for ReLU at 0. */
  dact(g: Activation, z: T): T;
  toNumber(a: T): number;
  /** Upper bound on |computed − exact| (0 when exact). */
  error(a: T): number;
  /** The exact value, when exact. */
  rational(a: T): Rational | null;
}

/** Exact rational arithmetic (identity and ReLU only). */
export const EXACT: Arith<Rational> = {
  exact: true,
  from: (r) => r,
  add: rAdd,
  mul: rMul,
  neg: rNeg,
  act(g, z) {
    switch (g) {
      case 'identity':
        return z;
      case 'relu':
        return rSign(z) > 0 ? z : R_ZERO;
      default:
        throw new RangeError(`${g} has no exact values`);
    }
  },
  dact(g, z) {
    switch (g) {
      case 'identity':
        return R_ONE;
      case 'relu': {
        const s = rSign(z);
        if (s === 0) throw new KinkError();
        return s > 0 ? R_ONE : R_ZERO;
      }
      default:
        throw new RangeError(`${g} has no exact values`);
    }
  },
  toNumber: rToNumber,
  error: () => 0,
  rational: (a) => a,
};

/** A float64 with a bound on its absolute error. */
export interface Approx {
  readonly v: number;
  readonly e: number;
}

const u = UNIT_ROUNDOFF;
const SIGMOID_SLOPE = 0.25;
const SIGMOID_PRIME_SLOPE = 0.0963;
const TANH_PRIME_SLOPE = 0.77;

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** float64 with running error bounds. */
export const APPROX: Arith<Approx> = {
  exact: false,
  from(r) {
    const v = rToNumber(r);
    return { v, e: u * Math.abs(v) };
  },
  add(a, b) {
    const v = a.v + b.v;
    return { v, e: a.e + b.e + u * Math.abs(v) };
  },
  mul(a, b) {
    const v = a.v * b.v;
    return { v, e: Math.abs(a.v) * b.e + Math.abs(b.v) * a.e + a.e * b.e + u * Math.abs(v) };
  },
  neg: (a) => ({ v: -a.v, e: a.e }),
  act(g, z) {
    switch (g) {
      case 'identity':
        return z;
      case 'relu':
        if (Math.abs(z.v) <= z.e) throw new KinkError();
        return z.v > 0 ? z : { v: 0, e: 0 };
      case 'sigmoid': {
        const s = sigmoid(z.v);
        return { v: s, e: SIGMOID_SLOPE * z.e + FUNCTION_ERROR * Math.abs(s) };
      }
      case 'tanh': {
        const t = Math.tanh(z.v);
        return { v: t, e: z.e + FUNCTION_ERROR * Math.abs(t) };
      }
    }
  },
  dact(g, z) {
    switch (g) {
      case 'identity':
        return { v: 1, e: 0 };
      case 'relu':
        if (Math.abs(z.v) <= z.e) throw new KinkError();
        return { v: z.v > 0 ? 1 : 0, e: 0 };
      case 'sigmoid': {
        const s = sigmoid(z.v);
        const d = s * (1 - s);
        return { v: d, e: SIGMOID_PRIME_SLOPE * z.e + 2 * FUNCTION_ERROR + 3 * u };
      }
      case 'tanh': {
        const t = Math.tanh(z.v);
        const d = 1 - t * t;
        return { v: d, e: TANH_PRIME_SLOPE * z.e + 3 * FUNCTION_ERROR + 2 * u };
      }
    }
  },
  toNumber: (a) => a.v,
  error: (a) => a.e,
  rational: () => null,
};

/** True when every activation has exact rational values (identity, ReLU). */
export function exactActivations(acts: Iterable<Activation>): boolean {
  for (const a of acts) if (a !== 'identity' && a !== 'relu') return false;
  return true;
}

/** 2 as a rational. */
export const R_TWO: Rational = rational(2n);

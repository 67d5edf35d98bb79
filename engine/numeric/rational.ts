/**
 * Exact rationals as bigint fractions, always in lowest terms with a positive
 * denominator. Used for networks whose activations are identity and ReLU,
 * where every forward value and every derivative is a rational number.
 */

/** A fraction `num / den` in lowest terms, `den > 0`. */
export interface Rational {
  readonly num: bigint;
  readonly den: bigint;
}

/** Largest number of bits a numerator or denominator may reach before evaluation is refused. */
export const MAX_RATIONAL_BITS = 4096;

/** Thrown when a fraction outgrows MAX_RATIONAL_BITS (the caller names the quantity). */
export class RationalOverflow extends Error {
  constructor() {
    super(`an exact value needs more than ${MAX_RATIONAL_BITS} bits`);
    this.name = 'RationalOverflow';
  }
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

const LIMIT = 1n << BigInt(MAX_RATIONAL_BITS);

/**
 * Builds `num / den` in lowest terms. Throws a RangeError for a zero
 * denominator and RationalOverflow beyond MAX_RATIONAL_BITS.
 * @example rational(2n, -4n) // { num: -1n, den: 2n }
 */
export function rational(num: bigint, den = 1n): Rational {
  if (den === 0n) throw new RangeError('division by zero');
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const g = gcd(num, den);
  const r = g > 1n ? { num: num / g, den: den / g } : { num, den };
  if ((r.num < 0n ? -r.num : r.num) >= LIMIT || r.den >= LIMIT) throw new RationalOverflow();
  return r;
}

/** 0 */
export const R_ZERO: Rational = Object.freeze({ num: 0n, den: 1n });
/** 1 */
export const R_ONE: Rational = Object.freeze({ num: 1n, den: 1n });

/** a + b */
export function rAdd(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den + b.num * a.den, a.den * b.den);
}
/** a − b */
export function rSub(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den - b.num * a.den, a.den * b.den);
}
/** a · b */
export function rMul(a: Rational, b: Rational): Rational {
  return rational(a.num * b.num, a.den * b.den);
}
/** a / b (b ≠ 0) */
export function rDiv(a: Rational, b: Rational): Rational {
  return rational(a.num * b.den, a.den * b.num);
}
/** −a */
export function rNeg(a: Rational): Rational {
  return { num: -a.num, den: a.den };
}
/** Sign of a: −1, 0 or 1. */
export function rSign(a: Rational): -1 | 0 | 1 {
  return a.num < 0n ? -1 : a.num > 0n ? 1 : 0;
}
/** True when a = b. */
export function rEquals(a: Rational, b: Rational): boolean {
  return a.num === b.num && a.den === b.den;
}

/** The nearest float64 (correctly rounded for fractions that fit; huge ones go through their decimal digits). */
export function rToNumber(a: Rational): number {
  const n = Number(a.num);
  const d = Number(a.den);
  if (Number.isFinite(n) && Number.isFinite(d) && Math.abs(n) <= Number.MAX_SAFE_INTEGER && d <= Number.MAX_SAFE_INTEGER) {
    return n / d;
  }
  // Scale to about 20 significant digits, then let the float parser round.
  const digits = 20n;
  const absNum = a.num < 0n ? -a.num : a.num;
  const shift = BigInt(absNum.toString().length - a.den.toString().length) - digits;
  const scaled = shift >= 0n ? absNum / (a.den * 10n ** shift) : (absNum * 10n ** -shift) / a.den;
  const value = Number(`${scaled.toString()}e${shift.toString()}`);
  return a.num < 0n ? -value : value;
}

/** `-1/8`, `3`, `0` */
export function rToString(a: Rational): string {
  return a.den === 1n ? a.num.toString() : `${a.num.toString()}/${a.den.toString()}`;
}

const DECIMAL = /^([+-])?(\d+)?(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const FRACTION = /^([+-])?(\d+)\s*\/\s*(\d+)$/;

/** Largest decimal exponent `parseRational` accepts (`1e400` is refused, not rounded to Infinity). */
export const MAX_DECIMAL_EXPONENT = 300;

/**
 * Reads a decimal (`0.0123`, `1.23e-2`, `-4`) or a fraction (`-1/8`) exactly,
 * or returns null. No spaces inside a decimal; a fraction may have spaces around `/`.
 * @example parseRational('1.25e-1') // { num: 1n, den: 8n }
 */
export function parseRational(text: string): Rational | null {
  const f = FRACTION.exec(text);
  if (f) {
    const den = BigInt(f[3] as string);
    if (den === 0n) return null;
    const num = BigInt(f[2] as string);
    return rational(f[1] === '-' ? -num : num, den);
  }
  const m = DECIMAL.exec(text);
  if (!m) return null;
  const intPart = m[2] ?? '';
  const frac = m[3] ?? '';
  if (intPart === '' && frac === '') return null;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  if (!Number.isSafeInteger(exp) || Math.abs(exp) > MAX_DECIMAL_EXPONENT) return null;
  const digits = BigInt(`${intPart}${frac}` || '0');
  const e = exp - frac.length;
  const num = e >= 0 ? digits * 10n ** BigInt(e) : digits;
  const den = e >= 0 ? 1n : 10n ** BigInt(-e);
  return rational(m[1] === '-' ? -num : num, den);
}

/** The exact value of a finite float64 (its shortest decimal form, e.g. 0.1 → 1/10). */
export function rFromNumber(x: number): Rational {
  if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite number`);
  const r = parseRational(String(x));
  if (r === null) throw new RangeError(`cannot read ${x} as a decimal`);
  return r;
}

/**
 * Number answers: reading what a student typed (`0.0123`, `1.23e-2`,
 * `1.23·10^-2`, `-1/8`) exactly, the tolerance a numeric question states
 * (relative, or in significant digits), and how numbers are printed.
 */
import type { Note } from '../expr/notes';
import { NOTE_CODES, note } from '../expr/notes';
import type { Rational } from './rational';
import { parseRational, rToNumber, rToString } from './rational';

/** Longest number answer read, in characters. */
export const MAX_NUMBER_ANSWER_CHARS = 64;
/** Significant digits numbers are printed with. */
export const PRINTED_DIGITS = 6;
/** Half-width of the accepted interval when the right value is exactly 0. */
export const ZERO_TOLERANCE = 1e-12;
/** Smallest and largest relative tolerance a question may state. */
export const MIN_RELATIVE_TOLERANCE = 1e-9;
export const MAX_RELATIVE_TOLERANCE = 0.2;
/** Most significant digits a question may ask for. */
export const MAX_TOLERANCE_DIGITS = 12;

/** How close a number answer must be: within a fraction of the value, or correct to some significant digits. */
export type Tolerance = { readonly relative: number } | { readonly digits: number };

/** Half-width of the interval around `value` that the tolerance accepts. */
export function toleranceWidth(tol: Tolerance, value: number): number {
  const a = Math.abs(value);
  if (a === 0) return ZERO_TOLERANCE;
  if ('relative' in tol) return Math.max(tol.relative * a, ZERO_TOLERANCE);
  // Half a unit in the last of `digits` significant digits of the value.
  const exponent = Math.floor(Math.log10(a));
  return Math.max(0.5 * 10 ** (exponent - tol.digits + 1), ZERO_TOLERANCE);
}

/** True when `answer` is within the tolerance of `value`. */
export function withinTolerance(tol: Tolerance, value: number, answer: number): boolean {
  return Math.abs(answer - value) <= toleranceWidth(tol, value);
}

/** The sentence that tells the student how precise to be. */
export function describeTolerance(tol: Tolerance): string {
  if ('relative' in tol) {
    const pct = tol.relative * 100;
    return `within ${Number(pct.toPrecision(3))}% of the exact value`;
  }
  return `correct to ${tol.digits} significant digit${tol.digits === 1 ? '' : 's'}`;
}

/** A number for people: up to PRINTED_DIGITS significant digits, no trailing zeros, exponent form when very small or large. */
export function formatNumber(x: number, digits = PRINTED_DIGITS): string {
  if (x === 0) return '0';
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e9) return String(Number(x.toPrecision(digits)));
  const [m, e] = x.toExponential(digits - 1).split('e');
  return `${String(Number(m))}e${Number(e)}`;
}

/** LaTeX for a printed number: `1.2 \cdot 10^{-5}` instead of `1.2e-5`. */
export function numberLatex(x: number, digits = PRINTED_DIGITS): string {
  const s = formatNumber(x, digits);
  const m = /^(-?[\d.]+)e(-?\d+)$/.exec(s);
  return m ? `${m[1]} \\cdot 10^{${m[2]}}` : s;
}

/** An exact value with its decimal form: `-1/8 = -0.125`, or just `3`. */
export function formatExact(r: Rational): string {
  const dec = formatNumber(rToNumber(r));
  const frac = rToString(r);
  return frac === dec ? frac : `${frac} ≈ ${dec}`;
}

/** A number answer as read. */
export type ReadNumber =
  | { readonly ok: true; readonly value: Rational; readonly number: number; readonly text: string; readonly latex: string }
  | { readonly ok: false; readonly note: Note };

const TIMES_TEN = /^(.*?)\s*(?:[*·×x]|\\cdot|\\times)\s*10\s*\^\s*\{?\(?\s*([+-]?\d+)\s*\)?\}?$/;

/**
 * Reads a number answer exactly: a decimal (`0.0123`, `-.5`), scientific
 * notation (`1.23e-2`, `1.23·10^-2`, `1.23 × 10^{-2}`) or a fraction
 * (`-1/8`). Spaces around the number, a leading `+` and the minus sign `−`
 * are fine. Anything else gets a `parse/*` note saying what to write.
 * @example readNumberAnswer('-1/8') // { ok: true, number: -0.125, text: '-1/8', … }
 */
export function readNumberAnswer(raw: string): ReadNumber {
  if (raw.length > MAX_NUMBER_ANSWER_CHARS) {
    return { ok: false, note: note(NOTE_CODES.parseTooLong, `Your answer is ${raw.length} characters long; a number needs at most ${MAX_NUMBER_ANSWER_CHARS}.`) };
  }
  const text = raw.trim().replace(/[\u2212\u2013]/g, '-').replace(/^\+/, '');
  if (text === '') return { ok: false, note: note(NOTE_CODES.parseEmpty, 'Your answer is empty: type a number such as 0.0123, 1.23e-2 or -1/8.') };
  let value: Rational | null = null;
  const times = TIMES_TEN.exec(text);
  if (times) {
    const mantissa = parseRational((times[1] as string).replace(/\s+/g, ''));
    value = mantissa === null ? null : parseRational(`${(times[1] as string).replace(/\s+/g, '')}e${times[2] as string}`);
  } else {
    value = parseRational(text);
  }
  if (value === null) {
    const hint = /^\s*-?\d+,\d+\s*$/.test(text)
      ? 'Use a point for decimals: 0.5, not 0,5.'
      : `"${raw.trim()}" is not a number: type a decimal (0.0123), scientific notation (1.23e-2) or a fraction (-1/8).`;
    return { ok: false, note: note(NOTE_CODES.parseError, hint) };
  }
  const number = rToNumber(value);
  const shown = text.replace(/\s+/g, '');
  return { ok: true, value, number, text: shown, latex: times ? `${(times[1] as string).replace(/\s+/g, '')} \\cdot 10^{${times[2] as string}}` : shown.includes('/') ? fractionLatex(shown) : numberLatexOf(shown) };
}

function fractionLatex(s: string): string {
  const m = /^(-?)(\d+)\/(\d+)$/.exec(s);
  return m ? `${m[1] ?? ''}\\frac{${m[2] as string}}{${m[3] as string}}` : s;
}

function numberLatexOf(s: string): string {
  const m = /^(-?[\d.]+)[eE]([+-]?\d+)$/.exec(s);
  return m ? `${m[1] as string} \\cdot 10^{${Number(m[2])}}` : s;
}

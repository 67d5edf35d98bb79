/**
 * Formula answers in one or more integer parameters ("how many factors for a
 * neuron in layer k?" → `k`). mathjs parses the text; a whitelist walk of the
 * tree allows only numbers, the named parameters, `+ - * / ^` and brackets;
 * the checker then evaluates both formulas itself with exact rationals at
 * several integer points. Nothing the student typed is ever evaluated by
 * mathjs (no `evaluate`, no `compile`).
 */
import type { MathNode } from 'mathjs';
import { isConstantNode, isOperatorNode, isParenthesisNode, isSymbolNode, parse } from 'mathjs';
import { createRng } from '../rng';
import type { CheckResult, Note, PreviewResult, ReadAs } from './notes';
import { NOTE_CODES, note } from './notes';
import { MAX_FORMULA_CHARS, MAX_FORMULA_EXPONENT, MAX_FORMULA_NODES } from './limits';

/** Largest size (in bits) of any intermediate numerator or denominator; beyond it a point is skipped. */
export const MAX_FORMULA_BITS = 4096;
/** Most digits in one number of a formula (all such numbers are exact doubles). */
export const MAX_FORMULA_NUMBER_DIGITS = 15;
/** How many integer points two formulas are compared at. */
export const FORMULA_SAMPLE_POINTS = 8;
/** Smallest parameter value sampled (layer indices start above 1). */
export const FORMULA_SAMPLE_MIN = 2;
/** Largest parameter value sampled. */
export const FORMULA_SAMPLE_MAX = 60;
/** Seed of the sample points (fixed so verdicts are reproducible). */
export const FORMULA_SAMPLE_SEED = 0x5eed_f0a1;

const PARAM_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Operators a formula may use, by mathjs function name, with how students write them. */
const ALLOWED_OPERATORS: Readonly<Record<string, string>> = {
  add: '+',
  subtract: '-',
  multiply: '*',
  divide: '/',
  pow: '^',
  unaryMinus: '-',
  unaryPlus: '+',
};

/** Options of `checkFormula`. */
export interface FormulaOptions {
  /**
   * Layer numbering check: when the answer equals the expected formula with
   * `index` replaced by `count − index + 1` (layers numbered from the other
   * end), report `formula/wrong-numbering`. Defaults to `{ index: 'k', count: 'L' }`
   * when both are parameters.
   */
  readonly numbering?: { readonly index: string; readonly count: string };
}

/** A formula that passed the whitelist: the mathjs tree and how it reads back. */
export interface ParsedFormula {
  readonly node: MathNode;
  readonly read: ReadAs;
}

/** Result of `parseFormula`. */
export type ParseFormulaResult = { readonly ok: true; readonly formula: ParsedFormula } | { readonly ok: false; readonly note: Note };

interface Rational {
  readonly n: bigint;
  readonly d: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}

/** Approximate bit length (to bound powers before computing them). */
function bits(v: bigint): number {
  return (v < 0n ? -v : v).toString(16).length * 4;
}

const MAX_MAGNITUDE = 1n << BigInt(MAX_FORMULA_BITS);

function tooBig(v: bigint): boolean {
  return v > MAX_MAGNITUDE || v < -MAX_MAGNITUDE;
}

class Undefined {}

function rational(n: bigint, d: bigint): Rational {
  if (d === 0n) throw new Undefined();
  const sign = d < 0n ? -1n : 1n;
  const g = gcd(n, d);
  const r = { n: (sign * n) / g, d: (sign * d) / g };
  if (tooBig(r.n) || tooBig(r.d)) throw new Undefined();
  return r;
}

/** Exact rational for a JavaScript number (integers exactly; fractions as their shortest decimal, i.e. as typed). */
function fromNumber(value: number): Rational {
  if (!Number.isFinite(value)) throw new Undefined();
  if (Number.isInteger(value)) return rational(BigInt(value), 1n);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
  if (!m) throw new Undefined();
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const exponent = Number(m[4] ?? '0') - (m[3] ?? '').length;
  if (Math.abs(exponent) > MAX_FORMULA_BITS) throw new Undefined();
  let n = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  let d = 1n;
  if (exponent > 0) n *= 10n ** BigInt(exponent);
  else if (exponent < 0) d = 10n ** BigInt(-exponent);
  return rational(n, d);
}

function power(base: Rational, exp: Rational): Rational {
  if (exp.d !== 1n) throw new Undefined();
  const e = exp.n < 0n ? -exp.n : exp.n;
  if (e > BigInt(MAX_FORMULA_EXPONENT)) throw new Undefined();
  if (bits(base.n) * Number(e) > MAX_FORMULA_BITS || bits(base.d) * Number(e) > MAX_FORMULA_BITS) throw new Undefined();
  const n = base.n ** e;
  const d = base.d ** e;
  return exp.n < 0n ? rational(d, n) : rational(n, d);
}

function evaluate(node: MathNode, point: ReadonlyMap<string, bigint>): Rational {
  if (isParenthesisNode(node)) return evaluate(node.content, point);
  if (isConstantNode(node)) {
    if (typeof node.value !== 'number') throw new Undefined();
    return fromNumber(node.value);
  }
  if (isSymbolNode(node)) {
    const v = point.get(node.name);
    if (v === undefined) throw new Undefined();
    return { n: v, d: 1n };
  }
  if (isOperatorNode(node)) {
    const args = node.args.map((a) => evaluate(a, point));
    const [a, b] = args;
    if (a === undefined) throw new Undefined();
    switch (node.fn as string) {
      case 'unaryMinus':
        return { n: -a.n, d: a.d };
      case 'unaryPlus':
        return a;
      case 'add':
        if (!b) throw new Undefined();
        return rational(a.n * b.d + b.n * a.d, a.d * b.d);
      case 'subtract':
        if (!b) throw new Undefined();
        return rational(a.n * b.d - b.n * a.d, a.d * b.d);
      case 'multiply':
        if (!b) throw new Undefined();
        return rational(a.n * b.n, a.d * b.d);
      case 'divide':
        if (!b) throw new Undefined();
        return rational(a.n * b.d, a.d * b.n);
      case 'pow':
        if (!b) throw new Undefined();
        return power(a, b);
      default:
        throw new Undefined();
    }
  }
  throw new Undefined();
}

/** Value of a parsed formula at a point, or null where it is undefined (division by zero, huge). */
function valueAt(node: MathNode, point: ReadonlyMap<string, bigint>): Rational | null {
  try {
    return evaluate(node, point);
  } catch (e) {
    if (e instanceof Undefined) return null;
    throw e;
  }
}

function sameValue(a: Rational, b: Rational): boolean {
  return a.n * b.d === b.n * a.d;
}

/** Describes a rejected mathjs node in a sentence (why it is not allowed). */
function rejectNode(node: MathNode, params: readonly string[]): string {
  const allowed = params.length > 0 ? params.join(', ') : 'no names';
  if (isSymbolNode(node)) {
    return `"${node.name}" is not a parameter of this question; the formula may use only ${allowed}, numbers, + - * / ^ and brackets.`;
  }
  if (isOperatorNode(node)) {
    return `The operator "${node.op}" is not allowed; use only + - * / ^ and brackets.`;
  }
  if (isConstantNode(node)) {
    return typeof node.value === 'number' ? 'That number is too large.' : 'Only numbers are allowed as constants (no text or true/false).';
  }
  switch (node.type) {
    case 'FunctionNode':
      return `Function calls such as ${node.toString()} are not allowed; write the formula with + - * / ^ only (use * to multiply before a bracket).`;
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      return 'Write only the formula itself, without "=" or assignments.';
    case 'ArrayNode':
    case 'IndexNode':
    case 'AccessorNode':
    case 'RangeNode':
    case 'ObjectNode':
      return 'Matrices, lists, ranges and indexing are not allowed; write a single formula.';
    case 'RelationalNode':
      return 'Comparisons are not allowed; write only the formula.';
    case 'ConditionalNode':
    case 'BlockNode':
      return 'Write a single formula (no conditions or several statements).';
    default:
      return `"${node.type}" is not allowed; use only numbers, ${allowed}, + - * / ^ and brackets.`;
  }
}

/** Walks the tree; returns the first forbidden node's reason, or null when all is allowed. */
function whitelist(root: MathNode, params: readonly string[]): string | null {
  const stack: MathNode[] = [root];
  let count = 0;
  while (stack.length > 0) {
    const node = stack.pop() as MathNode;
    if (++count > MAX_FORMULA_NODES) return `The formula is too large (more than ${MAX_FORMULA_NODES} parts).`;
    if (isParenthesisNode(node)) {
      stack.push(node.content);
    } else if (isConstantNode(node)) {
      if (typeof node.value !== 'number' || !Number.isFinite(node.value)) return rejectNode(node, params);
    } else if (isSymbolNode(node)) {
      if (!params.includes(node.name)) return rejectNode(node, params);
    } else if (isOperatorNode(node)) {
      if (!Object.hasOwn(ALLOWED_OPERATORS, node.fn)) return rejectNode(node, params);
      for (const a of node.args) stack.push(a);
    } else {
      return rejectNode(node, params);
    }
  }
  return null;
}

function validateParams(params: readonly string[]): void {
  for (const p of params) {
    if (!PARAM_NAME.test(p)) throw new RangeError(`formula parameter ${JSON.stringify(p)} is not a plain name`);
  }
}

/**
 * Parses a formula in the given parameters, allowing only numbers, those
 * names, `+ - * / ^` and brackets. Never throws for any answer text.
 * @example parseFormula('2k+1', ['k']) // ok, read as { text: '2 k + 1', latex: '2~k+1' }
 */
export function parseFormula(text: string, params: readonly string[]): ParseFormulaResult {
  validateParams(params);
  if (text.length > MAX_FORMULA_CHARS) {
    return { ok: false, note: note(NOTE_CODES.parseTooLong, `Your formula is ${text.length} characters long; the limit is ${MAX_FORMULA_CHARS}.`) };
  }
  if (text.trim() === '') return { ok: false, note: note(NOTE_CODES.parseEmpty, 'Your answer is empty.') };
  const longNumber = new RegExp(`\\d{${MAX_FORMULA_NUMBER_DIGITS + 1},}`).exec(text);
  if (longNumber) {
    // Doubles hold 15 significant digits exactly; longer literals would be silently rounded by the parser.
    return {
      ok: false,
      note: note(NOTE_CODES.parseError, `Numbers may have at most ${MAX_FORMULA_NUMBER_DIGITS} digits (at character ${longNumber.index + 1}).`, {
        position: longNumber.index,
      }),
    };
  }
  let node: MathNode;
  try {
    node = parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : 'unreadable';
    const at = /\(char (\d+)\)/.exec(message);
    const position = at ? Math.max(Number(at[1]) - 1, 0) : 0;
    const cleaned = message.replace(/\s*\(char \d+\)/, '');
    return {
      ok: false,
      note: note(NOTE_CODES.parseError, `Could not read the formula: ${cleaned}${at ? ` (at character ${position + 1})` : ''}.`, { position }),
    };
  }
  const problem = whitelist(node, params);
  if (problem !== null) return { ok: false, note: note(NOTE_CODES.parseError, problem) };
  let read: ReadAs;
  try {
    read = { text: node.toString(), latex: node.toTex().trim() };
  } catch {
    read = { text: text.trim(), latex: text.trim() };
  }
  return { ok: true, formula: { node, read } };
}

/**
 * Checks a formula the instructor wrote (question authoring); throws on an
 * invalid one so a broken question pack fails when loaded, not when graded.
 */
export function validateFormula(expected: string, params: readonly string[]): ParsedFormula {
  const parsed = parseFormula(expected, params);
  if (!parsed.ok) throw new RangeError(`invalid expected formula ${JSON.stringify(expected)}: ${parsed.note.message}`);
  return parsed.formula;
}

/** The fixed sample points: each parameter gets a seeded integer in [FORMULA_SAMPLE_MIN, FORMULA_SAMPLE_MAX]. */
function samplePoints(params: readonly string[]): Map<string, bigint>[] {
  const rng = createRng(FORMULA_SAMPLE_SEED);
  const points: Map<string, bigint>[] = [];
  for (let i = 0; i < FORMULA_SAMPLE_POINTS; i++) {
    points.push(new Map(params.map((p) => [p, BigInt(rng.int(FORMULA_SAMPLE_MIN, FORMULA_SAMPLE_MAX))])));
  }
  return points;
}

type Variant = (point: ReadonlyMap<string, bigint>) => Rational | null;

/** Most (expected formula, parameters) pairs kept parsed with their sample values. */
export const MAX_FORMULA_KEY_CACHE = 64;

interface FormulaKey {
  readonly key: ParsedFormula;
  readonly points: readonly Map<string, bigint>[];
  /** The expected formula's value at each sample point (null where undefined). */
  readonly values: ReadonlyMap<ReadonlyMap<string, bigint>, Rational | null>;
}

const formulaKeyCache = new Map<string, FormulaKey>();

/** The parsed expected formula, its sample points and values there, computed once per question. */
function formulaKey(expected: string, params: readonly string[]): FormulaKey {
  const id = `${params.join(',')}\u0000${expected}`;
  const cached = formulaKeyCache.get(id);
  if (cached) return cached;
  const key = validateFormula(expected, params);
  const points = samplePoints(params);
  const values = new Map(points.map((p) => [p as ReadonlyMap<string, bigint>, valueAt(key.node, p)]));
  if (formulaKeyCache.size >= MAX_FORMULA_KEY_CACHE) formulaKeyCache.clear();
  const entry = { key, points, values };
  formulaKeyCache.set(id, entry);
  return entry;
}

/** True when `answer` equals `variant` wherever the variant is defined (and at least at one point). */
function matches(answer: MathNode, variant: Variant, points: readonly Map<string, bigint>[]): boolean {
  let compared = 0;
  for (const p of points) {
    const want = variant(p);
    if (want === null) continue;
    const got = valueAt(answer, p);
    if (got === null || !sameValue(got, want)) return false;
    compared++;
  }
  return compared > 0;
}

function shifted(node: MathNode, delta: bigint): Variant {
  return (p) => {
    const v = valueAt(node, p);
    return v === null ? null : { n: v.n + delta * v.d, d: v.d };
  };
}

function substituted(node: MathNode, param: string, map: (p: ReadonlyMap<string, bigint>) => bigint): Variant {
  return (p) => valueAt(node, new Map(p).set(param, map(p)));
}

/**
 * Checks a formula answer against the expected formula by exact rational
 * evaluation at seeded integer points. Recognises off-by-one formulas and the
 * other layer numbering (`L − k + 1`). Never throws for any answer text
 * (throws RangeError only when `expected` or `params` themselves are invalid).
 * @example checkFormula('k', ['k'], '(k+1)-1').correct // true
 * @example checkFormula('k', ['k'], 'k-1').notes[0]?.code // 'formula/off-by-one'
 */
export function checkFormula(expected: string, params: readonly string[], answer: string, opts: FormulaOptions = {}): CheckResult {
  const { key, points, values } = formulaKey(expected, params);
  const parsed = parseFormula(answer, params);
  if (!parsed.ok) return { correct: false, score: 0, read: null, notes: [parsed.note] };
  const { node, read } = parsed.formula;
  const exact: Variant = (p) => values.get(p) ?? null;
  if (matches(node, exact, points)) return { correct: true, score: 1, read, notes: [] };

  const numbering = opts.numbering ?? (params.includes('k') && params.includes('L') ? { index: 'k', count: 'L' } : undefined);
  if (numbering && params.includes(numbering.index) && params.includes(numbering.count)) {
    const flip = (offset: bigint) =>
      substituted(key.node, numbering.index, (p) => (p.get(numbering.count) ?? 0n) - (p.get(numbering.index) ?? 0n) + offset);
    const exactFlip = matches(node, flip(1n), points);
    if (exactFlip || matches(node, flip(0n), points) || matches(node, flip(2n), points)) {
      return {
        correct: false,
        score: 0,
        read,
        notes: [
          note(
            NOTE_CODES.formulaWrongNumbering,
            `Your formula numbers the layers from the other end: this question numbers layers from the loss side (${numbering.index} = 1 is the layer feeding E).`,
            { offByOne: !exactFlip },
          ),
        ],
      };
    }
  }
  for (const delta of [-1n, 1n]) {
    if (matches(node, shifted(key.node, delta), points)) {
      return {
        correct: false,
        score: 0,
        read,
        notes: [note(NOTE_CODES.formulaOffByOne, `Close, but your formula is off by one (${delta < 0n ? 'one too few' : 'one too many'}); count the factors again.`, { delta: Number(delta) })],
      };
    }
  }
  for (const param of params) {
    for (const delta of [-1n, 1n]) {
      if (matches(node, substituted(key.node, param, (p) => (p.get(param) ?? 0n) + delta), points)) {
        return {
          correct: false,
          score: 0,
          read,
          notes: [note(NOTE_CODES.formulaOffByOne, `Close, but your formula is off by one in ${param}; check where the counting starts.`, { param, delta: Number(delta) })],
        };
      }
    }
  }
  return { correct: false, score: 0, read, notes: [note(NOTE_CODES.formulaWrong, 'This formula does not give the right value; try it on a small case.')] };
}

/**
 * Parse-only preview of a formula for the phone: its LaTeX and text reading,
 * or the parse problem. Never reveals anything about the expected formula.
 * @example previewFormula(['k'], '2k').read?.latex // '2~k'
 */
export function previewFormula(params: readonly string[], answer: string): PreviewResult {
  const parsed = parseFormula(answer, params);
  return parsed.ok ? { read: parsed.formula.read, notes: [] } : { read: null, notes: [parsed.note] };
}

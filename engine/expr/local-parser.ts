/**
 * Reader for local-derivative answers (`g'(z_5) · n_2`, `2(n_7 - y_7)`) in
 * plain, Unicode or LaTeX notation. The lexer turns every name into one
 * opaque symbol token (engine/expr/local-symbols.ts); the recursive-descent
 * parser builds an `Expr` over their atoms, which engine/expr/polynomial.ts
 * expands exactly:
 *
 *     answer  := [derivative '='] expr
 *     expr    := term (('+' | '-') term)*
 *     term    := signed (('*' | juxtaposition) signed)*
 *     signed  := ('+' | '-')* primary
 *     primary := SYMBOL | INTEGER | G '(' z_i ')' | '(' expr ')' ['_d'] | '[' expr ']' | '{' expr '}'
 *
 * The same caps as expression answers bound every read (length, nesting,
 * symbol count, index and coefficient digits). Never throws.
 */
import type { Atom, Expr } from '../types';
import { productOf, sumOf } from '../atoms';
import type { NoteCode } from './notes';
import { NOTE_CODES } from './notes';
import type { ParseFailure } from './tokenizer';
import { parseAnswer } from './parser';
import { MAX_ANSWER_CHARS, MAX_ATOMS, MAX_COEFFICIENT_DIGITS, MAX_INDEX_DIGITS, MAX_NESTING_DEPTH } from './limits';
import type { LocalSymbol } from './local-symbols';
import { symbolExpr } from './local-symbols';

type Bracket = '(' | '[' | '{';
type Close = ')' | ']' | '}';
const CLOSE_OF: Readonly<Record<Bracket, Close>> = { '(': ')', '[': ']', '{': '}' };

type LocalToken = (
  | { readonly kind: 'sym'; readonly symbol: LocalSymbol }
  | { readonly kind: 'g'; readonly prime: boolean }
  | { readonly kind: 'num'; readonly value: bigint }
  | { readonly kind: 'open'; readonly bracket: Bracket }
  | { readonly kind: 'close'; readonly bracket: Close }
  | { readonly kind: 'plus' }
  | { readonly kind: 'minus' }
  | { readonly kind: 'times' }
  | { readonly kind: 'subd' }
) & { readonly pos: number; readonly end: number };

/** A read local answer: the left-hand side derivative (or null) and the expression over symbol atoms. */
export interface ParsedLocal {
  /** The derivative before `=`: an atom of engine/types, `{ bias }` for `∂n_i/∂b_i`, or null when there is no `=`. */
  readonly lhs: Atom | { readonly bias: number; readonly of: number } | null;
  readonly expr: Expr;
  /** Symbol occurrences in the expression. */
  readonly symbolCount: number;
}

/** The reader's verdict. */
export type ParseLocalResult = { readonly ok: true; readonly answer: ParsedLocal } | { readonly ok: false; readonly failure: ParseFailure };

/** What the hint after an unknown letter lists. */
export const LOCAL_SYMBOLS_HINT = "local derivatives use g'(z_i), weights w_{k,i}, outputs n_k, inputs (x_l)_d, input weights (v_{l,i})_d, targets y_o and whole numbers";

class Failure {
  constructor(readonly failure: ParseFailure) {}
}

function failure(code: NoteCode, message: string, position: number, length: number, expected?: string): Failure {
  return new Failure(expected === undefined ? { code, message, position, length } : { code, message, position, length, expected });
}

const MINUS_CHARS = new Set(['-', '−', '–', '‐', '‑']);
const TIMES_CHARS = new Set(['*', '·', '⋅', '×', '∙', '•', '∗']);
const PRIME_CHARS = new Set(["'", '′', '’', 'ʹ']);
const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const SKIP_COMMANDS = new Set(['left', 'right', 'big', 'Big', 'bigg', 'Bigg', 'bigl', 'bigr', 'Bigl', 'Bigr', ',', ';', ':', '!', ' ', 'quad', 'qquad', 'displaystyle']);
const TIMES_COMMANDS = new Set(['cdot', 'cdotp', 'times', 'ast', 'bullet']);
const G_NAMES = new Set(['g', 'σ']);

function isSpace(c: string | undefined): boolean {
  return c !== undefined && (/\s/.test(c) || c === '~' || c === '\u200b' || c === '\ufeff');
}

function digitOf(c: string | undefined): string | undefined {
  if (c === undefined) return undefined;
  if (c >= '0' && c <= '9') return c;
  const i = SUBSCRIPT_DIGITS.indexOf(c);
  return i >= 0 ? String(i) : undefined;
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/** Reads the index after a letter: `5`, `_5`, `_{5}`, `₅`, `25`, `_{2,5}`, `_{1,d}`. Returns its groups as written. */
function readIndex(s: string, start: number, letter: string): { groups: string[]; end: number } {
  let j = start;
  if (s[j] === '_') {
    j++;
    while (isSpace(s[j])) j++;
  }
  if (s[j] === '{') {
    const open = j;
    j++;
    let content = '';
    while (j < s.length && s[j] !== '}') {
      const c = s[j] as string;
      const d = digitOf(c);
      if (d !== undefined) content += d;
      else if (c === ',') content += ',';
      else if (c === 'd') content += 'd';
      else if (!isSpace(c)) throw failure(NOTE_CODES.parseError, `The index of ${letter} may contain only digits and commas (at character ${j + 1}).`, j, 1, 'a digit or a comma');
      j++;
    }
    if (s[j] !== '}') throw failure(NOTE_CODES.parseError, `The index of ${letter} opened at character ${open + 1} is never closed with '}'.`, open, j - open, "'}'");
    const groups = content.split(',');
    if (groups.some((g) => g === '')) throw failure(NOTE_CODES.parseError, `The index of ${letter} has an empty part (at character ${open + 1}).`, open, j + 1 - open, 'digits');
    return { groups, end: j + 1 };
  }
  let first = '';
  while (digitOf(s[j]) !== undefined) first += digitOf(s[j++]);
  if (first === '') {
    const example = letter === 'w' || letter === 'v' ? `${letter}_{2,5}` : `${letter}_5`;
    throw failure(NOTE_CODES.parseError, `The name ${letter} needs an index, like ${example} (to multiply, use * or ·) (at character ${start}).`, start - 1, j - start + 1, 'an index');
  }
  const groups = [first];
  while (s[j] === ',' && (digitOf(s[j + 1]) !== undefined || s[j + 1] === 'd')) {
    j++;
    if (s[j] === 'd') {
      groups.push('d');
      j++;
      continue;
    }
    let more = '';
    while (digitOf(s[j]) !== undefined) more += digitOf(s[j++]);
    groups.push(more);
  }
  return { groups, end: j };
}

/** If `_d` or `_{d}` starts at `start`, where it ends. */
function readSubD(s: string, start: number): number | null {
  if (s[start] !== '_') return null;
  let j = start + 1;
  while (isSpace(s[j])) j++;
  if (s[j] === 'd') return j + 1;
  if (s[j] !== '{') return null;
  j++;
  while (isSpace(s[j])) j++;
  if (s[j] !== 'd') return null;
  j++;
  while (isSpace(s[j])) j++;
  return s[j] === '}' ? j + 1 : null;
}

/** Reads a named symbol at `start` (its letter already known); returns the symbol and where it ends. */
function readSymbol(s: string, start: number, letter: string): { symbol: LocalSymbol; end: number } {
  const { groups, end } = readIndex(s, start + 1, letter);
  const written = s.slice(start, end);
  const numeric = groups.filter((g) => g !== 'd');
  const component = groups.length - numeric.length;
  for (const g of numeric) {
    if (g.length > MAX_INDEX_DIGITS) throw failure(NOTE_CODES.parseError, `The index in ${written} is too long (at most ${MAX_INDEX_DIGITS} digits).`, start, end - start, 'a shorter index');
  }
  if (component > 1 || (component === 1 && (groups[groups.length - 1] !== 'd' || (letter !== 'x' && letter !== 'v')))) {
    throw failure(NOTE_CODES.parseError, `The component d belongs last in the index of x or v only, like x_{1,d} or v_{1,5,d}, not ${written} (at character ${start + 1}).`, start, end - start, 'x_{l,d} or v_{l,i,d}');
  }
  let next = end;
  const subd = readSubD(s, next);
  if (subd !== null && (letter === 'x' || letter === 'v')) next = subd;
  if (letter === 'w' || letter === 'v') {
    let a: string;
    let b: string;
    if (numeric.length === 2) [a, b] = numeric as [string, string];
    else if (numeric.length === 1 && (numeric[0] as string).length === 2) [a, b] = [(numeric[0] as string).slice(0, 1), (numeric[0] as string).slice(1)];
    else if (numeric.length === 1 && (numeric[0] as string).length > 2) {
      const g = numeric[0] as string;
      const splits: string[] = [];
      for (let k = 1; k < g.length; k++) splits.push(`${letter}_{${g.slice(0, k)},${g.slice(k)}}`);
      throw failure(NOTE_CODES.parseAmbiguousIndex, `The index in ${written} is ambiguous: write ${splits.join(' or ')} with a comma between the two indices (at character ${start + 1}).`, start, end - start, splits.join(' | '));
    } else {
      throw failure(NOTE_CODES.parseError, `The name ${letter} takes two indices, like ${letter}_{2,5}, but ${written} has ${numeric.length} (at character ${start + 1}).`, start, end - start, 'two indices');
    }
    const symbol: LocalSymbol = letter === 'w' ? { kind: 'weight', from: Number(a), to: Number(b) } : { kind: 'inputWeight', input: Number(a), neuron: Number(b) };
    return { symbol, end: next };
  }
  if (numeric.length !== 1) {
    throw failure(NOTE_CODES.parseError, `The name ${letter} takes one index, like ${letter}_5, but ${written} has ${numeric.length} (at character ${start + 1}).`, start, end - start, 'one index');
  }
  const i = Number(numeric[0]);
  switch (letter) {
    case 'n':
      return { symbol: { kind: 'neuron', neuron: i }, end: next };
    case 'x':
      return { symbol: { kind: 'input', input: i }, end: next };
    case 'y':
      return { symbol: { kind: 'target', output: i }, end: next };
    case 'b':
      return { symbol: { kind: 'bias', neuron: i }, end: next };
    default:
      return { symbol: { kind: 'pre', neuron: i }, end: next };
  }
}

/** After `g` or `\sigma`: a prime in any of its forms (`'`, `′`, `^\prime`, `^{\prime}`, `\prime`, `^'`), or none. */
function readPrime(s: string, start: number): { prime: boolean; end: number } {
  let j = start;
  while (isSpace(s[j])) j++;
  if (PRIME_CHARS.has(s[j] as string)) return { prime: true, end: j + 1 };
  const rest = s.slice(j, j + 12);
  for (const form of ['^{\\prime}', '^\\prime', '\\prime', "^{'}", "^'"]) {
    if (rest.startsWith(form) && !isLetter(rest[form.length])) return { prime: true, end: j + form.length };
  }
  return { prime: false, end: start };
}

function lex(s: string, start: number): LocalToken[] {
  const tokens: LocalToken[] = [];
  let i = start;
  while (i < s.length) {
    const c = s[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (MINUS_CHARS.has(c)) {
      tokens.push({ kind: 'minus', pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (TIMES_CHARS.has(c)) {
      tokens.push({ kind: 'times', pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '+') {
      tokens.push({ kind: 'plus', pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{') {
      tokens.push({ kind: 'open', bracket: c, pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}') {
      tokens.push({ kind: 'close', bracket: c, pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '/' || c === '∕' || c === '÷') {
      throw failure(NOTE_CODES.parseError, `Division is not used in a local derivative: it is a product such as g'(z_5) · n_2 (at character ${i + 1}).`, i, 1, "'·' or '+'");
    }
    if (c === '^') {
      throw failure(NOTE_CODES.parseError, `Powers (^) are not used in local derivatives: differentiate the square, e.g. ∂E/∂n_7 = 2(n_7 − y_7) (at character ${i + 1}).`, i, 1, "'·' or '+'");
    }
    if (c === '∂' || c === '=') {
      throw failure(NOTE_CODES.parseError, `A local derivative is written without ∂ on the right: use g'(z_i), weights, outputs and inputs (at character ${i + 1}).`, i, 1, LOCAL_SYMBOLS_HINT);
    }
    if (c === '_') {
      const end = readSubD(s, i);
      if (end === null) throw failure(NOTE_CODES.parseError, `A subscript '_' must follow a name, or be the component mark _d (at character ${i + 1}).`, i, 1, '_d');
      tokens.push({ kind: 'subd', pos: i, end });
      i = end;
      continue;
    }
    if (c === '\\') {
      let j = i + 1;
      if (isLetter(s[j])) while (isLetter(s[j])) j++;
      else j = Math.min(s.length, j + 1);
      const name = s.slice(i + 1, j);
      if (name === '') throw failure(NOTE_CODES.parseError, `A backslash at the end of the answer is incomplete (at character ${i + 1}).`, i, 1, 'a LaTeX command');
      if (SKIP_COMMANDS.has(name)) {
        i = j;
        continue;
      }
      if (TIMES_COMMANDS.has(name)) {
        tokens.push({ kind: 'times', pos: i, end: j });
        i = j;
        continue;
      }
      if (name === '{' || name === '}') {
        tokens.push(name === '{' ? { kind: 'open', bracket: '{', pos: i, end: j } : { kind: 'close', bracket: '}', pos: i, end: j });
        i = j;
        continue;
      }
      if (name === 'sigma') {
        const p = readPrime(s, j);
        tokens.push({ kind: 'g', prime: p.prime, pos: i, end: p.end > j ? p.end : j });
        i = p.end > j ? p.end : j;
        continue;
      }
      if (name === 'partial' || name === 'frac') {
        throw failure(NOTE_CODES.parseError, `A local derivative is written without \\${name} on the right: use g'(z_i), weights, outputs and inputs (at character ${i + 1}).`, i, j - i, LOCAL_SYMBOLS_HINT);
      }
      throw failure(NOTE_CODES.parseError, `The LaTeX command \\${name} is not used in local derivatives (at character ${i + 1}).`, i, j - i, "\\cdot, \\sigma' or '+'");
    }
    if (G_NAMES.has(c)) {
      const p = readPrime(s, i + 1);
      tokens.push({ kind: 'g', prime: p.prime, pos: i, end: p.prime ? p.end : i + 1 });
      i = p.prime ? p.end : i + 1;
      continue;
    }
    if (c === 'n' || c === 'w' || c === 'v' || c === 'x' || c === 'y' || c === 'b' || c === 'z') {
      const { symbol, end } = readSymbol(s, i, c);
      tokens.push({ kind: 'sym', symbol, pos: i, end });
      i = end;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i;
      while (s[j] !== undefined && (s[j] as string) >= '0' && (s[j] as string) <= '9') j++;
      if ((s[j] === '.' || s[j] === ',') && digitOf(s[j + 1]) !== undefined) throw failure(NOTE_CODES.parseError, `Only whole-number coefficients are allowed (at character ${i + 1}).`, i, j + 1 - i, 'a whole number');
      if (j - i > MAX_COEFFICIENT_DIGITS) throw failure(NOTE_CODES.parseError, `The number at character ${i + 1} is too long (at most ${MAX_COEFFICIENT_DIGITS} digits).`, i, j - i, 'a shorter number');
      tokens.push({ kind: 'num', value: BigInt(s.slice(i, j)), pos: i, end: j });
      i = j;
      continue;
    }
    if (isLetter(c)) throw failure(NOTE_CODES.parseError, `Unexpected '${c}' at character ${i + 1}: ${LOCAL_SYMBOLS_HINT}.`, i, 1, "g', w, n, x, v, y");
    const width = c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdbff ? 2 : 1;
    throw failure(NOTE_CODES.parseError, `Unexpected '${s.slice(i, i + width)}' at character ${i + 1}.`, i, width, "a name, a number, '+', '·' or a bracket");
  }
  return tokens;
}

function describe(t: LocalToken | undefined, source: string): string {
  if (t === undefined) return 'the end of the answer';
  switch (t.kind) {
    case 'open':
    case 'close':
      return `'${t.bracket}'`;
    case 'plus':
      return "'+'";
    case 'minus':
      return "'-'";
    case 'times':
      return "'·'";
    case 'subd':
      return '_d';
    default:
      return source.slice(t.pos, t.end);
  }
}

class Parser {
  private i = 0;
  private depth = 0;
  symbolCount = 0;

  constructor(
    private readonly tokens: readonly LocalToken[],
    private readonly source: string,
    private readonly offset: number,
  ) {}

  private error(expected: string, why: string): Failure {
    const t = this.tokens[this.i];
    const position = t ? t.pos : this.source.length;
    const length = t ? t.end - t.pos : 0;
    return failure(NOTE_CODES.parseError, `${why}: expected ${expected} but found ${describe(t, this.source)} (at character ${position + 1}).`, position, length, expected);
  }

  parse(): Expr {
    if (this.tokens.length === 0) {
      throw failure(NOTE_CODES.parseEmpty, this.offset > 0 ? 'The answer stops after =.' : 'Your answer is empty.', this.source.length, 0, "g'(z_i) and a weight, an output or an input");
    }
    const expr = this.parseExpr();
    const t = this.tokens[this.i];
    if (t !== undefined) {
      if (t.kind === 'close') throw this.error("'+', '·' or the end", `This '${t.bracket}' closes nothing`);
      throw this.error("'+', '-', '·' or the end of the answer", 'Could not read the answer');
    }
    return expr;
  }

  private parseExpr(): Expr {
    const terms: Expr[] = [this.parseTerm()];
    for (;;) {
      const t = this.tokens[this.i];
      if (t?.kind === 'plus') {
        this.i++;
        terms.push(this.parseTerm());
      } else if (t?.kind === 'minus') {
        this.i++;
        terms.push({ kind: 'neg', expr: this.parseTerm() });
      } else break;
    }
    return sumOf(terms);
  }

  private parseTerm(): Expr {
    const factors: Expr[] = [this.parseSigned()];
    for (;;) {
      const t = this.tokens[this.i];
      if (t?.kind === 'times') {
        this.i++;
        factors.push(this.parseSigned());
      } else if (t?.kind === 'sym' || t?.kind === 'g' || t?.kind === 'open' || t?.kind === 'num') {
        factors.push(this.parseSigned());
      } else break;
    }
    return productOf(factors);
  }

  private parseSigned(): Expr {
    let negative = false;
    for (;;) {
      const t = this.tokens[this.i];
      if (t?.kind === 'minus') negative = !negative;
      else if (t?.kind !== 'plus') break;
      this.i++;
    }
    const p = this.parsePrimary();
    return negative ? { kind: 'neg', expr: p } : p;
  }

  private symbol(s: LocalSymbol): Expr {
    this.symbolCount++;
    if (this.symbolCount > MAX_ATOMS) {
      const t = this.tokens[this.i - 1] as LocalToken;
      throw failure(NOTE_CODES.parseTooComplex, `Your answer has more than ${MAX_ATOMS} names; a local derivative needs two.`, t.pos, t.end - t.pos);
    }
    return symbolExpr(s);
  }

  private parsePrimary(): Expr {
    const t = this.tokens[this.i];
    if (t === undefined) throw this.error("a name such as g'(z_5) or n_2, a number or a bracket", 'The answer stops too early');
    switch (t.kind) {
      case 'sym':
        this.i++;
        return this.symbol(t.symbol);
      case 'num':
        this.i++;
        return { kind: 'num', value: t.value };
      case 'g': {
        this.i++;
        const open = this.tokens[this.i];
        const z = this.tokens[this.i + 1];
        const close = this.tokens[this.i + 2];
        const name = this.source.slice(t.pos, t.end);
        if (open?.kind !== 'open' || z?.kind !== 'sym' || z.symbol.kind !== 'pre' || close?.kind !== 'close' || close.bracket !== CLOSE_OF[open.bracket]) {
          const hint = z?.kind === 'sym' && z.symbol.kind !== 'pre' ? `; ${name} takes the pre-activation z_i, not ${this.source.slice(z.pos, z.end)}` : '';
          throw failure(NOTE_CODES.parseError, `After ${name} write the neuron's pre-activation in brackets, like ${t.prime ? "g'" : 'g'}(z_5)${hint} (at character ${t.pos + 1}).`, t.pos, (close ?? z ?? open ?? t).end - t.pos, `${name}(z_i)`);
        }
        this.i += 3;
        return this.symbol({ kind: t.prime ? 'gPrime' : 'g', neuron: z.symbol.neuron });
      }
      case 'open': {
        if (this.depth >= MAX_NESTING_DEPTH) throw failure(NOTE_CODES.parseTooComplex, `Brackets are nested more than ${MAX_NESTING_DEPTH} deep (at character ${t.pos + 1}).`, t.pos, 1);
        this.i++;
        this.depth++;
        const inner = this.parseExpr();
        const close = this.tokens[this.i];
        const want = CLOSE_OF[t.bracket];
        if (close?.kind !== 'close' || close.bracket !== want) throw this.error(`'${want}'`, `The '${t.bracket}' at character ${t.pos + 1} is not closed`);
        this.i++;
        this.depth--;
        if (this.tokens[this.i]?.kind === 'subd') {
          const sub = this.tokens[this.i] as LocalToken;
          const leaf = inner.kind === 'atom' ? inner : null;
          const ok = leaf !== null && (leaf.atom.of.kind === 'input' || leaf.atom.of.kind === 'inputWeight') && leaf.atom.wrt.kind === 'loss';
          if (!ok) throw failure(NOTE_CODES.parseError, `The component mark _d belongs to (x_l)_d or (v_{l,i})_d only (at character ${sub.pos + 1}).`, sub.pos, sub.end - sub.pos);
          this.i++;
        }
        return inner;
      }
      case 'subd':
        throw failure(NOTE_CODES.parseError, `The component mark _d belongs right after x_l or v_{l,i} (at character ${t.pos + 1}).`, t.pos, t.end - t.pos);
      default:
        throw this.error("a name such as g'(z_5) or n_2, a number or a bracket", 'Could not read the answer');
    }
  }
}

const LHS_BIAS = /^(?:∂|d|\\partial)\s*n_?\{?(\d{1,6})\}?\s*\/\s*(?:∂|d|\\partial)\s*b_?\{?(\d{1,6})\}?$/;

/** Reads the left-hand side of `=`: a derivative in expression-answer notation, or `∂n_i/∂b_i`. */
function parseLhs(text: string): Atom | { bias: number; of: number } {
  const trimmed = text.trim();
  const bias = LHS_BIAS.exec(trimmed);
  if (bias) return { bias: Number(bias[2]), of: Number(bias[1]) };
  const parsed = parseAnswer(trimmed);
  if (!parsed.ok) {
    const f = parsed.failure;
    const lead = text.length - text.trimStart().length;
    throw new Failure({ ...f, message: `Left of '=': ${f.message}`, position: f.position + lead });
  }
  if (parsed.answer.lhs !== null || parsed.answer.expr.kind !== 'atom') {
    throw failure(NOTE_CODES.parseError, "Left of '=' write the one derivative asked for, like ∂n_5/∂w_{2,5}.", 0, text.length, 'a single derivative before =');
  }
  return parsed.answer.expr.atom;
}

/**
 * Reads a local-derivative answer: `g'(z_5) · n_2`, `∂n_5/∂w_{2,5} = g'(z_5) n_2`,
 * `\sigma'(z_5)\cdot n_2`, `2(n_7 - y_7)`. Never throws.
 * @example parseLocalAnswer("g'(z_5) n_2").ok // true
 */
export function parseLocalAnswer(source: string): ParseLocalResult {
  if (source.length > MAX_ANSWER_CHARS) {
    return {
      ok: false,
      failure: { code: NOTE_CODES.parseTooLong, message: `Your answer is ${source.length} characters long; the limit is ${MAX_ANSWER_CHARS}.`, position: MAX_ANSWER_CHARS, length: source.length - MAX_ANSWER_CHARS },
    };
  }
  try {
    const eq = source.indexOf('=');
    if (eq >= 0 && source.indexOf('=', eq + 1) >= 0) {
      const second = source.indexOf('=', eq + 1);
      throw failure(NOTE_CODES.parseError, `Only one = is allowed (at character ${second + 1}).`, second, 1, 'one = at most');
    }
    const lhs = eq >= 0 ? parseLhs(source.slice(0, eq)) : null;
    const offset = eq >= 0 ? eq + 1 : 0;
    const parser = new Parser(lex(source, offset), source, offset);
    const expr = parser.parse();
    return { ok: true, answer: { lhs, expr, symbolCount: parser.symbolCount } };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, failure: e.failure };
    throw e;
  }
}

/**
 * Tokenizer for gradient answers. Two passes:
 *
 * 1. `lex` turns the raw string (plain, Unicode or LaTeX, in any mix) into
 *    small tokens: a differential mark (`d`, `∂`, `\partial`), a quantity
 *    (`E`, `n_6`, `w_{2,5}`, `v11`, `x_2`), brackets, operators, integers.
 * 2. `atomize` recognises every whole derivative (`dE/dn6`, `(dE)/(dn6)`,
 *    `\frac{\partial n_1}{\partial (v_{1,1})_d}`) and replaces it by ONE
 *    opaque atom token, so no algebra ever sees a fraction to cancel.
 *
 * Both passes are single left-to-right scans with bounded lookahead.
 */
import type { Atom, Quantity } from '../types';
import { assertNever } from '../types';
import type { NoteCode } from './notes';
import { NOTE_CODES } from './notes';
import { MAX_COEFFICIENT_DIGITS, MAX_INDEX_DIGITS } from './limits';
import { renderQuantity } from '../render';

/** Opening brackets, all usable for grouping. */
export type OpenBracket = '(' | '[' | '{';
/** Closing brackets. */
export type CloseBracket = ')' | ']' | '}';

/** A token with its source span `[pos, end)` in UTF-16 code units. */
export type Token = (
  | { readonly kind: 'del' }
  | { readonly kind: 'qty'; readonly quantity: Quantity }
  | { readonly kind: 'subd' }
  | { readonly kind: 'frac' }
  | { readonly kind: 'slash' }
  | { readonly kind: 'open'; readonly bracket: OpenBracket }
  | { readonly kind: 'close'; readonly bracket: CloseBracket }
  | { readonly kind: 'plus' }
  | { readonly kind: 'minus' }
  | { readonly kind: 'times' }
  | { readonly kind: 'equals' }
  | { readonly kind: 'num'; readonly value: bigint; readonly digits: number }
  | { readonly kind: 'atom'; readonly atom: Atom }
) & { readonly pos: number; readonly end: number };

/** Why an answer could not be read: a parse note code, a sentence and where. */
export interface ParseFailure {
  readonly code: NoteCode;
  readonly message: string;
  readonly position: number;
  readonly length: number;
  readonly expected?: string;
}

/** A pass's result: the tokens, or the first failure. */
export type TokenResult = { readonly ok: true; readonly tokens: Token[] } | { readonly ok: false; readonly failure: ParseFailure };

/** The bracket that closes each opening bracket. */
export const CLOSING: Readonly<Record<OpenBracket, CloseBracket>> = { '(': ')', '[': ']', '{': '}' };

const ALLOWED_ATOMS_HINT = 'answers use only derivatives such as ∂E/∂n_6, ∂n_6/∂n_4, ∂n_5/∂w_{2,5}, ∂n_1/∂(v_{1,1})_d and ∂n_2/∂(x_2)_d';

/** LaTeX commands and what they mean here. `skip` commands are layout only; `strip` ones drop their braces. */
const LATEX_COMMANDS: Readonly<Record<string, 'del' | 'frac' | 'times' | 'skip' | 'strip' | OpenBracket | CloseBracket>> = {
  partial: 'del',
  differentialD: 'del',
  frac: 'frac',
  dfrac: 'frac',
  tfrac: 'frac',
  cfrac: 'frac',
  cdot: 'times',
  cdotp: 'times',
  times: 'times',
  ast: 'times',
  bullet: 'times',
  left: 'skip',
  right: 'skip',
  middle: 'skip',
  big: 'skip',
  Big: 'skip',
  bigg: 'skip',
  Bigg: 'skip',
  bigl: 'skip',
  bigr: 'skip',
  Bigl: 'skip',
  Bigr: 'skip',
  biggl: 'skip',
  biggr: 'skip',
  Biggl: 'skip',
  Biggr: 'skip',
  displaystyle: 'skip',
  textstyle: 'skip',
  quad: 'skip',
  qquad: 'skip',
  mathrm: 'strip',
  mathit: 'strip',
  mathsf: 'strip',
  mathbf: 'strip',
  boldsymbol: 'strip',
  operatorname: 'strip',
  text: 'strip',
  textrm: 'strip',
  lbrack: '[',
  rbrack: ']',
  lbrace: '{',
  rbrace: '}',
  lparen: '(',
  rparen: ')',
};

/** One-character LaTeX commands: spacing (`\,`) or escaped braces (`\{`). */
const LATEX_SYMBOL_COMMANDS: Readonly<Record<string, 'skip' | OpenBracket | CloseBracket>> = {
  ',': 'skip',
  ';': 'skip',
  ':': 'skip',
  '!': 'skip',
  ' ': 'skip',
  '>': 'skip',
  '{': '{',
  '}': '}',
};

/** Non-ASCII characters read as an ASCII operator: minus signs, multiplication dots and crosses, slashes, partial signs. */
const UNICODE_EQUIVALENTS: ReadonlyMap<string, string> = new Map([
  ...['−', '–', '‐', '‑'].map((c) => [c, '-'] as const),
  ...['·', '⋅', '×', '∙', '•', '∗'].map((c) => [c, '*'] as const),
  ...['∕', '⁄'].map((c) => [c, '/'] as const),
  ...['∂', '\u{1D715}', '\u{1D6DB}', '\u{1D74F}'].map((c) => [c, 'd'] as const),
]);

const LOSS_QUANTITY: Quantity = { kind: 'loss' };
const EXTRA_SPACE_CHARS = new Set(['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '~']);
const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';

function isAsciiDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** The ASCII digit for an ASCII or subscript digit, else undefined. */
function digitOf(c: string | undefined): string | undefined {
  if (c === undefined) return undefined;
  if (isAsciiDigit(c)) return c;
  const sub = SUBSCRIPT_DIGITS.indexOf(c);
  return sub >= 0 ? String(sub) : undefined;
}

const WHITESPACE = /\s/;

function isSpace(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  // ASCII fast path: space, \t \n \v \f \r, and LaTeX's ~ (a non-breaking space).
  if (code < 128) return code === 32 || (code >= 9 && code <= 13) || code === 126;
  return WHITESPACE.test(c) || EXTRA_SPACE_CHARS.has(c);
}

function isLetter(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

function fail(code: NoteCode, message: string, position: number, length: number, expected?: string): { ok: false; failure: ParseFailure } {
  return { ok: false, failure: expected === undefined ? { code, message, position, length } : { code, message, position, length, expected } };
}

type IndexResult = { ok: true; groups: string[]; end: number } | { ok: false; failure: ParseFailure };

/**
 * Reads the index part after a quantity letter at `start`: `6`, `_6`, `_{6}`,
 * `25`, `_2,5`, `_{2,5}`, `₆`. Returns the digit groups as written.
 */
function readIndexGroups(s: string, start: number, letter: string): IndexResult {
  let j = start;
  let underscore = false;
  if (s[j] === '_') {
    underscore = true;
    j++;
    while (isSpace(s[j])) j++;
  }
  if (underscore && s[j] === '{') {
    const open = j;
    j++;
    let content = '';
    while (j < s.length && s[j] !== '}') {
      const c = s[j] as string;
      const d = digitOf(c);
      if (d !== undefined) content += d;
      else if (c === ',' || isSpace(c)) content += c === ',' ? ',' : ' ';
      else {
        return fail(NOTE_CODES.parseError, `The index of ${letter} may contain only digits and a comma (at character ${j + 1}).`, j, 1, 'a digit or a comma');
      }
      j++;
    }
    if (s[j] !== '}') {
      return fail(NOTE_CODES.parseError, `The index of ${letter} opened at character ${open + 1} is never closed with '}'.`, open, j - open, "'}'");
    }
    const trimmed = content.trim();
    if (trimmed === '') {
      return fail(NOTE_CODES.parseError, `The name ${letter} needs an index inside the braces.`, open, j + 1 - open, 'an index');
    }
    const groups = trimmed.split(/\s*,\s*|\s+/);
    if (groups.some((g) => g === '')) {
      return fail(NOTE_CODES.parseError, `The index of ${letter} has an empty part (at character ${open + 1}).`, open, j + 1 - open, 'digits');
    }
    return { ok: true, groups, end: j + 1 };
  }
  let first = '';
  while (digitOf(s[j]) !== undefined) {
    first += digitOf(s[j]);
    j++;
  }
  if (first === '') {
    const example = letter === 'w' || letter === 'v' ? `${letter}_{2,5}` : `${letter}_6`;
    const extra = letter === 'x' ? ' (to multiply, use * or ·)' : '';
    return fail(NOTE_CODES.parseError, `The name ${letter} needs an index, like ${example}${extra} (at character ${start}).`, start - 1, j - start + 1, 'an index');
  }
  const groups = [first];
  if (s[j] === ',' && digitOf(s[j + 1]) !== undefined) {
    j++;
    let second = '';
    while (digitOf(s[j]) !== undefined) {
      second += digitOf(s[j]);
      j++;
    }
    groups.push(second);
  }
  return { ok: true, groups, end: j };
}

/** A shared-weight name after `w`: `_{hh}` or `_hh`, 1–8 lowercase letters (not followed by another letter). */
const SHARED_WEIGHT_AT = /^_(?:\{\s*([a-z]{1,8})\s*\}|([a-z]{1,8})(?![A-Za-z]))/;
/** Characters looked at for a shared-weight name (`_{` + 8 letters + `}` with a little space). */
const SHARED_LOOKAHEAD = 16;

function indexValue(digits: string): number {
  return Number(digits);
}

type QuantityResult = { ok: true; quantity: Quantity; end: number } | { ok: false; failure: ParseFailure };

/** Reads `n…`, `x…` (one index) or `w…`, `v…` (two indices) starting at the letter. */
function readQuantity(s: string, start: number, letter: 'n' | 'x' | 'w' | 'v'): QuantityResult {
  if (letter === 'w') {
    // A shared weight: `w_{hh}` or `w_hh` (lowercase letters instead of indices).
    const m = SHARED_WEIGHT_AT.exec(s.slice(start + 1, start + 1 + SHARED_LOOKAHEAD));
    if (m) return { ok: true, quantity: { kind: 'shared', name: (m[1] ?? m[2]) as string }, end: start + 1 + m[0].length };
  }
  const r = readIndexGroups(s, start + 1, letter);
  if (!r.ok) return r;
  const span = r.end - start;
  const written = s.slice(start, r.end);
  for (const g of r.groups) {
    if (g.length > MAX_INDEX_DIGITS) {
      return fail(NOTE_CODES.parseError, `The index in ${written} is too long (at most ${MAX_INDEX_DIGITS} digits).`, start, span, 'a shorter index');
    }
  }
  if (letter === 'n' || letter === 'x') {
    const [only, ...rest] = r.groups;
    if (only === undefined || rest.length > 0) {
      return fail(NOTE_CODES.parseError, `The name ${letter} takes one index, like ${letter}_6, but ${written} has ${r.groups.length} (at character ${start + 1}).`, start, span, 'one index');
    }
    const index = indexValue(only);
    return { ok: true, quantity: letter === 'n' ? { kind: 'neuron', neuron: index } : { kind: 'input', input: index }, end: r.end };
  }
  let a: string;
  let b: string;
  if (r.groups.length === 2) {
    a = r.groups[0] as string;
    b = r.groups[1] as string;
  } else if (r.groups.length === 1) {
    const g = r.groups[0] as string;
    if (g.length === 2) {
      a = g.slice(0, 1);
      b = g.slice(1);
    } else if (g.length === 1) {
      return fail(NOTE_CODES.parseError, `The name ${letter} takes two indices, like ${letter}_{2,5}, but ${written} has one (at character ${start + 1}).`, start, span, 'two indices');
    } else {
      const splits: string[] = [];
      for (let k = 1; k < g.length; k++) splits.push(`${letter}_{${g.slice(0, k)},${g.slice(k)}}`);
      return fail(
        NOTE_CODES.parseAmbiguousIndex,
        `The index in ${written} is ambiguous: write ${splits.join(' or ')} with a comma between the two indices (at character ${start + 1}).`,
        start,
        span,
        splits.join(' | '),
      );
    }
  } else {
    return fail(NOTE_CODES.parseError, `The name ${letter} takes two indices, like ${letter}_{2,5}, but ${written} has ${r.groups.length} (at character ${start + 1}).`, start, span, 'two indices');
  }
  const x = indexValue(a);
  const y = indexValue(b);
  return {
    ok: true,
    quantity: letter === 'w' ? { kind: 'weight', from: x, to: y } : { kind: 'inputWeight', input: x, neuron: y },
    end: r.end,
  };
}

/** If `_d` or `_{d}` starts at `start`, returns where it ends. */
function readSubD(s: string, start: number): number | null {
  if (s[start] !== '_') return null;
  let j = start + 1;
  while (isSpace(s[j])) j++;
  if (s[j] === 'd') return j + 1;
  if (s[j] === '{') {
    j++;
    while (isSpace(s[j])) j++;
    if (s[j] !== 'd') return null;
    j++;
    while (isSpace(s[j])) j++;
    return s[j] === '}' ? j + 1 : null;
  }
  return null;
}

/**
 * First pass: raw text to tokens. Never throws; stops at the first problem.
 * @example lex('dE/dn6') // del, qty E, slash, del, qty n6
 */
export function lex(s: string): TokenResult {
  const tokens: Token[] = [];
  // Brace kinds: 'group' braces become tokens, 'strip' braces (after \mathrm etc.) vanish.
  const braces: ('group' | 'strip')[] = [];
  let stripNextBrace = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i] as string;
    const code = c.charCodeAt(0);
    // ASCII is dispatched directly; other characters are spaces or map to an ASCII equivalent (∂ → d, · → *, − → -).
    let op = c;
    let width = 1;
    if (code >= 128) {
      if (isSpace(c)) {
        i++;
        continue;
      }
      // Only astral characters (e.g. the math-italic ∂ U+1D715) take two code units.
      const astral = code >= 0xd800 && code <= 0xdbff && i + 1 < s.length;
      const ch = astral ? s.slice(i, i + 2) : c;
      width = astral ? 2 : 1;
      const equivalent = UNICODE_EQUIVALENTS.get(ch);
      if (equivalent === undefined) {
        return fail(NOTE_CODES.parseError, `Unexpected '${ch}' at character ${i + 1}.`, i, width, "a derivative, '+', '·' or a bracket");
      }
      op = equivalent;
    } else if (code === 32 || (code >= 9 && code <= 13) || op === '~') {
      i++;
      continue;
    }
    if (stripNextBrace && op !== '{') stripNextBrace = false;
    switch (op) {
      case '\\': {
        const start = i;
        let j = i + 1;
        let name: string;
        if (isLetter(s[j])) {
          while (isLetter(s[j])) j++;
          name = s.slice(i + 1, j);
        } else if (j < s.length) {
          name = s[j] as string;
          j++;
        } else {
          return fail(NOTE_CODES.parseError, `A backslash at the end of the answer is incomplete (at character ${start + 1}).`, start, 1, 'a LaTeX command');
        }
        const meaning = Object.hasOwn(LATEX_COMMANDS, name) ? LATEX_COMMANDS[name] : Object.hasOwn(LATEX_SYMBOL_COMMANDS, name) ? LATEX_SYMBOL_COMMANDS[name] : undefined;
        if (meaning === undefined) {
          return fail(NOTE_CODES.parseError, `The LaTeX command \\${name} is not used in gradient answers (at character ${start + 1}).`, start, j - start, "\\frac, \\partial, \\cdot or '+'");
        }
        i = j;
        switch (meaning) {
          case 'del':
            tokens.push({ kind: 'del', pos: start, end: j });
            break;
          case 'frac':
            tokens.push({ kind: 'frac', pos: start, end: j });
            break;
          case 'times':
            tokens.push({ kind: 'times', pos: start, end: j });
            break;
          case 'skip':
            break;
          case 'strip':
            while (isSpace(s[i])) i++;
            stripNextBrace = true;
            break;
          case '(':
          case '[':
          case '{':
            if (meaning === '{') braces.push('group');
            tokens.push({ kind: 'open', bracket: meaning, pos: start, end: j });
            break;
          case ')':
          case ']':
          case '}':
            if (meaning === '}') braces.pop();
            tokens.push({ kind: 'close', bracket: meaning, pos: start, end: j });
            break;
          default:
            return assertNever(meaning);
        }
        continue;
      }
      case '{':
        if (stripNextBrace) {
          braces.push('strip');
          stripNextBrace = false;
        } else {
          braces.push('group');
          tokens.push({ kind: 'open', bracket: '{', pos: i, end: i + 1 });
        }
        i++;
        continue;
      case '}':
        if (braces.pop() !== 'strip') tokens.push({ kind: 'close', bracket: '}', pos: i, end: i + 1 });
        i++;
        continue;
      case '(':
      case '[':
        tokens.push({ kind: 'open', bracket: op, pos: i, end: i + 1 });
        i++;
        continue;
      case ')':
      case ']':
        tokens.push({ kind: 'close', bracket: op, pos: i, end: i + 1 });
        i++;
        continue;
      case '+':
        tokens.push({ kind: 'plus', pos: i, end: i + 1 });
        i++;
        continue;
      case '-':
        tokens.push({ kind: 'minus', pos: i, end: i + width });
        i += width;
        continue;
      case '*':
        tokens.push({ kind: 'times', pos: i, end: i + width });
        i += width;
        continue;
      case '/':
        tokens.push({ kind: 'slash', pos: i, end: i + width });
        i += width;
        continue;
      case '=':
        tokens.push({ kind: 'equals', pos: i, end: i + 1 });
        i++;
        continue;
      case '^':
        return fail(NOTE_CODES.parseError, `Powers (^) are not used in gradient answers: each path's term is a plain product (at character ${i + 1}).`, i, 1, "'+', '·' or a derivative");
      case '_': {
        const end = readSubD(s, i);
        if (end === null) {
          return fail(NOTE_CODES.parseError, `A subscript '_' must follow n, w, v or x, or be the component mark _d (at character ${i + 1}).`, i, 1, '_d');
        }
        tokens.push({ kind: 'subd', pos: i, end });
        i = end;
        continue;
      }
      case 'd':
        tokens.push({ kind: 'del', pos: i, end: i + width });
        i += width;
        continue;
      case 'E':
        tokens.push({ kind: 'qty', quantity: LOSS_QUANTITY, pos: i, end: i + 1 });
        i++;
        continue;
      case 'n':
      case 'x':
      case 'w':
      case 'v': {
        const q = readQuantity(s, i, op);
        if (!q.ok) return q;
        tokens.push({ kind: 'qty', quantity: q.quantity, pos: i, end: q.end });
        i = q.end;
        continue;
      }
      default:
        break;
    }
    if (isAsciiDigit(c)) {
      let j = i;
      while (isAsciiDigit(s[j])) j++;
      if ((s[j] === '.' || s[j] === ',') && isAsciiDigit(s[j + 1])) {
        return fail(NOTE_CODES.parseError, `Only whole-number coefficients are allowed (at character ${i + 1}).`, i, j + 1 - i, 'a whole number');
      }
      if (j - i > MAX_COEFFICIENT_DIGITS) {
        return fail(NOTE_CODES.parseError, `The number at character ${i + 1} is too long (at most ${MAX_COEFFICIENT_DIGITS} digits).`, i, j - i, 'a shorter number');
      }
      tokens.push({ kind: 'num', value: BigInt(s.slice(i, j)), digits: j - i, pos: i, end: j });
      i = j;
      continue;
    }
    if (isLetter(c)) {
      return fail(NOTE_CODES.parseError, `Unexpected '${c}' at character ${i + 1}: ${ALLOWED_ATOMS_HINT}.`, i, 1, 'E, n, w, v, x or ∂');
    }
    return fail(NOTE_CODES.parseError, `Unexpected '${c}' at character ${i + 1}.`, i, 1, "a derivative, '+', '·' or a bracket");
  }
  return { ok: true, tokens };
}

type SideResult = { ok: true; quantity: Quantity; next: number } | { ok: false; failure: ParseFailure } | null;

/**
 * Names a token for a parse error. A lone quantity is named in full while
 * atomizing (`n_6`) and generically once derivatives are already atoms.
 */
export function describeToken(t: Token | undefined, quantity: 'named' | 'generic' = 'named'): string {
  if (t === undefined) return 'the end of the answer';
  switch (t.kind) {
    case 'del':
      return '∂';
    case 'qty':
      return quantity === 'named' ? renderQuantity(t.quantity, 'text') : 'a quantity on its own';
    case 'subd':
      return '_d';
    case 'frac':
      return '\\frac';
    case 'slash':
      return "'/'";
    case 'open':
    case 'close':
      return `'${t.bracket}'`;
    case 'plus':
      return "'+'";
    case 'minus':
      return "'-'";
    case 'times':
      return "'·'";
    case 'equals':
      return "'='";
    case 'num':
      return `the number ${t.value}`;
    case 'atom':
      return 'a derivative';
    default:
      return assertNever(t);
  }
}

function expectedAt(tokens: readonly Token[], i: number, source: string, expected: string, why: string): { ok: false; failure: ParseFailure } {
  const t = tokens[i];
  const position = t ? t.pos : source.length;
  const length = t ? t.end - t.pos : 0;
  return fail(NOTE_CODES.parseError, `${why}: expected ${expected} but found ${describeToken(t)} (at character ${position + 1}).`, position, length, expected);
}

/**
 * Reads the quantity after a differential mark: `E`, `n_6`, `(v_{1,1})_d`,
 * `{x_2}`, `x_2_d`. Returns the quantity and the index after it.
 */
function matchCore(tokens: readonly Token[], i: number, source: string): SideResult {
  const t = tokens[i];
  let quantity: Quantity;
  let next: number;
  if (t?.kind === 'qty') {
    quantity = t.quantity;
    next = i + 1;
  } else if (t?.kind === 'open' && tokens[i + 1]?.kind === 'qty') {
    const q = tokens[i + 1] as Token & { kind: 'qty' };
    const close = tokens[i + 2];
    if (close?.kind !== 'close' || close.bracket !== CLOSING[t.bracket]) {
      return expectedAt(tokens, i + 2, source, `'${CLOSING[t.bracket]}'`, `After ${renderQuantity(q.quantity, 'text')} in a derivative`);
    }
    quantity = q.quantity;
    next = i + 3;
  } else {
    return expectedAt(tokens, i, source, 'E, n_i, w_{k,i}, (v_{l,i})_d or (x_l)_d', 'After ∂');
  }
  if (tokens[next]?.kind === 'subd') {
    if (quantity.kind !== 'inputWeight' && quantity.kind !== 'input') {
      const sub = tokens[next] as Token;
      return fail(NOTE_CODES.parseError, `The component mark _d belongs to v or x only, not ${renderQuantity(quantity, 'text')} (at character ${sub.pos + 1}).`, sub.pos, sub.end - sub.pos);
    }
    next++;
  }
  return { ok: true, quantity, next };
}

/** One side of a slash derivative: `∂q`, `(∂q)` or `{∂q}`. Null when `i` does not start one. */
function matchSide(tokens: readonly Token[], i: number, source: string, committed: boolean): SideResult {
  const t = tokens[i];
  if (t?.kind === 'del') return matchCore(tokens, i + 1, source);
  if (t?.kind === 'open' && tokens[i + 1]?.kind === 'del') {
    const inner = matchCore(tokens, i + 2, source);
    if (inner === null || !inner.ok) return committed ? inner : null;
    const close = tokens[inner.next];
    if (close?.kind !== 'close' || close.bracket !== CLOSING[t.bracket]) {
      return committed ? expectedAt(tokens, inner.next, source, `'${CLOSING[t.bracket]}'`, 'Inside a bracketed ∂') : null;
    }
    return { ok: true, quantity: inner.quantity, next: inner.next + 1 };
  }
  return committed ? expectedAt(tokens, i, source, '∂ (or d)', 'In a derivative') : null;
}

type DerivativeResult = { ok: true; atom: Atom; next: number } | { ok: false; failure: ParseFailure } | null;

/** Reads `\frac{∂a}{∂b}` starting at a `frac` token. */
function matchFrac(tokens: readonly Token[], i: number, source: string): DerivativeResult {
  const parts: Quantity[] = [];
  let j = i + 1;
  for (const which of ['numerator', 'denominator'] as const) {
    const open = tokens[j];
    if (open?.kind !== 'open' || open.bracket !== '{') {
      return expectedAt(tokens, j, source, "'{'", `\\frac needs its ${which} in braces`);
    }
    if (tokens[j + 1]?.kind !== 'del') {
      return expectedAt(tokens, j + 1, source, '∂ (or d)', `The ${which} of \\frac must be a differential like ∂E; other fractions are not allowed`);
    }
    const core = matchCore(tokens, j + 2, source);
    if (core === null) return expectedAt(tokens, j + 2, source, 'a quantity', `In the ${which} of \\frac`);
    if (!core.ok) return core;
    const close = tokens[core.next];
    if (close?.kind !== 'close' || close.bracket !== '}') {
      return expectedAt(tokens, core.next, source, "'}'", `The ${which} of \\frac holds a single ∂`);
    }
    parts.push(core.quantity);
    j = core.next + 1;
  }
  return { ok: true, atom: { of: parts[0] as Quantity, wrt: parts[1] as Quantity }, next: j };
}

/** Reads `∂a/∂b` (each side optionally bracketed). Null when `i` is a bracket that turns out to be grouping. */
function matchSlash(tokens: readonly Token[], i: number, source: string): DerivativeResult {
  const committed = tokens[i]?.kind === 'del';
  const num = matchSide(tokens, i, source, committed);
  if (num === null || !num.ok) return num;
  const slash = tokens[num.next];
  if (slash?.kind !== 'slash') {
    if (!committed) return null;
    return expectedAt(tokens, num.next, source, "'/'", 'A derivative is written like ∂E/∂n_6');
  }
  const den = matchSide(tokens, num.next + 1, source, true);
  if (den === null) return expectedAt(tokens, num.next + 1, source, '∂ (or d)', 'After /');
  if (!den.ok) return den;
  return { ok: true, atom: { of: num.quantity, wrt: den.quantity }, next: den.next };
}

/**
 * Second pass: replaces each whole derivative by one `atom` token. A bracket
 * that does not open a derivative is left for the parser as grouping.
 * @example atomize(lexed.tokens, 'dE/dn6') // [atom ∂E/∂n_6]
 */
export function atomize(tokens: readonly Token[], source: string): TokenResult {
  const out: Token[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i] as Token;
    let m: DerivativeResult = null;
    if (t.kind === 'frac') m = matchFrac(tokens, i, source);
    else if (t.kind === 'del' || (t.kind === 'open' && tokens[i + 1]?.kind === 'del')) m = matchSlash(tokens, i, source);
    if (m === null) {
      out.push(t);
      i++;
      continue;
    }
    if (!m.ok) return m;
    const last = tokens[m.next - 1] as Token;
    out.push({ kind: 'atom', atom: m.atom, pos: t.pos, end: last.end });
    i = m.next;
  }
  return { ok: true, tokens: out };
}

/** Both passes: raw text to tokens with every derivative already one atom. */
export function tokenize(source: string): TokenResult {
  const lexed = lex(source);
  if (!lexed.ok) return lexed;
  return atomize(lexed.tokens, source);
}

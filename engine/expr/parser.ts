/**
 * Recursive-descent parser for gradient answers, over the atom tokens from
 * the tokenizer:
 *
 *     answer  := expr ('=' expr)?
 *     expr    := term (('+' | '-') term)*
 *     term    := signed (('*' | juxtaposition) signed)*
 *     signed  := ('+' | '-')* primary
 *     primary := ATOM | INTEGER | '(' expr ')' | '[' expr ']' | '{' expr '}'
 *
 * Caps on length, nesting depth and atom count bound every parse. Nothing is
 * ever evaluated: the result is an `Expr` tree over opaque atoms.
 */
import type { Atom, Expr } from '../types';
import { productOf, sumOf } from '../atoms';
import type { ParseFailure, Token } from './tokenizer';
import { CLOSING, describeToken, tokenize } from './tokenizer';
import { NOTE_CODES } from './notes';
import { MAX_ANSWER_CHARS, MAX_ATOMS, MAX_NESTING_DEPTH } from './limits';

/** A successfully read answer: the optional left-hand side and the expression. */
export interface ParsedAnswer {
  /** The derivative written before `=`, if any (`dE/dw25 = …`). */
  readonly lhs: Atom | null;
  /** The expression the student gave (right of `=`, or the whole answer). */
  readonly expr: Expr;
  /** How many atom occurrences the expression has. */
  readonly atomCount: number;
}

/** The parser's verdict: the answer, or the first reason it could not be read. */
export type ParseResult = { readonly ok: true; readonly answer: ParsedAnswer } | { readonly ok: false; readonly failure: ParseFailure };

class Failure {
  constructor(readonly failure: ParseFailure) {}
}

class Parser {
  private i = 0;
  private depth = 0;
  atomCount = 0;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly source: string,
  ) {}

  private peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private error(expected: string, why?: string): Failure {
    const t = this.peek();
    const position = t ? t.pos : this.source.length;
    const length = t ? t.end - t.pos : 0;
    let message: string;
    if (t?.kind === 'slash') {
      message = `'/' may only appear inside a derivative such as ∂n_6/∂n_4; fractions are not allowed`;
    } else if (t?.kind === 'qty') {
      message = `${this.source.slice(t.pos, t.end)} on its own is not a derivative: write it inside one, like ∂n_6/∂n_4`;
    } else {
      message = `${why ?? 'Could not read the answer'}: expected ${expected} but found ${describeToken(t, 'generic')}`;
    }
    return new Failure({ code: NOTE_CODES.parseError, message: `${message} (at character ${position + 1}).`, position, length, expected });
  }

  parseAnswer(): ParsedAnswer {
    if (this.tokens.length === 0) {
      throw new Failure({ code: NOTE_CODES.parseEmpty, message: 'Your answer is empty.', position: 0, length: 0, expected: 'a derivative' });
    }
    const first = this.parseExpr();
    let lhs: Atom | null = null;
    let expr = first;
    const eq = this.peek();
    if (eq?.kind === 'equals') {
      if (first.kind !== 'atom') {
        throw new Failure({
          code: NOTE_CODES.parseError,
          message: `The left-hand side of '=' should be the single derivative asked for, like ∂E/∂w_{2,5} (at character 1).`,
          position: 0,
          length: eq.pos,
          expected: 'a single derivative before =',
        });
      }
      lhs = first.atom;
      this.i++;
      if (this.peek() === undefined) throw this.error('an expression after =', 'The answer stops after =');
      expr = this.parseExpr();
    }
    if (this.peek() !== undefined) {
      const t = this.peek() as Token;
      if (t.kind === 'equals') throw this.error('one = at most', 'Only one = is allowed');
      if (t.kind === 'close') throw this.error("'+', '·' or the end", `This '${t.bracket}' closes nothing`);
      throw this.error("'+', '-', '·' or the end of the answer");
    }
    return { lhs, expr, atomCount: this.atomCount - (lhs ? 1 : 0) };
  }

  private parseExpr(): Expr {
    const terms: Expr[] = [this.parseTerm()];
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'plus') {
        this.i++;
        terms.push(this.parseTerm());
      } else if (t?.kind === 'minus') {
        this.i++;
        terms.push({ kind: 'neg', expr: this.parseTerm() });
      } else {
        break;
      }
    }
    return sumOf(terms);
  }

  private parseTerm(): Expr {
    const factors: Expr[] = [this.parseSigned()];
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'times') {
        this.i++;
        factors.push(this.parseSigned());
      } else if (t?.kind === 'atom' || t?.kind === 'num' || t?.kind === 'open') {
        factors.push(this.parseSigned());
      } else {
        break;
      }
    }
    return productOf(factors);
  }

  private parseSigned(): Expr {
    let negative = false;
    for (;;) {
      const t = this.peek();
      if (t?.kind === 'minus') negative = !negative;
      else if (t?.kind !== 'plus') break;
      this.i++;
    }
    const primary = this.parsePrimary();
    return negative ? { kind: 'neg', expr: primary } : primary;
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    if (t?.kind === 'atom') {
      this.i++;
      this.atomCount++;
      if (this.atomCount > MAX_ATOMS) {
        throw new Failure({
          code: NOTE_CODES.parseTooComplex,
          message: `Your answer has more than ${MAX_ATOMS} derivatives; that is far more than any question needs.`,
          position: t.pos,
          length: t.end - t.pos,
        });
      }
      return { kind: 'atom', atom: t.atom };
    }
    if (t?.kind === 'num') {
      this.i++;
      return { kind: 'num', value: t.value };
    }
    if (t?.kind === 'open') {
      this.depth++;
      if (this.depth > MAX_NESTING_DEPTH) {
        throw new Failure({
          code: NOTE_CODES.parseTooComplex,
          message: `Brackets are nested more than ${MAX_NESTING_DEPTH} deep (at character ${t.pos + 1}).`,
          position: t.pos,
          length: 1,
        });
      }
      this.i++;
      if (this.peek()?.kind === 'close') throw this.error('an expression', `Empty brackets`);
      const inner = this.parseExpr();
      const close = this.peek();
      const want = CLOSING[t.bracket];
      if (close?.kind !== 'close' || close.bracket !== want) {
        throw this.error(`'${want}'`, `The '${t.bracket}' at character ${t.pos + 1} is not closed`);
      }
      this.i++;
      this.depth--;
      return inner;
    }
    throw this.error('a derivative (like ∂E/∂n_6), a number or a bracket');
  }
}

/**
 * Reads an answer string into an expression over atoms. Never throws: any
 * input gets an answer or a parse failure (too long, ambiguous, malformed).
 * @example parseAnswer('dE/dn6 * dn6/dn4') // { ok: true, answer: { lhs: null, expr: product of two atoms, … } }
 */
export function parseAnswer(source: string): ParseResult {
  if (source.length > MAX_ANSWER_CHARS) {
    return {
      ok: false,
      failure: {
        code: NOTE_CODES.parseTooLong,
        message: `Your answer is ${source.length} characters long; the limit is ${MAX_ANSWER_CHARS}.`,
        position: MAX_ANSWER_CHARS,
        length: source.length - MAX_ANSWER_CHARS,
      },
    };
  }
  const tokens = tokenize(source);
  if (!tokens.ok) return tokens;
  try {
    return { ok: true, answer: new Parser(tokens.tokens, source).parseAnswer() };
  } catch (e) {
    if (e instanceof Failure) return { ok: false, failure: e.failure };
    throw e;
  }
}

/**
 * Grading of local-derivative answers one level down: `∂n_5/∂w_{2,5} =
 * g'(z_5) · n_2`. The answer is read into an expression over opaque symbols
 * (engine/expr/local-parser.ts), expanded exactly into monomials
 * (engine/expr/polynomial.ts) and compared with the key. A wrong answer is
 * taken apart factor by factor and every difference gets a note with a
 * stable `local/*` code: g' missing or of the wrong neuron, the wrong weight
 * or input, a weight for an input, an extra or missing factor, a sum where a
 * product is due, a stray number or sign; for `∂E/∂n_o = 2(n_o − y_o)` the
 * dropped 2, the flipped sign and another output's target.
 *
 * Scoring (docs/GRADING.md "Local derivatives"): with K the key's factors,
 * S the student's (one product), score = |K ∩ S| / (|K| + |S \ K|), halved
 * for a wrong number or sign in front, halved for a sum where a product is
 * due, halved for a left-hand side naming another derivative. Only an answer
 * exactly equal to the key scores 1.
 */
import type { Atom, Expr } from '../types';
import { assertNever } from '../types';
import { atomKey } from '../atoms';
import type { RenderFormat } from '../render';
import { renderAtom } from '../render';
import type { CheckResult, Note, NoteValue, PreviewResult, ReadAs } from './notes';
import { NOTE_CODES, note } from './notes';
import type { Polynomial } from './polynomial';
import { expand, polynomialsEqual } from './polynomial';
import type { ParsedLocal } from './local-parser';
import { parseLocalAnswer } from './local-parser';
import type { LocalAsk, LocalSymbol } from './local-symbols';
import { askAtom, askNeuron, atomSymbol, localKeyExpr, renderAsk, renderSymbol, symbolKey } from './local-symbols';
import { WRONG_LHS_FACTOR } from './check-expression';
import { MAX_TERM_NOTES } from './limits';

/** Score multiplier for a wrong number or sign in front of the product. */
export const LOCAL_COEFFICIENT_FACTOR = 0.5;
/** Score multiplier when the right factors are added instead of multiplied. */
export const LOCAL_SUM_FACTOR = 0.5;

// ---------- rendering ----------

function symbolOf(a: Atom): LocalSymbol {
  const s = atomSymbol(a);
  if (s === null) throw new RangeError(`not a local symbol: ${atomKey(a)}`);
  return s;
}

function render(e: Expr, format: RenderFormat, inProduct: boolean): string {
  switch (e.kind) {
    case 'atom':
      return renderSymbol(symbolOf(e.atom), format);
    case 'num':
      return String(e.value);
    case 'neg': {
      const inner = render(e.expr, format, true);
      const s = `-${inner}`;
      return inProduct ? `(${s})` : s;
    }
    case 'sum': {
      let out = '';
      e.terms.forEach((t, i) => {
        if (t.kind === 'neg') out += i === 0 ? `-${render(t.expr, format, true)}` : ` - ${render(t.expr, format, true)}`;
        else out += i === 0 ? render(t, format, false) : ` + ${render(t, format, false)}`;
      });
      return inProduct ? format === 'latex' ? `\\left(${out}\\right)` : `(${out})` : out;
    }
    case 'product': {
      const [first, ...rest] = e.factors;
      if (first?.kind === 'neg') {
        const s = `-${render({ kind: 'product', factors: [first.expr, ...rest] }, format, true)}`;
        return inProduct ? `(${s})` : s;
      }
      return e.factors.map((f) => render(f, format, true)).join(format === 'latex' ? ' \\cdot ' : ' · ');
    }
    default:
      return assertNever(e);
  }
}

/**
 * Renders an expression over local symbols: `g'(z_5) · n_2` (text, with a
 * true minus sign) or `g'(z_{5}) \cdot n_{2}` (LaTeX).
 */
export function renderLocalExpr(expr: Expr, format: RenderFormat): string {
  const s = render(expr, format, false);
  return format === 'text' ? s.replace(/-/g, '−') : s;
}

/** The key of an ask in text and LaTeX, with its left-hand side: `∂n_5/∂w_{2,5} = g'(z_5) · n_2`. */
export function localKey(ask: LocalAsk): ReadAs & { readonly rhs: ReadAs } {
  const expr = localKeyExpr(ask);
  const rhs = { text: renderLocalExpr(expr, 'text'), latex: renderLocalExpr(expr, 'latex') };
  return { text: `${renderAsk(ask, 'text')} = ${rhs.text}`, latex: `${renderAsk(ask, 'latex')} = ${rhs.latex}`, rhs };
}

function renderLhs(lhs: ParsedLocal['lhs'], format: RenderFormat): string | null {
  if (lhs === null) return null;
  if ('bias' in lhs) return format === 'latex' ? `\\frac{\\partial n_{${lhs.of}}}{\\partial b_{${lhs.bias}}}` : `∂n_${lhs.of}/∂b_${lhs.bias}`;
  return renderAtom(lhs, format);
}

function readAs(answer: ParsedLocal): ReadAs {
  const text = renderLocalExpr(answer.expr, 'text');
  const latex = renderLocalExpr(answer.expr, 'latex');
  const lt = renderLhs(answer.lhs, 'text');
  const ll = renderLhs(answer.lhs, 'latex');
  return lt === null || ll === null ? { text, latex } : { text: `${lt} = ${text}`, latex: `${ll} = ${latex}` };
}

// ---------- the ask's parts ----------

/** The factor of the key next to g'(z_i), or null (bias, loss). */
function keyFactor(ask: LocalAsk): LocalSymbol | null {
  switch (ask.kind) {
    case 'neuron':
      return { kind: 'weight', from: ask.wrt, to: ask.of };
    case 'weight':
      return { kind: 'neuron', neuron: ask.from };
    case 'inputWeight':
      return { kind: 'input', input: ask.input };
    case 'input':
      return { kind: 'inputWeight', input: ask.input, neuron: ask.neuron };
    case 'bias':
    case 'loss':
      return null;
    default:
      return assertNever(ask);
  }
}

function lhsMatches(ask: LocalAsk, lhs: NonNullable<ParsedLocal['lhs']>): boolean {
  if ('bias' in lhs) return ask.kind === 'bias' && lhs.bias === ask.neuron && lhs.of === ask.neuron;
  const want = askAtom(ask);
  return want !== null && atomKey(lhs) === atomKey(want);
}

const isWeightLike = (s: LocalSymbol): boolean => s.kind === 'weight' || s.kind === 'inputWeight';
const isValueLike = (s: LocalSymbol): boolean => s.kind === 'neuron' || s.kind === 'input';
const same = (a: LocalSymbol, b: LocalSymbol): boolean => symbolKey(a) === symbolKey(b);
const t = (s: LocalSymbol): string => renderSymbol(s, 'text');

interface FactorVerdict {
  readonly notes: Note[];
  readonly matched: number;
  readonly wrong: number;
  readonly keySize: number;
}

/** Why a weight-like symbol is not the key's weight `f`. */
function wrongWeightNote(ask: LocalAsk, f: LocalSymbol, got: LocalSymbol): Note {
  const data = { symbol: t(got), expected: t(f) };
  const asked = renderAsk(ask, 'text');
  if (f.kind === 'weight' && got.kind === 'weight' && got.from === f.to && got.to === f.from) {
    return note(NOTE_CODES.localWrongWeight, `The weight ${t(got)} has its indices swapped: the edge n_${f.from} → n_${f.to} carries ${t(f)} (from ${f.from} into ${f.to}), so ${asked} has ${t(f)}.`, { ...data, kind: 'swapped-indices' });
  }
  if (got.kind === 'inputWeight' && f.kind === 'weight') {
    return note(NOTE_CODES.localWrongWeight, `The weight ${t(got)} is an input weight; n_${f.from} feeds n_${f.to} through the neuron weight ${t(f)}.`, { ...data, kind: 'input-weight' });
  }
  if (got.kind === 'weight' && f.kind === 'inputWeight') {
    return note(NOTE_CODES.localWrongWeight, `The weight ${t(got)} is a weight between neurons; x_${f.input} feeds n_${f.neuron} through the input weight ${t(f)}.`, { ...data, kind: 'neuron-weight' });
  }
  return note(NOTE_CODES.localWrongWeight, `The weight ${t(got)} belongs to another edge; ${asked} goes through the edge that carries ${t(f)}.`, { ...data, kind: 'other-edge' });
}

/** Why a value-like symbol is not the key's input `f`. */
function wrongInputNote(ask: LocalAsk, i: number, f: LocalSymbol, got: LocalSymbol): Note {
  const data = { symbol: t(got), expected: t(f) };
  const asked = renderAsk(ask, 'text');
  const by = ask.kind === 'weight' ? t({ kind: 'weight', from: ask.from, to: ask.to }) : ask.kind === 'inputWeight' ? t({ kind: 'inputWeight', input: ask.input, neuron: ask.neuron }) : 'the weight';
  if (got.kind === 'neuron' && got.neuron === i) {
    return note(NOTE_CODES.localWrongInput, `The factor ${t(got)} is the neuron differentiated, the other end of ${by}; z_${i} contains ${by} · ${t(f)}, so ${asked} has ${t(f)}.`, { ...data, kind: 'other-end' });
  }
  if (got.kind !== f.kind) {
    const what = got.kind === 'input' ? 'a network input' : 'a neuron output';
    return note(NOTE_CODES.localWrongInput, `The factor ${t(got)} is ${what}; ${by} multiplies ${t(f)} in z_${i}.`, { ...data, kind: got.kind === 'input' ? 'x-for-n' : 'n-for-x' });
  }
  return note(NOTE_CODES.localWrongInput, `The factor ${t(got)} does not multiply ${by} in z_${i}; ${t(f)} does.`, { ...data, kind: 'other-input' });
}

function extraNote(ask: LocalAsk, s: LocalSymbol): Note {
  const asked = renderAsk(ask, 'text');
  const data = { symbol: t(s) };
  switch (s.kind) {
    case 'bias':
      return note(NOTE_CODES.localExtraFactor, `The bias ${t(s)} is added in z_${s.neuron} and multiplies nothing: it does not appear in ${asked}.`, data);
    case 'target':
      return note(NOTE_CODES.localExtraFactor, `The target ${t(s)} appears only in the loss: it does not belong in ${asked}.`, data);
    case 'gPrime':
      return ask.kind === 'loss'
        ? note(NOTE_CODES.localExtraFactor, `E depends on n_${ask.output} directly, not through g: ${asked} has no ${t(s)}.`, data)
        : note(NOTE_CODES.localExtraFactor, `The factor ${t(s)} is one too many: ${asked} has g' once, at the neuron differentiated.`, data);
    default:
      return note(NOTE_CODES.localExtraFactor, `The factor ${t(s)} does not belong in ${asked}: remove it.`, data);
  }
}

/** Compares the student's factors (one product's symbols) with the key's g'(z_i) and factor f. */
function diagnoseFactors(ask: LocalAsk, symbols: readonly LocalSymbol[]): FactorVerdict {
  const i = askNeuron(ask) as number;
  const f = keyFactor(ask);
  const pool = [...symbols];
  const take = (pred: (s: LocalSymbol) => boolean): LocalSymbol | null => {
    const at = pool.findIndex(pred);
    return at < 0 ? null : (pool.splice(at, 1)[0] as LocalSymbol);
  };
  const notes: Note[] = [];
  let matched = 0;
  const gp: LocalSymbol = { kind: 'gPrime', neuron: i };
  if (take((s) => same(s, gp))) matched++;
  else {
    const other = take((s) => s.kind === 'gPrime');
    if (other) {
      const j = (other as { neuron: number }).neuron;
      notes.push(note(NOTE_CODES.localWrongGPrime, `The factor ${t(other)} is the slope of g at n_${j}; ${renderAsk(ask, 'text')} differentiates n_${i} = g(z_${i}), so the factor is ${t(gp)}.`, { symbol: t(other), expected: t(gp) }));
    } else {
      const stand = take((s) => (s.kind === 'pre' || s.kind === 'g') && s.neuron === i) ?? take((s) => s.kind === 'pre' || s.kind === 'g');
      const why = stand ? (stand.kind === 'g' ? `${t(stand)} is the activation itself (n_${stand.neuron}), not its derivative` : `${t(stand)} is the pre-activation, not g' at it`) : `n_${i} = g(z_${i}), so the chain rule through g gives a factor ${t(gp)}`;
      notes.push(note(NOTE_CODES.localMissingGPrime, `The factor ${t(gp)} is missing: ${why}.`, stand ? { symbol: t(stand), expected: t(gp) } : { expected: t(gp) }));
    }
  }
  if (f) {
    if (take((s) => same(s, f))) matched++;
    else {
      const sameRole = isWeightLike(f) ? isWeightLike : isValueLike;
      const otherRole = isWeightLike(f) ? isValueLike : isWeightLike;
      const c = take(sameRole);
      if (c) notes.push(isWeightLike(f) ? wrongWeightNote(ask, f, c) : wrongInputNote(ask, i, f, c));
      else {
        const d = take(otherRole);
        if (d) {
          const other = isWeightLike(f) ? renderAsk(ask.kind === 'neuron' ? { kind: 'weight', from: ask.wrt, to: ask.of } : { kind: 'inputWeight', input: (ask as { input: number }).input, neuron: i }, 'text') : renderAsk(ask.kind === 'weight' ? { kind: 'neuron', of: ask.to, wrt: ask.from } : { kind: 'input', input: (ask as { input: number }).input, neuron: i }, 'text');
          notes.push(note(NOTE_CODES.localWeightInputSwapped, `The factor ${t(d)} is what ${other} has; ${renderAsk(ask, 'text')} has ${isWeightLike(f) ? 'the weight' : 'the input'} ${t(f)}.`, { symbol: t(d), expected: t(f) }));
        } else {
          notes.push(note(NOTE_CODES.localMissingFactor, `The factor ${t(f)} is missing: ${renderAsk(ask, 'text')} = ${t(gp)} · ${t(f)}.`, { expected: t(f) }));
        }
      }
    }
  }
  for (const s of pool.slice(0, MAX_TERM_NOTES)) notes.push(extraNote(ask, s));
  return { notes, matched, wrong: symbols.length - matched, keySize: f ? 2 : 1 };
}

function coefficientNote(ask: LocalAsk, c: bigint): Note {
  if (c === -1n) return note(NOTE_CODES.localCoefficient, `${renderAsk(ask, 'text')} has no minus sign: the activation's slope and the factor are multiplied as they are.`, { coefficient: String(c) });
  return note(NOTE_CODES.localCoefficient, `The number ${c} in front does not belong in ${renderAsk(ask, 'text')}.`, { coefficient: String(c) });
}

interface Verdict {
  readonly notes: Note[];
  readonly score: number;
}

function symbolsOf(atoms: readonly Atom[]): LocalSymbol[] {
  return atoms.map(symbolOf);
}

function jaccard(v: FactorVerdict): number {
  return v.matched / (v.keySize + v.wrong);
}

function gradeProduct(ask: LocalAsk, p: Polynomial): Verdict {
  const monomials = [...p.values()];
  if (monomials.length === 0) {
    return { notes: [note(NOTE_CODES.answerNotEquivalent, `Your answer is 0, but ${localKey(ask).text}.`)], score: 0 };
  }
  if (monomials.length === 1) {
    const m = monomials[0] as (typeof monomials)[number];
    const v = diagnoseFactors(ask, symbolsOf(m.atoms));
    const notes = [...v.notes];
    if (m.coefficient !== 1n) notes.push(coefficientNote(ask, m.coefficient));
    return { notes, score: jaccard(v) * (m.coefficient === 1n ? 1 : LOCAL_COEFFICIENT_FACTOR) };
  }
  if (monomials.every((m) => m.coefficient === 1n && m.atoms.length <= 1)) {
    const v = diagnoseFactors(ask, symbolsOf(monomials.flatMap((m) => m.atoms)));
    const sum = note(NOTE_CODES.localSumForProduct, `Your answer adds its parts; ${renderAsk(ask, 'text')} is one product, ${localKey(ask).rhs.text}: the chain rule multiplies.`);
    return { notes: [sum, ...v.notes], score: jaccard(v) * LOCAL_SUM_FACTOR };
  }
  return {
    notes: [note(NOTE_CODES.answerNotEquivalent, `Your answer expands to ${monomials.length} terms; ${renderAsk(ask, 'text')} is a single product, ${localKey(ask).rhs.text}.`, { terms: monomials.length })],
    score: 0,
  };
}

/** Reads `c · (n_a − y_b) · M` out of a polynomial, if it has that form. */
function lossForm(p: Polynomial): { c: bigint; a: number; b: number; rest: LocalSymbol[] } | null {
  const ms = [...p.values()];
  if (ms.length !== 2) return null;
  for (const [x, y] of [
    [ms[0], ms[1]],
    [ms[1], ms[0]],
  ] as const) {
    if (!x || !y || x.coefficient !== -y.coefficient) continue;
    const xs = symbolsOf(x.atoms);
    const ys = symbolsOf(y.atoms);
    for (let i = 0; i < xs.length; i++) {
      const nSym = xs[i] as LocalSymbol;
      if (nSym.kind !== 'neuron') continue;
      const rest = xs.filter((_, k) => k !== i);
      for (let j = 0; j < ys.length; j++) {
        const ySym = ys[j] as LocalSymbol;
        if (ySym.kind !== 'target') continue;
        const restY = ys.filter((_, k) => k !== j);
        if (rest.map(symbolKey).sort().join('|') === restY.map(symbolKey).sort().join('|')) {
          return { c: x.coefficient, a: nSym.neuron, b: ySym.output, rest };
        }
      }
    }
  }
  return null;
}

function gradeLoss(ask: Extract<LocalAsk, { kind: 'loss' }>, p: Polynomial): Verdict {
  const o = ask.output;
  const asked = renderAsk(ask, 'text');
  const form = lossForm(p);
  if (form === null) {
    const all = [...p.values()].flatMap((m) => symbolsOf(m.atoms));
    const hasN = all.some((s) => s.kind === 'neuron' && s.neuron === o);
    const hasY = all.some((s) => s.kind === 'target' && s.output === o);
    const notes: Note[] = [];
    if (p.size === 1 && hasN !== hasY) {
      const missing = hasN ? `y_${o}` : `n_${o}`;
      notes.push(note(NOTE_CODES.localMissingFactor, `The ${hasN ? 'target' : 'output'} ${missing} is missing: E = Σ (n_o − y_o)², so ${asked} = 2(n_${o} − y_${o}).`, { expected: missing }));
    } else {
      notes.push(note(NOTE_CODES.answerNotEquivalent, `E = Σ (n_o − y_o)², so ${asked} = 2(n_${o} − y_${o}); your answer is not of that form.`));
    }
    const matched = (hasN ? 1 : 0) + (hasY ? 1 : 0);
    return { notes, score: (LOCAL_COEFFICIENT_FACTOR * matched) / (2 + Math.max(0, all.length - matched)) };
  }
  const notes: Note[] = [];
  const { c, a, b, rest } = form;
  if (c === 1n) notes.push(note(NOTE_CODES.localLossFactorTwo, `The factor 2 is missing: the derivative of (n_${o} − y_${o})² is 2(n_${o} − y_${o}).`));
  else if (c === -2n) notes.push(note(NOTE_CODES.localLossSign, `The sign is flipped: ${asked} = 2(n_${o} − y_${o}), the output minus the target, not (y_${o} − n_${o}).`));
  else if (c === -1n) {
    notes.push(note(NOTE_CODES.localLossFactorTwo, `The factor 2 is missing: the derivative of (n_${o} − y_${o})² is 2(n_${o} − y_${o}).`));
    notes.push(note(NOTE_CODES.localLossSign, `The sign is flipped: ${asked} = 2(n_${o} − y_${o}), the output minus the target, not (y_${o} − n_${o}).`));
  } else if (c !== 2n) notes.push(note(NOTE_CODES.localCoefficient, `The number in front is ${c}; the derivative of (n_${o} − y_${o})² is 2(n_${o} − y_${o}).`, { coefficient: String(c) }));
  if (a !== o) notes.push(note(NOTE_CODES.localWrongInput, `The neuron n_${a} is another one: ${asked} is about n_${o} itself, 2(n_${o} − y_${o}).`, { symbol: `n_${a}`, expected: `n_${o}`, kind: 'other-neuron' }));
  if (b !== o) notes.push(note(NOTE_CODES.localWrongTarget, `The target y_${b} belongs to n_${b}; the squared error of n_${o} compares it with its own target y_${o}.`, { symbol: `y_${b}`, expected: `y_${o}` }));
  for (const s of rest.slice(0, MAX_TERM_NOTES)) notes.push(extraNote(ask, s));
  const matched = (a === o ? 1 : 0) + (b === o ? 1 : 0);
  const score = (matched / (2 + rest.length + (2 - matched))) * (c === 2n ? 1 : LOCAL_COEFFICIENT_FACTOR);
  if (notes.length === 0) notes.push(note(NOTE_CODES.answerNotEquivalent, `Your answer is not equal to ${localKey(ask).text}.`));
  return { notes, score };
}

function failureNote(f: { code: Note['code']; message: string; position: number; length: number; expected?: string }): Note {
  const data: { [key: string]: NoteValue } = { position: f.position, length: f.length };
  if (f.expected !== undefined) data.expected = f.expected;
  return note(f.code, f.message, data);
}

/**
 * Grades a local-derivative answer against an ask (validated against its
 * network beforehand, see `localAskProblem`). Never throws; an unreadable
 * answer gets a `parse/*` note and is not graded.
 * @example checkLocal({ kind: 'weight', from: 2, to: 5 }, "g'(z_5) n_2").correct // true
 * @example checkLocal({ kind: 'weight', from: 2, to: 5 }, 'n_2').notes[0].code // 'local/missing-g-prime'
 */
export function checkLocal(ask: LocalAsk, text: string): CheckResult {
  const parsed = parseLocalAnswer(text);
  if (!parsed.ok) return { correct: false, score: 0, read: null, notes: [failureNote(parsed.failure)] };
  const answer = parsed.answer;
  const expanded = expand(answer.expr, { tree: true });
  const read = readAs(answer);
  if (!expanded.ok) {
    return { correct: false, score: 0, read, notes: [note(NOTE_CODES.parseTooComplex, 'Your answer expands into too many terms to compare; a local derivative is one short product.')] };
  }
  const key = expand(localKeyExpr(ask));
  if (!key.ok) throw new RangeError('local key too large');
  const lhsWrong = answer.lhs !== null && !lhsMatches(ask, answer.lhs);
  const lhsNotes = lhsWrong
    ? [note(NOTE_CODES.targetWrongLhs, `Your left-hand side is ${renderLhs(answer.lhs, 'text')}, but the question asks for ${renderAsk(ask, 'text')}.`, { lhs: renderLhs(answer.lhs, 'text'), asked: renderAsk(ask, 'text') })]
    : [];
  const lhsFactor = lhsWrong ? WRONG_LHS_FACTOR : 1;
  if (polynomialsEqual(expanded.polynomial, key.polynomial)) {
    return lhsWrong ? { correct: false, score: lhsFactor, read, notes: lhsNotes } : { correct: true, score: 1, read, notes: [] };
  }
  const v = ask.kind === 'loss' ? gradeLoss(ask, expanded.polynomial) : gradeProduct(ask, expanded.polynomial);
  const score = Math.min(v.score * lhsFactor, 0.99);
  return { correct: false, score, read, notes: [...lhsNotes, ...v.notes] };
}

/** What the phone shows while a student types: how the answer is read, or why it cannot be (never grading). */
export function previewLocal(text: string): PreviewResult {
  const parsed = parseLocalAnswer(text);
  if (!parsed.ok) return { read: null, notes: [failureNote(parsed.failure)] };
  return { read: readAs(parsed.answer), notes: [] };
}

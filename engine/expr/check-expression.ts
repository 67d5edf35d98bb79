/**
 * Grading of gradient-expression answers. The answer is parsed into an
 * expression over opaque atoms, every atom is checked against the network,
 * the expression is expanded into monomials and compared with the key (one
 * monomial per path from E to the target, coefficient 1), and every
 * difference becomes a note that names the atom, term or path involved.
 * Evaluation at seeded points mod primes cross-checks the expansion and
 * decides alone when the expansion would exceed its cap.
 *
 * Scoring (docs/GRADING.md): with T the number of paths, F the paths found
 * with a positive coefficient and W the wrong terms (extra monomials, sign
 * errors, excess multiplicity, and wrong atoms that cancelled out),
 * score = F / (T + W) — the Jaccard index of the student's terms and the
 * key's — halved when the left-hand side names another derivative. Only an
 * exactly equivalent answer built from allowed atoms scores 1.
 */
import type { Atom, Expr, Quantity, Target } from '../types';
import { assertNever } from '../types';
import { atomKey, productOfAtoms, quantitiesEqual, quantityKey } from '../atoms';
import { renderAtom, renderExpr, renderQuantity } from '../render';
import type { Network } from '../network';
import type { GradientPath } from '../paths';
import { countPaths, enumeratePaths, pathAtoms, pathEdgeIds } from '../paths';
import { factoredKey } from '../key';
import type { CheckResult, Note, NoteValue, PreviewResult, ReadAs } from './notes';
import { NOTE_CODES, note } from './notes';
import type { ParsedAnswer } from './parser';
import { parseAnswer } from './parser';
import type { ParseFailure } from './tokenizer';
import type { Monomial, Polynomial, Residues } from './polynomial';
import { CONSTANT_MONOMIAL_KEY, evaluatePolynomialResidues, evaluateResidues, expand, monomialKey, residuesEqual } from './polynomial';
import { classifyAtom, isAllowedAtom } from './classify';
import { MAX_ATOM_NOTES, MAX_ENUMERATED_PATHS, MAX_PATH_NOTES, MAX_TERM_NOTES } from './limits';

/** Score multiplier when the left-hand side names a different derivative than the one asked. */
export const WRONG_LHS_FACTOR = 0.5;

/** The key for one (network, target), computed once and cached. */
interface ExpectedKey {
  readonly target: Target;
  readonly total: bigint;
  readonly paths: readonly ExpectedPath[];
  /** True when `paths` lists only the first MAX_ENUMERATED_PATHS paths. */
  readonly capped: boolean;
  /** Monomial key → index into `paths`. */
  readonly byMonomial: ReadonlyMap<string, number>;
  readonly residues: Residues;
}

interface ExpectedPath {
  readonly path: GradientPath;
  /** The path's atoms from E downwards. */
  readonly atoms: readonly Atom[];
  /** Sorted atom keys (a multiset). */
  readonly keys: readonly string[];
  /** The atoms in the order of `keys`. */
  readonly sortedAtoms: readonly Atom[];
  readonly text: string;
  readonly data: { readonly [key: string]: NoteValue };
  /** Its `path/missing` note, built once with the key. */
  readonly missingNote: Note;
}

const keyCache = new WeakMap<Network, Map<string, ExpectedKey>>();

function pathText(path: GradientPath): string {
  const parts = ['E', ...path.neurons.map((n) => `n_${n}`)];
  if (path.target.kind !== 'neuron') parts.push(renderQuantity(path.target, 'text'));
  return parts.join(' → ');
}

function expectedKey(net: Network, target: Target): ExpectedKey {
  let perNet = keyCache.get(net);
  if (!perNet) {
    perNet = new Map();
    keyCache.set(net, perNet);
  }
  const id = quantityKey(target);
  const cached = perNet.get(id);
  if (cached) return cached;
  const { paths, capped } = enumeratePaths(net, target, { cap: MAX_ENUMERATED_PATHS });
  const byMonomial = new Map<string, number>();
  const expected = paths.map((path, i): ExpectedPath => {
    const atoms = pathAtoms(path);
    const text = pathText(path);
    byMonomial.set(monomialKey(atoms), i);
    const data = { path: text, neurons: [...path.neurons], edges: pathEdgeIds(path, net) };
    return {
      path,
      atoms,
      ...sortedByKey(atoms),
      text,
      data,
      missingNote: note(NOTE_CODES.pathMissing, `The path ${text} is missing: add ${renderExpr(productOfAtoms(atoms), 'text')}.`, data),
    };
  });
  const key: ExpectedKey = {
    target,
    total: countPaths(net, target),
    paths: expected,
    capped,
    byMonomial,
    residues: evaluateResidues(factoredKey(net, target)),
  };
  perNet.set(id, key);
  return key;
}

/** Turns a parse failure into its note, carrying the position for the UI. */
function failureNote(f: ParseFailure): Note {
  const data: { [key: string]: NoteValue } = { position: f.position, length: f.length };
  if (f.expected !== undefined) data.expected = f.expected;
  return note(f.code, f.message, data);
}

function renderRead(answer: ParsedAnswer): ReadAs | null {
  try {
    const { lhs, expr } = answer;
    const text = renderExpr(expr, 'text');
    const latex = renderExpr(expr, 'latex');
    return lhs ? { text: `${renderAtom(lhs, 'text')} = ${text}`, latex: `${renderAtom(lhs, 'latex')} = ${latex}` } : { text, latex };
  } catch {
    return null;
  }
}

function lhsNote(answer: ParsedAnswer, target: Target): Note | null {
  const lhs = answer.lhs;
  if (lhs === null || (lhs.of.kind === 'loss' && quantitiesEqual(lhs.wrt, target))) return null;
  const asked = renderAtom({ of: { kind: 'loss' }, wrt: target }, 'text');
  const written = renderAtom(lhs, 'text');
  return note(NOTE_CODES.targetWrongLhs, `Your left-hand side is ${written}, but the question asks for ${asked}.`, { lhs: written, asked });
}

/** Distinct atoms of an expression, in order of first appearance. */
function distinctAtoms(expr: Expr): Atom[] {
  const seen = new Map<string, Atom>();
  const stack: Expr[] = [expr];
  while (stack.length > 0) {
    const e = stack.pop() as Expr;
    switch (e.kind) {
      case 'atom': {
        const k = atomKey(e.atom);
        if (!seen.has(k)) seen.set(k, e.atom);
        break;
      }
      case 'num':
        break;
      case 'neg':
        stack.push(e.expr);
        break;
      case 'sum':
        for (let i = e.terms.length - 1; i >= 0; i--) stack.push(e.terms[i] as Expr);
        break;
      case 'product':
        for (let i = e.factors.length - 1; i >= 0; i--) stack.push(e.factors[i] as Expr);
        break;
      default:
        return assertNever(e);
    }
  }
  return [...seen.values()];
}

/** True when a monomial is exactly one path from E to the target (used beyond the enumeration cap). */
function isPathTo(net: Network, m: Monomial, target: Target): boolean {
  if (m.key === CONSTANT_MONOMIAL_KEY) return false;
  const end = chainEnd(net, m.atoms);
  return end !== null && quantitiesEqual(end, target);
}

/** Replaces every integer literal by its sign, to tell duplicated terms from explicit coefficients. */
function stripCoefficients(e: Expr): Expr {
  switch (e.kind) {
    case 'atom':
      return e;
    case 'num':
      return { kind: 'num', value: e.value > 0n ? 1n : e.value < 0n ? -1n : 0n };
    case 'neg':
      return { kind: 'neg', expr: stripCoefficients(e.expr) };
    case 'sum':
      return { kind: 'sum', terms: e.terms.map(stripCoefficients) };
    case 'product':
      return { kind: 'product', factors: e.factors.map(stripCoefficients) };
    default:
      return assertNever(e);
  }
}

/** Per-atom facts `chainEnd` needs, cached by atom object (expansions share atom objects). */
interface AtomFacts {
  readonly allowed: boolean;
  readonly ofKey: string;
  readonly wrtKey: string;
}

const atomFactsCache = new WeakMap<Network, WeakMap<Atom, AtomFacts>>();

function factsOf(net: Network, atom: Atom): AtomFacts {
  let perNet = atomFactsCache.get(net);
  if (!perNet) {
    perNet = new WeakMap();
    atomFactsCache.set(net, perNet);
  }
  let facts = perNet.get(atom);
  if (!facts) {
    facts = { allowed: isAllowedAtom(net, atom), ofKey: quantityKey(atom.of), wrtKey: quantityKey(atom.wrt) };
    perNet.set(atom, facts);
  }
  return facts;
}

/**
 * Follows a product of allowed atoms from E downwards; returns the quantity
 * it ends at when it is exactly one unbroken path (`∂E/∂n_o · ∂n_o/∂n_a · …`),
 * else null.
 */
export function chainEnd(net: Network, atoms: readonly Atom[]): Quantity | null {
  let start: Atom | null = null;
  const byOf = new Map<string, Atom>();
  for (const a of atoms) {
    const facts = factsOf(net, a);
    if (!facts.allowed) return null;
    if (a.of.kind === 'loss') {
      if (start) return null;
      start = a;
      continue;
    }
    // Two factors leaving the same neuron cannot both lie on one path.
    if (byOf.has(facts.ofKey)) return null;
    byOf.set(facts.ofKey, a);
  }
  if (!start) return null;
  let cur: Atom = start;
  let used = 1;
  for (;;) {
    const next = byOf.get(factsOf(net, cur).wrtKey);
    if (!next) break;
    cur = next;
    used++;
  }
  return used === atoms.length ? cur.wrt : null;
}

const topoCache = new WeakMap<Network, ReadonlyMap<number, number>>();

/** Position of each neuron in topological order (inputs side first), cached per network. */
function topoPositions(net: Network): ReadonlyMap<number, number> {
  let pos = topoCache.get(net);
  if (!pos) {
    pos = new Map(net.topologicalOrder.map((n, i) => [n, i]));
    topoCache.set(net, pos);
  }
  return pos;
}

/**
 * Orders a product's atoms the way a path is read, from ∂E/∂… downwards:
 * loss atoms first, then by how close the differentiated neuron is to the
 * loss. A true path comes out in path order; a broken one in a readable order.
 */
function pathOrder(net: Network, atoms: readonly Atom[]): Atom[] {
  const pos = topoPositions(net);
  const rank = (q: Quantity): number => (q.kind === 'loss' ? Infinity : q.kind === 'neuron' ? (pos.get(q.neuron) ?? -1) : -2);
  return [...atoms].sort((a, b) => rank(b.of) - rank(a.of) || rank(b.wrt) - rank(a.wrt));
}

/** A product of atoms in text, as `renderExpr` prints it (`∂E/∂n_6 · ∂n_6/∂n_4`), without building a tree. */
function productText(atoms: readonly Atom[]): string {
  return atoms.map((a) => renderAtom(a, 'text')).join(' · ');
}

function termText(net: Network, m: Monomial): string {
  const body = m.atoms.length === 0 ? '1' : productText(pathOrder(net, m.atoms));
  if (m.coefficient === 1n) return body;
  if (m.atoms.length === 0) return m.coefficient.toString();
  if (m.coefficient === -1n) return `-${body}`;
  return `${m.coefficient} · ${body}`;
}

/** Multiset difference of two sorted key lists: keys in `a` not matched in `b`. */
function minus(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let j = 0;
  for (const k of a) {
    while (j < b.length && (b[j] as string) < k) j++;
    if (j < b.length && b[j] === k) j++;
    else out.push(k);
  }
  return out;
}

/** Atoms sorted by key, with the keys alongside (the shape of a `Monomial`). */
function sortedByKey(atoms: readonly Atom[]): { keys: string[]; sortedAtoms: Atom[] } {
  const pairs = atoms.map((atom) => ({ key: atomKey(atom), atom })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { keys: pairs.map((p) => p.key), sortedAtoms: pairs.map((p) => p.atom) };
}

/** The atom with this key among parallel key/atom lists. */
function atomWithKey(key: string, keys: readonly string[], atoms: readonly Atom[]): Atom | undefined {
  const i = keys.indexOf(key);
  return i < 0 ? undefined : atoms[i];
}

function atomText(key: string, keys: readonly string[], atoms: readonly Atom[]): string {
  const atom = atomWithKey(key, keys, atoms);
  return atom ? renderAtom(atom, 'text') : key;
}

/** Explains one term that is not a path to the target, matched to the nearest missing path. */
function explainExtra(net: Network, key: ExpectedKey, m: Monomial, missing: readonly ExpectedPath[]): Note {
  const term = termText(net, m);
  const base: { [key: string]: NoteValue } = { term, coefficient: m.coefficient.toString() };
  const asked = renderQuantity(key.target, 'text');
  if (m.atoms.length === 0) {
    return note(NOTE_CODES.termExtra, `The constant ${term} is not a term of the gradient: every term is a product of derivatives along a path.`, {
      ...base,
      kind: 'constant',
    });
  }
  const keys = m.keys;
  const candidates = missing.length > 0 ? missing : key.paths;
  let near: { p: ExpectedPath; extra: string[]; lacking: string[] } | null = null;
  let skip: { p: ExpectedPath; wrong: Atom; chain: Atom[] } | null = null;
  let nearest: { p: ExpectedPath; distance: number } | null = null;
  for (const p of candidates) {
    const extra = minus(keys, p.keys);
    const lacking = minus(p.keys, keys);
    const distance = extra.length + lacking.length;
    if (distance === 0) continue;
    if (!nearest || distance < nearest.distance) nearest = { p, distance };
    if (extra.length <= 1 && lacking.length <= 1) {
      if (!near || distance < near.extra.length + near.lacking.length) near = { p, extra, lacking };
    } else if (!skip && extra.length === 1 && lacking.length >= 2) {
      const wrong = atomWithKey(extra[0] as string, m.keys, m.atoms);
      const chain = wrong ? skippedChain(wrong, lacking.map((k) => atomWithKey(k, p.keys, p.sortedAtoms) as Atom)) : null;
      if (wrong && chain) skip = { p, wrong, chain };
    }
  }
  if (near) {
    const { p, extra, lacking } = near;
    const pathData = p.data;
    const [wrong] = extra;
    const [needed] = lacking;
    if (wrong !== undefined && needed !== undefined) {
      const factor = atomText(wrong, m.keys, m.atoms);
      const expected = atomText(needed, p.keys, p.sortedAtoms);
      return note(NOTE_CODES.termExtra, `In ${term}, the factor ${factor} is wrong: along the path ${p.text} it should be ${expected}.`, {
        ...base,
        kind: 'wrong-factor',
        factor,
        expected,
        ...pathData,
      });
    }
    if (needed !== undefined) {
      const factor = atomText(needed, p.keys, p.sortedAtoms);
      return note(NOTE_CODES.termExtra, `${term} is missing the factor ${factor} to complete the path ${p.text}.`, {
        ...base,
        kind: 'missing-factor',
        factor,
        ...pathData,
      });
    }
    if (wrong !== undefined) {
      const factor = atomText(wrong, m.keys, m.atoms);
      return note(NOTE_CODES.termExtra, `${term} has an extra factor ${factor}; without it, it is the path ${p.text}.`, {
        ...base,
        kind: 'extra-factor',
        factor,
        ...pathData,
      });
    }
  }
  if (skip) {
    const factor = renderAtom(skip.wrong, 'text');
    const expected = productText(skip.chain);
    return note(NOTE_CODES.termExtra, `In ${term}, ${factor} skips neurons: along the path ${skip.p.text} it is ${expected}, one factor per edge.`, {
      ...base,
      kind: 'skipped-neurons',
      factor,
      expected,
      ...skip.p.data,
    });
  }
  const end = chainEnd(net, m.atoms);
  if (end !== null) {
    const reaches = renderQuantity(end, 'text');
    return note(NOTE_CODES.termExtra, `${term} is a path from E to ${reaches}, not to ${asked}.`, { ...base, kind: 'wrong-target', reaches });
  }
  return note(NOTE_CODES.termExtra, `${term} is not the product along any path from E to ${asked}.`, {
    ...base,
    kind: 'unrelated',
    ...(nearest ? { nearest: nearest.p.data } : {}),
  });
}

/**
 * When `wrong` is `∂n_a/∂n_b` and `lacking` is exactly the chain
 * `∂n_a/∂n_c · … · ∂n_…/∂n_b`, returns that chain in path order (the student
 * jumped over neurons), else null.
 */
function skippedChain(wrong: Atom, lacking: readonly Atom[]): Atom[] | null {
  if (wrong.of.kind !== 'neuron' || wrong.wrt.kind !== 'neuron') return null;
  const rest = [...lacking];
  const chain: Atom[] = [];
  let cur: Quantity = wrong.of;
  while (rest.length > 0) {
    const at: Quantity = cur;
    const j = rest.findIndex((a) => quantitiesEqual(a.of, at));
    if (j < 0) return null;
    const [next] = rest.splice(j, 1) as [Atom];
    chain.push(next);
    cur = next.wrt;
  }
  return quantitiesEqual(cur, wrong.wrt) ? chain : null;
}

/** Everything the grader computed, for tests and tools; `checkExpression` returns the public part. */
export interface ExpressionGrade extends CheckResult {
  /** Verdict of exact comparison of expansions, or null when the expansion exceeded its cap. */
  readonly exactEqual: boolean | null;
  /** Verdict of evaluation at the seeded points (Schwartz–Zippel). */
  readonly evaluatedEqual: boolean | null;
  /**
   * Self-check: residues of the expansion equal residues of the unexpanded
   * answer (null without expansion, or when not asked for with `verifyExpansion`).
   */
  readonly expansionConsistent: boolean | null;
  readonly pathsFound: number;
  readonly pathsTotal: bigint;
  readonly wrongTerms: number;
}

function parseFailed(failure: ParseFailure): ExpressionGrade {
  return {
    correct: false,
    score: 0,
    read: null,
    notes: [failureNote(failure)],
    exactEqual: null,
    evaluatedEqual: null,
    expansionConsistent: null,
    pathsFound: 0,
    pathsTotal: 0n,
    wrongTerms: 0,
  };
}

/** Options of `gradeExpression`. */
export interface GradeOptions {
  /** Also evaluate the expansion at the seeded points and compare (tests and fuzzing; costs a few µs). */
  readonly verifyExpansion?: boolean;
}

/**
 * Grades an expression answer with every intermediate verdict exposed (for
 * tests, the benchmark and the CLI). Never throws for any answer text; throws
 * RangeError only when the target is not in the network.
 */
export function gradeExpression(net: Network, target: Target, answer: string, options: GradeOptions = {}): ExpressionGrade {
  const parsed = parseAnswer(answer);
  if (!parsed.ok) return parseFailed(parsed.failure);
  const { expr } = parsed.answer;
  const read = renderRead(parsed.answer);
  const key = expectedKey(net, target);

  const lhs = lhsNote(parsed.answer, target);
  const atomNotes: Note[] = [];
  const invalid = new Set<string>();
  for (const atom of distinctAtoms(expr)) {
    const verdict = classifyAtom(net, atom);
    if (verdict.ok) continue;
    invalid.add(atomKey(atom));
    if (atomNotes.length < MAX_ATOM_NOTES) atomNotes.push(verdict.note);
  }

  // Parser output is a tree (every node fresh), so evaluation needs no memo.
  const residues = evaluateResidues(expr, { tree: true });
  const evaluatedEqual = residuesEqual(residues, key.residues);
  const expanded = expand(expr, { tree: true });
  const head: Note[] = [...(lhs ? [lhs] : []), ...atomNotes];

  if (!expanded.ok) {
    const correct = evaluatedEqual && invalid.size === 0 && lhs === null;
    const notes = evaluatedEqual
      ? head
      : [
          ...head,
          note(NOTE_CODES.answerNotEquivalent, 'Your answer is too large to compare path by path, and it is not equal to the gradient.'),
        ];
    return {
      correct,
      score: correct ? 1 : 0,
      read,
      notes,
      exactEqual: null,
      evaluatedEqual,
      expansionConsistent: null,
      pathsFound: 0,
      pathsTotal: key.total,
      wrongTerms: 0,
    };
  }
  const poly: Polynomial = expanded.polynomial;
  const expansionConsistent = options.verifyExpansion ? residuesEqual(evaluatePolynomialResidues(poly), residues) : null;

  let found = 0;
  let wrong = 0;
  let signErrors = 0;
  const accounted = new Set<number>();
  const termNotes: Note[] = [];
  const extras: Monomial[] = [];
  let strippedPoly: Polynomial | null | undefined;
  const surviving = new Set<string>();
  for (const m of poly.values()) {
    for (const k of m.keys) surviving.add(k);
    const index = key.byMonomial.get(m.key) ?? -1;
    if (index < 0 && !(key.capped && isPathTo(net, m, key.target))) {
      wrong++;
      extras.push(m);
      continue;
    }
    if (m.coefficient >= 1n) found++;
    if (index >= 0) accounted.add(index);
    if (m.coefficient === 1n) continue;
    const p = key.paths[index];
    const where = p ? p.text : termText(net, { ...m, coefficient: 1n });
    const pathData = p ? p.data : {};
    wrong++;
    if (m.coefficient < 0n) signErrors++;
    if (termNotes.length >= MAX_TERM_NOTES) continue;
    if (m.coefficient < 0n) {
      termNotes.push(
        note(NOTE_CODES.termSign, `The term for the path ${where} has a minus sign${m.coefficient < -1n ? ` and coefficient ${m.coefficient}` : ''}; every path adds with +.`, {
          term: termText(net, m),
          coefficient: m.coefficient.toString(),
          ...pathData,
        }),
      );
      continue;
    }
    if (strippedPoly === undefined) {
      const s = expand(stripCoefficients(expr), { tree: true });
      strippedPoly = s.ok ? s.polynomial : null;
    }
    if (strippedPoly?.get(m.key)?.coefficient === m.coefficient) {
      termNotes.push(
        note(NOTE_CODES.termDuplicate, `The path ${where} appears ${m.coefficient} times; each path counts once.`, {
          term: termText(net, { ...m, coefficient: 1n }),
          times: m.coefficient.toString(),
          ...pathData,
        }),
      );
    } else {
      termNotes.push(
        note(NOTE_CODES.termCoefficient, `The path ${where} ends up with coefficient ${m.coefficient}; each path contributes exactly once, with coefficient 1.`, {
          term: termText(net, { ...m, coefficient: 1n }),
          coefficient: m.coefficient.toString(),
          ...pathData,
        }),
      );
    }
  }

  const missing = key.paths.filter((_, i) => !accounted.has(i));
  const explained = extras.slice(0, Math.max(0, MAX_TERM_NOTES - termNotes.length));
  for (const m of explained) termNotes.push(explainExtra(net, key, m, missing));
  const unexplained = extras.length - explained.length;
  if (unexplained > 0) {
    termNotes.push(note(NOTE_CODES.termExtra, `…and ${unexplained} more term${unexplained === 1 ? '' : 's'} that are not paths to ${renderQuantity(target, 'text')}.`, { more: unexplained }));
  }

  const pathNotes: Note[] = [];
  for (const p of missing.slice(0, MAX_PATH_NOTES)) pathNotes.push(p.missingNote);
  // Paths beyond the enumeration cap, or beyond the listed notes, are summarised by count.
  const missingTotal = key.total - BigInt(found) - BigInt(signErrors);
  const listed = BigInt(Math.min(missing.length, MAX_PATH_NOTES));
  if (missingTotal > listed) {
    const more = missingTotal - listed;
    pathNotes.push(note(NOTE_CODES.pathMissing, `${listed > 0n ? '…and ' : ''}${more} more path${more === 1n ? ' is' : 's are'} missing.`, { more: more.toString() }));
  }

  // Wrong atoms whose terms cancelled still make the answer wrong.
  for (const k of invalid) if (!surviving.has(k)) wrong++;

  const exactEqual = BigInt(found) === key.total && poly.size === found && [...poly.values()].every((m) => m.coefficient === 1n);
  const correct = exactEqual && evaluatedEqual && invalid.size === 0 && lhs === null;
  const total = Number(key.total);
  let score = correct ? 1 : total + wrong > 0 ? found / (total + wrong) : 0;
  if (!correct) {
    if (lhs) score *= WRONG_LHS_FACTOR;
    // A wrong answer never earns full marks, even when every path is there (e.g. a wrong left-hand side).
    score = Math.min(score, 1 - Number.EPSILON);
  }
  return {
    correct,
    score,
    read,
    notes: [...head, ...termNotes, ...pathNotes],
    exactEqual,
    evaluatedEqual,
    expansionConsistent,
    pathsFound: found,
    pathsTotal: key.total,
    wrongTerms: wrong,
  };
}

/**
 * Checks a gradient-expression answer exactly and explains every mistake.
 * Never throws for any answer text (inputs over the length cap get
 * `parse/too-long`); throws RangeError only for a target not in the network.
 * @example checkExpression(net1, { kind: 'neuron', neuron: 4 }, 'dE/dn6 * dn6/dn4') // { correct: true, score: 1, … }
 */
export function checkExpression(net: Network, target: Target, answer: string): CheckResult {
  const { correct, score, read, notes } = gradeExpression(net, target, answer);
  return { correct, score, read, notes };
}

/**
 * Parse-only preview for the phone: how the answer was read, and parse or
 * left-hand-side problems. It never looks at the key, so it cannot reveal
 * missing paths or wrong atoms.
 * @example previewExpression(net1, target, '\\frac{\\partial E}{\\partial n_6}').read?.text // '∂E/∂n_6'
 */
export function previewExpression(_net: Network, target: Target, answer: string): PreviewResult {
  const parsed = parseAnswer(answer);
  if (!parsed.ok) return { read: null, notes: [failureNote(parsed.failure)] };
  const lhs = lhsNote(parsed.answer, target);
  return { read: renderRead(parsed.answer), notes: lhs ? [lhs] : [] };
}

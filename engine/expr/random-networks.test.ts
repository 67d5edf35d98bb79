import { describe, expect, it } from 'vitest';
import type { Atom, Expr, Target } from '../types';
import { atomExpr, atomKey, lossAtom, neuronAtom, productOf, sumOf } from '../atoms';
import type { Rng } from '../rng';
import { createRng } from '../rng';
import type { Network } from '../network';
import { isEdge, isOutput } from '../network';
import { randomNetwork } from '../generators';
import { countPaths, enumeratePaths, pathAtoms } from '../paths';
import { NOTE_CODES } from './notes';
import { MAX_ANSWER_CHARS } from './limits';
import { gradeExpression } from './check-expression';
import { NOTATION_STYLES, randomFactoring, shuffled, writeExpr } from './test-notation';

/** Networks generated; each contributes several targets. */
const NETWORKS = 60;
/** Targets with more paths than this are skipped (answers stay lecture-sized). */
const MAX_TARGET_PATHS = 16n;
/** Targets tried per network. */
const TARGETS_PER_NETWORK = 4;

function allTargets(net: Network): Target[] {
  return [
    ...net.neurons.map((neuron): Target => ({ kind: 'neuron', neuron })),
    ...net.edges.map((e): Target => ({ kind: 'weight', from: e.from, to: e.to })),
    ...net.inputs.map((c): Target => ({ kind: 'inputWeight', input: c.input, neuron: c.neuron })),
    ...net.inputIndices.map((input): Target => ({ kind: 'input', input })),
  ];
}

interface Case {
  readonly seed: number;
  readonly net: Network;
  readonly target: Target;
  readonly paths: Atom[][];
}

function cases(): Case[] {
  const out: Case[] = [];
  for (let seed = 1; seed <= NETWORKS; seed++) {
    const rng = createRng(seed);
    const depth = rng.int(2, 5);
    const outputs = rng.int(1, 3);
    const net = randomNetwork(seed, {
      neurons: rng.int(outputs + depth - 1, 14),
      depth,
      density: 0.3 + rng.next() * 0.5,
      skipConnections: rng.next() * 0.2,
      inputs: rng.int(1, 3),
      outputs,
      innerOutputs: rng.next() * 0.2,
      shuffleIds: rng.next() < 0.5,
    });
    const targets = shuffled(
      allTargets(net).filter((t) => countPaths(net, t) <= MAX_TARGET_PATHS),
      rng,
    ).slice(0, TARGETS_PER_NETWORK);
    for (const target of targets) out.push({ seed, net, target, paths: enumeratePaths(net, target).paths.map(pathAtoms) });
  }
  return out;
}

const CASES = cases();

/** Writes in a random style; verbose LaTeX of the biggest answers can pass the length cap, so those fall back to Unicode. */
function write(expr: Expr, rng: Rng): string {
  const text = writeExpr(expr, rng.pick(NOTATION_STYLES), rng);
  return text.length <= MAX_ANSWER_CHARS ? text : writeExpr(expr, 'unicode', rng);
}

/** Replaces the atom at `[term][factor]` and writes the result. */
function withReplaced(paths: readonly Atom[][], term: number, factor: number, atom: Atom): Atom[][] {
  return paths.map((p, i) => (i === term ? p.map((a, j) => (j === factor ? atom : a)) : [...p]));
}

describe('seeded random networks', () => {
  it('generates a meaningful number of cases', () => {
    expect(CASES.length).toBeGreaterThan(150);
    expect(CASES.some((c) => c.paths.length >= 4)).toBe(true);
  });

  it('accepts generated answers in random notations and random factorings', () => {
    for (const c of CASES) {
      for (let k = 0; k < 4; k++) {
        const rng = createRng(c.seed * 1000 + k);
        const text = write(randomFactoring(c.paths, rng), rng);
        const g = gradeExpression(c.net, c.target, text, { verifyExpansion: true });
        if (!g.correct) throw new Error(`seed ${c.seed}: rejected ${text}: ${g.notes.map((n) => n.message).join(' | ')}`);
        expect(g.score).toBe(1);
        expect(g.exactEqual).toBe(true);
        expect(g.evaluatedEqual).toBe(true);
        expect(g.expansionConsistent).toBe(true);
      }
    }
  });

  it('rejects a dropped path with path/missing and partial credit', () => {
    let tried = 0;
    for (const c of CASES) {
      if (c.paths.length < 2) continue;
      const rng = createRng(c.seed + 17);
      const drop = rng.int(0, c.paths.length - 1);
      const kept = c.paths.filter((_, i) => i !== drop);
      const g = gradeExpression(c.net, c.target, write(randomFactoring(kept, rng), rng));
      expect(g.correct).toBe(false);
      expect(g.notes.map((n) => n.code)).toEqual([NOTE_CODES.pathMissing]);
      expect(g.score).toBeCloseTo((c.paths.length - 1) / c.paths.length, 12);
      expect(g.exactEqual).toBe(false);
      expect(g.evaluatedEqual).toBe(false);
      tried++;
    }
    expect(tried).toBeGreaterThan(30);
  });

  it("rejects a factor's flipped direction with atom/wrong-direction", () => {
    let tried = 0;
    for (const c of CASES) {
      const rng = createRng(c.seed + 29);
      const term = rng.int(0, c.paths.length - 1);
      const factors = (c.paths[term] as Atom[]).map((a, i) => ({ a, i })).filter(({ a }) => a.of.kind === 'neuron' && a.wrt.kind === 'neuron');
      if (factors.length === 0) continue;
      const { a, i } = rng.pick(factors);
      const mutated = withReplaced(c.paths, term, i, { of: a.wrt, wrt: a.of });
      const g = gradeExpression(c.net, c.target, write(randomFactoring(mutated, rng), rng));
      expect(g.correct).toBe(false);
      expect(g.notes.map((n) => n.code)).toContain(NOTE_CODES.atomWrongDirection);
      expect(g.score).toBeLessThan(1);
      tried++;
    }
    expect(tried).toBeGreaterThan(30);
  });

  it('rejects a duplicated term with term/duplicate', () => {
    for (const c of CASES) {
      const rng = createRng(c.seed + 41);
      const dup = rng.pick(c.paths);
      const g = gradeExpression(c.net, c.target, write(sumOf([randomFactoring(c.paths, rng), productOf(dup.map(atomExpr))]), rng));
      expect(g.correct).toBe(false);
      expect(g.notes.map((n) => n.code)).toEqual([NOTE_CODES.termDuplicate]);
      expect(g.score).toBeCloseTo(c.paths.length / (c.paths.length + 1), 12);
    }
  });

  it('rejects a non-adjacent atom with atom/not-adjacent', () => {
    let tried = 0;
    for (const c of CASES) {
      const rng = createRng(c.seed + 53);
      const term = rng.int(0, c.paths.length - 1);
      const path = c.paths[term] as Atom[];
      const idx = path.findIndex((a) => a.of.kind === 'neuron' && a.wrt.kind === 'neuron');
      if (idx < 0) continue;
      const of = (path[idx] as Atom).of;
      if (of.kind !== 'neuron') continue;
      const strangers = c.net.neurons.filter((x) => x !== of.neuron && !isEdge(c.net, x, of.neuron) && !isEdge(c.net, of.neuron, x));
      if (strangers.length === 0) continue;
      const mutated = withReplaced(c.paths, term, idx, neuronAtom(of.neuron, rng.pick(strangers)));
      const g = gradeExpression(c.net, c.target, write(randomFactoring(mutated, rng), rng));
      expect(g.correct).toBe(false);
      expect(g.notes.map((n) => n.code)).toContain(NOTE_CODES.atomNotAdjacent);
      tried++;
    }
    expect(tried).toBeGreaterThan(30);
  });

  it('rejects a wrong output atom with atom/not-output', () => {
    let tried = 0;
    for (const c of CASES) {
      const rng = createRng(c.seed + 67);
      const inner = c.net.neurons.filter((x) => !isOutput(c.net, x));
      if (inner.length === 0) continue;
      const term = rng.int(0, c.paths.length - 1);
      const mutated = withReplaced(c.paths, term, 0, lossAtom(rng.pick(inner)));
      const g = gradeExpression(c.net, c.target, write(randomFactoring(mutated, rng), rng));
      expect(g.correct).toBe(false);
      expect(g.notes.map((n) => n.code)).toContain(NOTE_CODES.atomNotOutput);
      tried++;
    }
    expect(tried).toBeGreaterThan(30);
  });

  it('names the right factor when one factor of one path is swapped for another allowed atom', () => {
    for (const c of CASES) {
      const rng = createRng(c.seed + 79);
      const term = rng.int(0, c.paths.length - 1);
      const path = c.paths[term] as Atom[];
      // Swap the first atom ∂E/∂n_o for another output's, which is allowed but wrong here.
      const first = path[0] as Atom;
      const others = c.net.outputs.filter((o) => first.wrt.kind === 'neuron' && o !== first.wrt.neuron);
      if (others.length === 0) continue;
      const replacement = lossAtom(rng.pick(others));
      const mutated = withReplaced(c.paths, term, 0, replacement);
      const g = gradeExpression(c.net, c.target, write(sumOf(mutated.map((p) => productOf(p.map(atomExpr)))), rng));
      expect(g.correct).toBe(false);
      const extra = g.notes.find((n) => n.code === NOTE_CODES.termExtra);
      expect(extra?.data?.kind).toBe('wrong-factor');
      expect(extra?.data?.factor).toContain(`∂E/∂n_${replacement.wrt.kind === 'neuron' ? replacement.wrt.neuron : ''}`);
      expect(atomKey(replacement)).not.toBe(atomKey(first));
    }
  });
});
